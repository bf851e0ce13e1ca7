"""Verified copies of a project file, their rotation, and restoring one.

Copies are made with SQLite's backup API (consistent even while the project is in use) into a
temporary file, checked with integrity_check, fsynced, and only then given their name. They live
beside the project in '<name>-backups/', named '<name>.<UTC time>.<reason>.sqlite'.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import quote

from ..errors import ProjectError

KEEP_NEWEST = 10            # the last copies, whatever their age
KEEP_DAILY_DAYS = 14        # then the newest copy of each day for two weeks
KEEP_WEEKLY_WEEKS = 8       # then the newest of each week for two months
KEEP_UPGRADES = 3           # copies made before schema upgrades are kept longer
MAX_TOTAL_BYTES = 2 * 1024 ** 3
_NAME = re.compile(r"^(?P<stem>.+)\.(?P<stamp>\d{8}T\d{12}Z)\.(?P<reason>[a-z-]+)\.sqlite$")


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: datetime
    reason: str
    size: int

    def describe(self) -> str:
        local = self.taken.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        return f"{local} ({self.reason}, {self.size / 1e6:.1f} MB)"


def backup_dir(project: Path) -> Path:
    """Backups live beside the project, in '<name>-backups/'."""
    return project.with_name(project.stem + "-backups")


def connect_ro(path: Path) -> sqlite3.Connection:
    """A read-only connection that creates nothing beside the file: without a -wal, immutable;
    with a -wal but no -shm (nobody has it open), in exclusive locking mode, which keeps the
    WAL index in memory instead of creating a -shm file."""
    uri = f"file:{quote(str(path))}?mode=ro"
    if not Path(f"{path}-wal").exists():
        return sqlite3.connect(uri + "&immutable=1", uri=True)
    con = sqlite3.connect(uri, uri=True)
    if not Path(f"{path}-shm").exists():
        con.execute("PRAGMA locking_mode = EXCLUSIVE")
    return con


def check(path: Path, full: bool = False) -> str:
    """'ok', or what SQLite's quick_check (integrity_check with ``full``) finds wrong.
    Opens the file read-only: checking never writes to it."""
    try:
        con = connect_ro(path)
        try:
            rows = con.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check").fetchall()
            problems = [r[0] for r in rows if r[0] != "ok"]
            if not problems:
                bad_keys = con.execute("PRAGMA foreign_key_check").fetchall()
                if bad_keys:
                    problems.append(f"{len(bad_keys)} rows point at missing rows")
        finally:
            con.close()
    except sqlite3.Error as exc:
        return str(exc)
    return "ok" if not problems else "; ".join(problems[:3])


def _identity(con: sqlite3.Connection) -> tuple:
    tables = frozenset(r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'"))
    project_id = None
    if "project_info" in tables:
        row = con.execute("SELECT value FROM project_info WHERE key = 'project_id'").fetchone()
        project_id = row[0] if row else None
    return tables, project_id


def wal_mismatch(path: Path) -> str | None:
    """A -wal file beside ``path`` that does not belong to it (copied from elsewhere, left by
    another database) would be replayed into it. Compare what the file says it is with and
    without the -wal; None when they agree (a normal -wal after a crash, say)."""
    if not Path(f"{path}-wal").exists():
        return None
    try:
        alone = sqlite3.connect(f"file:{quote(str(path))}?mode=ro&immutable=1", uri=True)
        try:
            before = _identity(alone)
        finally:
            alone.close()
        both = connect_ro(path)
        try:
            after = _identity(both)
        finally:
            both.close()
    except sqlite3.Error as exc:
        return f"its -wal file cannot be read ({exc})"
    if before[0] and (before[0] - after[0] or (before[1] and before[1] != after[1])):
        return "the -wal file beside it belongs to another database"
    return None


def _copy(source: Path, target: Path, journal_mode: str) -> None:
    """A consistent copy with SQLite's backup API (the source may be in use), fsynced."""
    reader = sqlite3.connect(f"file:{quote(str(source))}?mode=ro", uri=True)
    try:
        writer = sqlite3.connect(target)
        try:
            reader.backup(writer)
            writer.execute(f"PRAGMA journal_mode = {journal_mode}")
        finally:
            writer.close()
    finally:
        reader.close()
    with open(target, "rb") as handle:
        os.fsync(handle.fileno())


def make_backup(project: Path, reason: str, rotate_after: bool = True) -> Path:
    """Copy ``project`` into its backup folder; the copy is checked before it is named."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    dest = backup_dir(project) / f"{project.stem}.{stamp}.{reason}.sqlite"
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_suffix(".partial")
    try:
        _copy(project, partial, "DELETE")
        result = check(partial, full=True)
        if result != "ok":
            raise ProjectError(f"the backup of {project} failed its check ({result})")
        os.replace(partial, dest)
    except sqlite3.Error as exc:
        raise ProjectError(f"could not back up {project}: {exc}") from None
    except OSError as exc:
        raise ProjectError(f"could not back up {project} into {dest.parent}: "
                           f"{exc.strerror or exc}") from None
    finally:
        partial.unlink(missing_ok=True)
    if rotate_after:
        rotate(project)
    return dest


def list_backups(project: Path) -> list[Backup]:
    """The project's backups, newest first."""
    found = []
    folder = backup_dir(project)
    if not folder.is_dir():
        return []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match and match["stem"] == project.stem:
            taken = datetime.strptime(match["stamp"], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=timezone.utc)
            found.append(Backup(path, taken, match["reason"], path.stat().st_size))
    return sorted(found, key=lambda b: b.taken, reverse=True)


def newest_good_backup(project: Path) -> Backup | None:
    for backup in list_backups(project):
        if backup.reason not in ("damaged", "replaced") and check(backup.path) == "ok":
            return backup
    return None


def rotate(project: Path, now: datetime | None = None) -> list[Path]:
    """Delete copies the policy no longer needs; returns what was deleted. Copies set aside by a
    restore (damaged, replaced) are never deleted here."""
    now = now or datetime.now(timezone.utc)
    backups = [b for b in list_backups(project) if b.reason not in ("damaged", "replaced")]
    keep: set[Path] = {b.path for b in backups[:KEEP_NEWEST]}
    keep |= {b.path for b in [b for b in backups if b.reason == "before-upgrade"][:KEEP_UPGRADES]}
    seen_days, seen_weeks = set(), set()
    for b in backups:  # newest first: the first seen of each day/week is kept
        age = now - b.taken
        day, week = b.taken.date(), b.taken.isocalendar()[:2]
        if age <= timedelta(days=KEEP_DAILY_DAYS) and day not in seen_days:
            seen_days.add(day)
            keep.add(b.path)
        elif age <= timedelta(weeks=KEEP_WEEKLY_WEEKS) and week not in seen_weeks:
            seen_weeks.add(week)
            keep.add(b.path)
    total = 0
    for b in backups:  # a size bound over all: the oldest go first
        if b.path in keep:
            total += b.size
            if total > MAX_TOTAL_BYTES and b is not backups[0]:
                keep.discard(b.path)
    deleted = [b.path for b in backups if b.path not in keep]
    # Copies cut short by a crash: old enough that no backup can still be writing them.
    for partial in backup_dir(project).glob(f"{project.stem}.*.partial"):
        if now.timestamp() - partial.stat().st_mtime > 3600:
            deleted.append(partial)
    for path in deleted:
        path.unlink(missing_ok=True)
    return deleted


def restore(project: Path, backup: Path, damaged: bool = False) -> Path | None:
    """Put a backup in the project's place. The current file (if any) is first moved into the
    backup folder as '<name>.<time>.damaged.sqlite' or '.replaced.sqlite', never deleted.
    Returns where it went. The caller holds the project lock."""
    result = check(backup, full=True)
    if result != "ok":
        raise ProjectError(f"{backup}: this backup is not usable ({result})")
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    partial = project.with_name(f".{project.name}.restoring")
    try:
        _copy(backup, partial, "WAL")
        aside = None
        if project.exists():
            folder = backup_dir(project)
            folder.mkdir(parents=True, exist_ok=True)
            kind = "damaged" if damaged else "replaced"
            aside = folder / f"{project.stem}.{stamp}.{kind}.sqlite"
            os.replace(project, aside)
            for suffix in ("-wal", "-shm"):
                side = Path(f"{project}{suffix}")
                if side.exists():
                    os.replace(side, Path(f"{aside}{suffix}"))
        os.replace(partial, project)
        return aside
    except (sqlite3.Error, OSError) as exc:
        raise ProjectError(f"could not restore {backup} to {project}: {exc}") from None
    finally:
        partial.unlink(missing_ok=True)
