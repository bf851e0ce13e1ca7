"""Writing the many files of a folder export (brat: a .txt and a .ann per article) each as
fileutil.atomic_write does (a temporary file beside it, fsynced, renamed into place, the mode
of a file replaced kept), but together: every temporary file is written first, then they are
fsynced from a few threads at once (the filesystem commits them together: a journal commit
per file was most of brat's export time), renamed, and the folder fsynced once.

A name that exists and is not a regular file (a symbolic link, a device) goes through
atomic_write alone, which knows what to do with it.
"""

from __future__ import annotations

import os
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ....errors import AnnotatorError
from ....fileutil import (_prefix, _sync_folder, _take_over, atomic_write,
                        remove_stale_temporaries, writer_tag)

__all__ = ["write_files"]

_THREADS = 8


def write_files(folder: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` (name -> bytes) into ``folder``, which exists."""
    names = set(os.listdir(folder))
    if any(name.endswith(".tmp") for name in names):
        for name in files:
            remove_stale_temporaries(folder / name)
    together: list[tuple[Path, bytes]] = []
    for name, data in files.items():
        target = folder / name
        if name in names and not stat.S_ISREG(os.lstat(target).st_mode):
            with atomic_write(target) as handle:
                handle.write(data)
        else:
            together.append((target, data))
    tag = writer_tag()
    written: list[tuple[Path, Path]] = []  # (temporary, target)
    open_fds: list[int] = []
    try:
        for target, data in together:
            tmp = target.with_name(f"{_prefix(target.name)}{tag}-{os.urandom(4).hex()}.tmp")
            open_fds.append(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL |
                                    getattr(os, "O_BINARY", 0), 0o600))
            written.append((tmp, target))
            view = memoryview(data)
            while view:
                view = view[os.write(open_fds[-1], view):]
        with ThreadPoolExecutor(min(_THREADS, len(open_fds) or 1)) as pool:
            list(pool.map(os.fsync, open_fds))
        while open_fds:
            os.close(open_fds.pop())
        for tmp, target in written:
            _take_over(tmp, target)
            os.replace(tmp, target)
        if written:
            _sync_folder(folder)
    except OSError as exc:
        raise AnnotatorError(f"{exc.filename or folder}: cannot be written "
                             f"({exc.strerror or exc})") from None
    finally:
        for fd in open_fds:
            os.close(fd)
        for tmp, _ in written:
            if os.path.lexists(tmp):
                os.unlink(tmp)
