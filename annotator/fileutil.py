"""Writing files so that a crash never leaves a half-written one under the final name, and
recognising what a writer killed on the way left behind."""

from __future__ import annotations

import glob
import os
import re
import stat
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .errors import AnnotatorError

STALE_AFTER = 3600.0  # seconds: a leftover this old has no writer still at it
_MAX_LINKS = 40
_FD_FOLDER = re.compile(r"/proc/(self|\d+)(/task/\d+)?/fd|/dev/fd")
_TAG = re.compile(r"(?P<host>[0-9a-f]{6})-(?P<pid>\d+)")
_MKSTEMP = re.compile(r"[a-z0-9_]{8}")  # the names of the previous version (tempfile.mkstemp)


def writer_tag(pid: int | None = None) -> str:
    """'<host digest>-<pid>': put in a working file's name, it says who is writing it."""
    import zlib  # (no hashlib or socket: every export would pay 7 ms to import them)

    name = os.uname().nodename if hasattr(os, "uname") else os.environ.get("COMPUTERNAME", "")
    host = f"{zlib.crc32(name.encode('utf-8', 'replace')) & 0xFFFFFF:06x}"
    return f"{host}-{os.getpid() if pid is None else pid}"


def _alive(pid: int) -> bool:
    if sys.platform == "win32":  # os.kill would end the process there; rely on age only
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def is_stale(tag: str | None, mtime: float, now: float | None = None) -> bool:
    """Whether a leftover named with ``tag`` (see writer_tag; None for an older name) and last
    written at ``mtime`` can be removed: its writer, on this host, is dead, or it is over an hour
    old."""
    now = time.time() if now is None else now
    if now - mtime > STALE_AFTER:
        return True
    match = _TAG.fullmatch(tag or "")
    if match is None or match["host"] != writer_tag(0).split("-")[0]:
        return False
    return int(match["pid"]) != os.getpid() and not _alive(int(match["pid"]))


def _prefix(name: str) -> str:
    return f".{name[:120]}."


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Remove the temporary files of earlier writes to ``target`` whose writer is gone."""
    prefix = _prefix(target.name)
    removed = []
    for leftover in target.parent.glob(glob.escape(prefix) + "*.tmp"):
        middle = leftover.name[len(prefix):-len(".tmp")]
        tag = middle.rsplit("-", 1)[0] if _TAG.match(middle) else None
        if tag is None and not _MKSTEMP.fullmatch(middle):
            continue  # not a name we make
        try:
            info = leftover.lstat()
            if stat.S_ISREG(info.st_mode) and is_stale(tag, info.st_mtime):
                leftover.unlink()
                removed.append(leftover)
        except OSError:
            pass
    return removed


def _destination(path: Path) -> tuple[Path, bool]:
    """Where writing ``path`` really goes, following symbolic links (the links stay), and
    whether to write into it directly: a device, a pipe, or a descriptor such as /dev/stdout."""
    current = Path(os.path.abspath(path))
    for _ in range(_MAX_LINKS):
        folder = os.path.realpath(current.parent)
        current = Path(folder) / current.name
        if _FD_FOLDER.fullmatch(folder):
            return current, True  # /dev/stdout and friends: the kernel knows where they go
        if not current.is_symlink():
            break
        current = current.parent / os.readlink(current)
    else:
        raise AnnotatorError(f"{path}: is a symbolic link loop")
    try:
        info = current.stat()
    except FileNotFoundError:
        return current, False
    except OSError as exc:
        raise AnnotatorError(f"{path}: cannot be written ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise AnnotatorError(f"{path}: is a folder; give a file name")
    if stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode):
        return current, True
    if not stat.S_ISREG(info.st_mode):
        raise AnnotatorError(f"{path}: is not a regular file, a pipe or a character device "
                             "(a block device or a socket); nothing was written")
    return current, False


@contextmanager
def _write_directly(path: Path, target: Path) -> Iterator[BinaryIO]:
    match = re.fullmatch(r"/proc/(\d+)/fd/(\d+)", str(target))
    try:
        if match and int(match[1]) == os.getpid():
            fd = os.dup(int(match[2]))  # our own descriptor: write where it writes (a pipe...)
        else:
            fd = os.open(target, os.O_WRONLY | os.O_APPEND)
    except OSError as exc:
        raise AnnotatorError(f"{path}: cannot be written ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
    except BrokenPipeError:
        raise  # `export -o /dev/stdout | head`: as for standard output, not a failure
    except OSError as exc:
        raise AnnotatorError(f"{path}: cannot be written ({exc.strerror or exc})") from None


def _take_over(tmp: Path, target: Path) -> None:
    """Give the temporary file the mode (and owner, where allowed) of the file it replaces; a
    new file gets the usual mode for the umask (the temporary one's 0600 is for it alone)."""
    try:
        info = target.stat()
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        return
    if hasattr(os, "chown") and (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
        try:
            os.chown(tmp, info.st_uid, info.st_gid)
        except OSError:
            pass  # only root gives files away; the content is what matters
    os.chmod(tmp, stat.S_IMODE(info.st_mode))


@contextmanager
def atomic_write(path: Path) -> Iterator[BinaryIO]:
    """Write ``path`` so that it is never half written: into a temporary file beside it, then
    fsynced and renamed into place, keeping the mode and owner of the file replaced. Through a
    symbolic link, the link's final target is written and the link stays; a device, a pipe or
    /dev/stdout is written into directly."""
    path = Path(path)
    target, direct = _destination(path)
    if direct:
        with _write_directly(path, target) as handle:
            yield handle
        return
    remove_stale_temporaries(target)
    tmp = target.with_name(f"{_prefix(target.name)}{writer_tag()}-{os.urandom(4).hex()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    except OSError as exc:
        raise AnnotatorError(f"{path}: cannot be written ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _take_over(tmp, target)
        os.replace(tmp, target)
        _sync_folder(target.parent)
    except OSError as exc:
        raise AnnotatorError(f"{path}: cannot be written ({exc.strerror or exc})") from None
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); nothing to do where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
