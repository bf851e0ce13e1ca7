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
from datetime import datetime, timezone
from pathlib import Path

from ..errors import ProjectError
from .backup import backup_dir, copy_database
from .checks import check, identity, connect_ro, project_id_of

OUR_TABLES = {"articles", "annotations", "tags", "annotators", "alembic_version"}


def _fsync_copy(source: Path, target: Path) -> None:
    shutil.copyfile(source, target)
    with open(target, "rb") as handle:
        os.fsync(handle.fileno())


def _checkpoint(project: Path) -> None:
    import sqlite3

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
    result = check(backup, full=True)
    if result != "ok":
        raise ProjectError(f"{backup}: this backup is not usable ({result})")
    con = connect_ro(backup)
    try:
        tables, backup_id = identity(con)
    finally:
        con.close()
    if not OUR_TABLES <= tables:
        raise ProjectError(f"{backup}: is not a backup of an annotator project")
    current_id = project_id_of(project) if project.exists() else None
    if current_id and backup_id and current_id != backup_id:
        raise ProjectError(f"{backup}: is a backup of another project (id {backup_id}); this one "
                           f"is {current_id}. Open it with --db instead of restoring it here.")
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    partial = project.with_name(f".{project.name}.restoring")
    try:
        copy_database(backup, partial, "WAL")
        aside = None
        if project.exists():
            folder = backup_dir(project)
            folder.mkdir(parents=True, exist_ok=True)
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
    except OSError as exc:
        raise ProjectError(f"could not restore {backup} to {project}: {exc.strerror or exc}") from None
    finally:
        partial.unlink(missing_ok=True)
