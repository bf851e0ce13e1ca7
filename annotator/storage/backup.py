"""Verified copies of a project file with SQLite's backup API (consistent even while in use)."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from ..errors import ProjectError


def backup_dir(project: Path) -> Path:
    """Backups live beside the project, in '<name>-backups/'."""
    return project.with_name(project.stem + "-backups")


def backup_name(project: Path, reason: str) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    return backup_dir(project) / f"{project.stem}.{stamp}.{reason}.sqlite"


def make_backup(project: Path, reason: str) -> Path:
    """Copy ``project`` into its backup folder; the copy is checked before it is given its name."""
    dest = backup_name(project, reason)
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_suffix(".partial")
    try:
        source = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
        try:
            target = sqlite3.connect(partial)
            try:
                source.backup(target)
                target.execute("PRAGMA journal_mode = DELETE")
                result = target.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                target.close()
        finally:
            source.close()
        if result != "ok":
            raise ProjectError(f"the backup of {project} failed its check ({result})")
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, dest)
    except sqlite3.Error as exc:
        raise ProjectError(f"could not back up {project}: {exc}") from None
    finally:
        partial.unlink(missing_ok=True)
    return dest
