"""A project in a SQLite file: the one door to what only files have.

Behind it: the file checks and upgrades (schema.py, checks.py), the one-writer file lock
(lock.py), the WAL and read-only/immutable connections (engine.py), backups by verified file
copy (backup.py, restore.py) and the risky-location warning (location.py). server/backend_pg.py holds
the PostgreSQL counterparts, with the same functions; Project calls whichever its target needs.
"""

from __future__ import annotations

from pathlib import Path

from .engine import connect as _connect
from ..schema import prepare as _prepare


def prepare(path: Path, create: bool = True, locked: bool = False, thorough: bool = True) -> str:
    return _prepare(path, create, locked=locked, thorough=thorough)


def connect(path: Path, readonly: bool = False):
    return _connect(path, readonly)


def refuse_existing_non_project(path: Path) -> None:
    from ..schema import refuse_existing_non_project as refuse

    refuse(path)


def refuse_read_only(path: Path) -> None:
    from .engine import refuse_read_only as refuse

    refuse(path)


def lock(path: Path, kind: str, wait: float = 0.0):
    from .lock import ProjectLock

    return ProjectLock(path, kind).acquire(wait)


def backup(path: Path, reason: str) -> Path:
    from .backup import make_backup

    return make_backup(path, reason)


def risky_location(path: Path) -> str | None:
    """A warning for a project kept on a network drive or in a synced folder, or None."""
    from .location import risky_location as risky, warning_text

    reason = risky(path)
    return warning_text(reason) if reason else None
