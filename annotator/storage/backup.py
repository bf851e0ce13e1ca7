"""Verified copies of a project file and their rotation (restoring one: restore.py).

Copies are made with SQLite's backup API (consistent even while the project is in use) into a
temporary file, checked (integrity_check, foreign keys, every text against its hash, every
annotation against its text), fsynced, and only then given their name. They live beside the
project in '<file name>-backups/', named '<file name>.<UTC time>.<reason>.sqlite'.
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
from .checks import check, project_id_of

KEEP_NEWEST = 10            # the last copies, whatever their age
KEEP_DAILY_DAYS = 14        # then the newest copy of each day for two weeks
KEEP_WEEKLY_WEEKS = 8       # then the newest of each week for two months
KEEP_BEFORE = 5             # copies made before an upgrade, merge or bulk delete: kept longer
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
    """Backups live beside the project, in '<file name>-backups/' (the whole name: study.db
    and study.sqlite must not share their copies)."""
    return project.with_name(project.name + "-backups")


def copy_database(source: Path, target: Path, journal_mode: str) -> None:
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
    dest = backup_dir(project) / f"{project.name}.{stamp}.{reason}.sqlite"
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_suffix(".partial")
    try:
        copy_database(project, partial, "DELETE")
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
        if match and match["stem"] == project.name:
            taken = datetime.strptime(match["stamp"], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=timezone.utc)
            found.append(Backup(path, taken, match["reason"], path.stat().st_size))
    return sorted(found, key=lambda b: b.taken, reverse=True)


def newest_good_backup(project: Path, project_id: str | None = None) -> Backup | None:
    """The newest copy that passes its check (and, when known, is of the same project)."""
    for backup in list_backups(project):
        if backup.reason in ("damaged", "replaced") or check(backup.path) != "ok":
            continue
        if project_id is None or project_id_of(backup.path) in (None, project_id):
            return backup
    return None


def rotate(project: Path, now: datetime | None = None) -> list[Path]:
    """Delete copies the policy no longer needs; returns what was deleted. Copies set aside by a
    restore (damaged, replaced) are never deleted here."""
    now = now or datetime.now(timezone.utc)
    backups = [b for b in list_backups(project) if b.reason not in ("damaged", "replaced")]
    keep: set[Path] = {b.path for b in backups[:KEEP_NEWEST]}
    # A copy made just before a risky operation is what undoing it needs: several are kept
    # whatever came after them.
    protected = {b.path for b in [b for b in backups if b.reason.startswith("before-")][:KEEP_BEFORE]}
    keep |= protected
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
    # A bound on the total size: the oldest ordinary copies go first, then protected ones;
    # the newest copy always stays.
    total = sum(b.size for b in backups if b.path in keep)
    for group in ([b for b in reversed(backups) if b.path not in protected],
                  [b for b in reversed(backups) if b.path in protected]):
        for b in group:
            if total <= MAX_TOTAL_BYTES:
                break
            if b.path in keep and b is not backups[0]:
                keep.discard(b.path)
                total -= b.size
    deleted = [b.path for b in backups if b.path not in keep]
    # Copies cut short by a crash: old enough that no backup can still be writing them.
    for partial in backup_dir(project).glob(f"{project.name}.*.partial"):
        if now.timestamp() - partial.stat().st_mtime > 3600:
            deleted.append(partial)
    for path in deleted:
        path.unlink(missing_ok=True)
    return deleted
