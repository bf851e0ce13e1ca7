"""Putting a backup in a project's place, so that no moment of it can lose the project.

Order: (1) the chosen copy is checked and written beside the project under a temporary name;
(2) the current file, with its -wal, is copied into the backup folder ('…replaced.sqlite' or
'…damaged.sqlite'), never deleted; (3) a sound current file gets its -wal checkpointed into it,
and any -wal and -shm are removed, so they cannot be replayed into the restored file; (4) the
copy is renamed over the project, atomically. A crash before (4)
leaves the current project in place (and its latest work in the set-aside copy); after it, the
restored one. The caller holds the project's lock.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from datetime import datetime, UTC
from pathlib import Path

from ...errors import ProjectError
from .backup import (backup_dir, backup_problem, copy_database, make_backup_folder,
                     remove_with_side_files)
from .checks import project_id_of


def _fsync_copy(source: Path, target: Path) -> None:
    shutil.copyfile(source, target)
    with open(target, "rb") as handle:
        os.fsync(handle.fileno())


def _checkpoint(project: Path) -> None:
    try:
        con = sqlite3.connect(project)
        try:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()
    except sqlite3.Error:
        pass  # the set-aside copy has the -wal; the restore goes on


def restore(project: Path, backup: Path, damaged: bool = False) -> Path | None:
    """Put ``backup`` in the place of ``project``; returns where the replaced file was kept."""
    problem = backup_problem(backup, full=True)
    if problem:
        raise ProjectError(f"{backup}: this backup is not usable ({problem})")
    backup_id = project_id_of(backup)
    current_id = project_id_of(project) if project.exists() else None
    if current_id and backup_id and current_id != backup_id:
        raise ProjectError(f"{backup}: is a backup of another project (id {backup_id}); this one "
                           f"is {current_id}. Open it with --db instead of restoring it here.")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    partial = project.with_name(f".{project.name}.restoring")
    try:
        if os.path.lexists(partial):  # left by a restore that was killed
            partial.unlink()
        copy_database(backup, partial, "WAL")
        aside = None
        if project.exists():
            os.chmod(partial, stat.S_IMODE(project.stat().st_mode))
            folder = backup_dir(project)
            make_backup_folder(folder)
            aside = folder / f"{project.name}.{stamp}.{'damaged' if damaged else 'replaced'}.sqlite"
            _fsync_copy(project, aside)
            wal = Path(f"{project}-wal")
            if wal.exists():
                _fsync_copy(wal, Path(f"{aside}-wal"))
            if not damaged:  # fold its -wal in, so that a crash from here on loses nothing
                _checkpoint(project)
        for suffix in ("-wal", "-shm"):
            Path(f"{project}{suffix}").unlink(missing_ok=True)
        os.replace(partial, project)
        return aside
    except sqlite3.Error as exc:
        raise ProjectError(f"{partial}: could not restore {backup} through this copy ({exc}); "
                           "the project file was not replaced") from None
    except OSError as exc:
        raise ProjectError(f"{exc.filename or project.parent}: could not restore {backup} "
                           f"({exc.strerror or exc}); the project file was not replaced") from None
    finally:
        remove_with_side_files(partial)
