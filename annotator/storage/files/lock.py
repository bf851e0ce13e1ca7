"""One program writing a project at a time: an OS file lock beside the project file.

The lock is the operating system's (flock on Unix, msvcrt on Windows), so it dies with the
process: a crashed window never leaves the project locked. The lock file also says who holds
it, so that the second program can say so clearly.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from pathlib import Path
from typing import BinaryIO

from ...errors import ProjectError
from ...paths import lock_path

WINDOWS = sys.platform == "win32"  # (where no file held open can be removed)


def _host() -> str:
    """This computer's name (what socket.gethostname gives, without importing socket)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket  # pragma: no cover - Windows

    return socket.gethostname()


class ProjectLocked(ProjectError):
    def __init__(self, path: Path, holder: dict, wanted: str = "cli"):
        self.holder = holder
        window = holder.get("kind") == "window"
        who = "an annotator window" if window else "another annotator command"
        host = holder.get("host")
        where = f"process {holder.get('pid', '?')}" + (
            f" on {host}" if host and host != _host() else "")
        if not window:
            hint = "wait for it to finish and try again"
        elif wanted == "window":
            hint = "switch to that window, or close it before opening the project here"
        else:
            hint = "close it first, or use File › Import in that window"
        super().__init__(f"{path}: is already open in {who} ({where}); {hint}. Reading "
                         "commands (list, export) work meanwhile.")




def _try_lock(handle) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            handle.seek(1 << 16)  # far past the holder's note, which others must read
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


class ProjectLock:
    def __init__(self, project: Path, kind: str):
        self.project, self.kind = project, kind
        self.path = lock_path(project)
        self._handle: BinaryIO | None = None
        self.made = False  # (acquire made the lock file)

    def acquire(self, wait: float = 0.0) -> ProjectLock:
        """Take the lock; wait up to ``wait`` seconds for another command (never for a window)."""
        handle = self._open()
        deadline = time.monotonic() + wait
        while not _try_lock(handle) or not self._still_there(handle):
            if handle.closed:  # (the file was removed while we waited: lock the one there now)
                handle = self._open()
                continue
            holder = self.holder()
            if holder.get("kind") == "window" or time.monotonic() >= deadline:
                handle.close()
                raise ProjectLocked(self.project, holder, self.kind)
            time.sleep(0.05)
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"pid": os.getpid(), "host": _host(),
                                 "kind": self.kind}).encode())
        handle.flush()
        self._handle = handle
        return self

    def _open(self) -> BinaryIO:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.made = not self.path.exists()
            return open(self.path, "a+b")  # (held open: it is the lock)
        except OSError as exc:
            raise ProjectError(f"{self.path}: cannot be written ({exc.strerror or exc}); "
                               "the project cannot be opened for writing here") from None

    def _still_there(self, handle: BinaryIO) -> bool:
        """Whether the file locked is still the lock file (not removed by a holder that made it
        and could not open the project: ProjectLock.discard); closes it when not."""
        try:
            same = os.path.samestat(os.fstat(handle.fileno()), os.stat(self.path))
        except OSError:
            same = False
        if not same:
            handle.close()
        return same

    def holder(self) -> dict:
        try:
            return json.loads(self.path.read_bytes() or b"{}")
        except (OSError, ValueError):
            return {}

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing drops the OS lock
            self._handle = None

    def discard(self) -> None:
        """Release, and remove the lock file when acquire made it: a project that could not be
        opened (not one, or nothing to restore) leaves nothing beside the file."""
        made = self._handle is not None and self.made
        if made and not WINDOWS:
            with contextlib.suppress(OSError):  # (while still held; one waiting for it finds
                self.path.unlink()  # the file gone once it has it, and takes the new one)
        self.release()
        if made and WINDOWS:  # (Windows removes no file held open: after)
            with contextlib.suppress(OSError):
                self.path.unlink()

    def __enter__(self) -> ProjectLock:
        return self if self._handle is not None else self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
