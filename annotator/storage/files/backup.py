"""Verified copies of a project file and their rotation (restoring one: restore.py).

Copies are made with SQLite's backup API (consistent even while the project is in use) into a
temporary file, checked (integrity_check, foreign keys, every text against its hash, every
annotation against its text), fsynced, and only then given their name. They live beside the
project in '<file name>-backups/', named '<file name>.<UTC time>.<reason>.sqlite'. A copy being
made is '<that name without .sqlite>.<host digest>-<pid>.partial', so that a copy whose writer was
killed is recognised (and removed, with its -journal) at the next rotation.
"""

from __future__ import annotations

import glob
import os
import re
import sqlite3
from typing import NamedTuple
from datetime import datetime, timedelta, UTC
from pathlib import Path
from urllib.parse import quote

from ...errors import ProjectError
from ...paths import backup_dir
from ...fileutil import is_stale, writer_tag
from .checks import OUR_TABLES, SQLITE_MAGIC, check, connect_ro, identity, project_id_of

KEEP_NEWEST = 10            # the last copies, whatever their age
KEEP_DAILY_DAYS = 14        # then the newest copy of each day for two weeks
KEEP_WEEKLY_WEEKS = 8       # then the newest of each week for two months
KEEP_BEFORE = 5             # copies made before an upgrade, merge or bulk delete: kept longer
MAX_TOTAL_BYTES = 2 * 1024 ** 3
_NAME = re.compile(r"^(?P<stem>.+)\.(?P<stamp>\d{8}T\d{12}Z)\.(?P<reason>[a-z-]+)\.sqlite$")
_PARTIAL = re.compile(r"\.(?:(?P<tag>[0-9a-f]{6}-\d+)\.)?partial(?:-journal|-wal|-shm)?$")
_SIDE_FILES = ("-journal", "-wal", "-shm")


class Backup(NamedTuple):
    path: Path
    taken: datetime
    reason: str
    size: int

    def describe(self) -> str:
        local = self.taken.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        return f"{local} ({self.reason}, {self.size / 1e6:.1f} MB)"




def copy_database(source: Path, target: Path, journal_mode: str) -> None:
    """A consistent copy with SQLite's backup API (the source may be in use), fsynced. The
    target is created first, so that a place where it cannot be written gives an OSError that
    says why (SQLite's own message is only 'unable to open database file')."""
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666))
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


def remove_with_side_files(path: Path) -> None:
    """Remove a working copy and the -journal, -wal and -shm SQLite may have left beside it."""
    for leftover in (path, *(Path(f"{path}{suffix}") for suffix in _SIDE_FILES)):
        try:
            leftover.unlink(missing_ok=True)
        except OSError:
            pass


def make_backup_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise ProjectError(f"{folder}: is not a folder (a file has its name), so no backup can "
                           "be kept there; move that file away") from None
    except OSError as exc:
        raise ProjectError(f"{folder}: the backup folder cannot be made "
                           f"({exc.strerror or exc})") from None


def make_backup(project: Path, reason: str, rotate_after: bool = True) -> Path:
    """Copy ``project`` into its backup folder; the copy is checked before it is named."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    folder = backup_dir(project)
    dest = folder / f"{project.name}.{stamp}.{reason}.sqlite"
    partial = folder / f"{project.name}.{stamp}.{reason}.{writer_tag()}.partial"
    make_backup_folder(folder)
    try:
        copy_database(project, partial, "DELETE")
        result = check(partial, full=True)
        if result != "ok":
            raise ProjectError(f"{project}: its backup copy failed its check ({result}); the "
                               "copy was not kept")
        os.replace(partial, dest)
    except sqlite3.Error as exc:
        raise ProjectError(f"{project}: could not be backed up ({exc})") from None
    except OSError as exc:
        raise ProjectError(f"{folder}: a backup cannot be written there "
                           f"({exc.strerror or exc})") from None
    finally:
        remove_with_side_files(partial)
    if rotate_after:
        rotate(project)
    return dest


def list_backups(project: Path) -> list[Backup]:
    """The project's backups, newest first."""
    found = []
    folder = backup_dir(project)
    try:
        entries = list(folder.iterdir()) if folder.is_dir() else []
    except OSError:
        return []
    for path in entries:
        match = _NAME.match(path.name)
        if match and match["stem"] == project.name:
            taken = datetime.strptime(match["stamp"], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
            try:
                found.append(Backup(path, taken, match["reason"], path.stat().st_size))
            except OSError:
                continue  # removed meanwhile
    return sorted(found, key=lambda b: b.taken, reverse=True)


def backup_problem(path: Path, full: bool = False) -> str | None:
    """None for a copy that can be restored; else what is wrong with it. SQLite finds nothing
    wrong with an empty file (an empty database) or another program's database: both are
    refused here, as is a copy of a project that lacks its id."""
    try:
        with open(path, "rb") as handle:
            head, size = handle.read(16), os.fstat(handle.fileno()).st_size
    except OSError as exc:
        return f"it cannot be read: {exc.strerror or exc}"
    if size == 0:
        return "an empty file"
    if head != SQLITE_MAGIC:
        return "not a SQLite database"
    result = check(path, full=full)
    if result != "ok":
        return result
    try:
        con = connect_ro(path)
        try:
            tables, project_id = identity(con)
        finally:
            con.close()
    except sqlite3.Error as exc:
        return str(exc)
    if not tables >= OUR_TABLES:
        return "not a backup of an annotator project"
    if "project_info" in tables and not project_id:  # (copies from before 0002 have no table)
        return "no project id"
    return None


def newest_good_backup(project: Path, project_id: str | None = None) -> Backup | None:
    """The newest copy that passes its check (and, when known, is of the same project)."""
    for backup in list_backups(project):
        if backup.reason in ("damaged", "replaced") or backup_problem(backup.path):
            continue
        if project_id is None or project_id_of(backup.path) in (None, project_id):
            return backup
    return None


def rotate(project: Path, now: datetime | None = None) -> list[Path]:
    """Delete copies the policy no longer needs; returns what was deleted. Copies set aside by a
    restore (damaged, replaced) are never deleted here."""
    now = now or datetime.now(UTC)
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
    # Copies cut short by a kill (and SQLite's -journal beside them): their writer is gone, or
    # they are old enough that no backup can still be writing them.
    for partial in backup_dir(project).glob(glob.escape(project.name) + ".*.partial*"):
        match = _PARTIAL.search(partial.name)
        try:
            if match and is_stale(match["tag"], partial.lstat().st_mtime, now.timestamp()):
                deleted.append(partial)
        except OSError:
            continue
    gone = []
    for path in deleted:
        try:
            path.unlink(missing_ok=True)
            gone.append(path)
        except OSError:
            pass  # a read-only folder: nothing is lost by keeping a copy
    return gone
