"""The files of a REFI-QDA project: the ``.qdpx`` zip, checked before anything is unpacked, or a
bare ``.qde`` with its ``sources`` folder beside it; and the sources' texts decoded."""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from ....errors import InputRefused
from ...encoding.decode import MAX_TEXT_BYTES, read_capped
from .refi import MAX_MEMBERS, MAX_PROJECT_BYTES, MAX_UNPACKED, PROJECT_FILE, SOURCES_DIR

_DRIVE = re.compile(r"[A-Za-z]:")
_TEXT_LIMIT = MAX_TEXT_BYTES + 4  # (a BOM is not text)


class Project:
    """Where a project's XML and its ``internal://`` files are read from."""

    def __init__(self, path: Path):
        self.path = path
        self.where = str(path)

    def xml(self) -> bytes:
        return read_capped(self.path, MAX_PROJECT_BYTES)

    def internal(self, name: str) -> bytes | None:
        """The bytes of ``internal://<name>``; None when the project does not hold it."""
        folder = self.path.parent
        for part in ("sources", "Sources", ""):
            candidate = folder / part / name if part else folder / name
            if _safe(name) and candidate.is_file():
                return read_capped(candidate, _TEXT_LIMIT)
        return None

    def close(self) -> None:
        pass


class Archive(Project):
    """A ``.qdpx``: refused whole when it has more than MAX_MEMBERS members, declares more than
    MAX_UNPACKED bytes unpacked, or names a member with an absolute path or ``..``; each member
    is read with its own cap (the sizes a zip declares may lie)."""

    def __init__(self, path: Path):
        super().__init__(path)
        try:
            if path.stat().st_size > MAX_UNPACKED:
                raise InputRefused(f"is larger than the {MAX_UNPACKED >> 20} MB limit", self.where)
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, ValueError, NotImplementedError):
            raise InputRefused("is not a readable zip archive (a .qdpx is one)",
                               self.where) from None
        except OSError as exc:
            raise InputRefused(f"cannot be read ({exc.strerror or exc})", self.where) from None
        infos = self.zip.infolist()
        if len(infos) > MAX_MEMBERS:
            self.close()
            raise InputRefused(f"holds more than {MAX_MEMBERS:,} files; refused as a possible "
                               "zip bomb", self.where)
        if sum(i.file_size for i in infos) > MAX_UNPACKED:
            self.close()
            raise InputRefused(f"would unpack to more than {MAX_UNPACKED >> 20} MB; refused as "
                               "a possible zip bomb", self.where)
        for info in infos:
            if not _safe(info.filename):
                self.close()
                raise InputRefused(f"holds a file with an unsafe path {info.filename[:80]!r} "
                                   "(absolute, or with ..)", self.where)
        self.members = {i.filename.lower(): i for i in infos if not i.is_dir()}

    def xml(self) -> bytes:
        top = [i for name, i in self.members.items() if "/" not in name and name.endswith(".qde")]
        chosen = [i for i in top if i.filename.lower() == PROJECT_FILE] or top
        if not chosen:
            raise InputRefused(f"holds no {PROJECT_FILE}, so it is not a REFI-QDA project",
                               self.where)
        if len(chosen) > 1:
            raise InputRefused(f"holds several .qde files and no {PROJECT_FILE}", self.where)
        return self._read(chosen[0], MAX_PROJECT_BYTES)

    def internal(self, name: str) -> bytes | None:
        for candidate in (f"{SOURCES_DIR}/{name}", name):
            info = self.members.get(candidate.lower())
            if info is not None:
                return self._read(info, _TEXT_LIMIT)
        return None

    def _read(self, info: zipfile.ZipInfo, limit: int) -> bytes:
        what = f"{self.where}: {info.filename}"
        if info.file_size > limit:
            raise InputRefused(f"is larger than the {limit >> 20} MB limit", what)
        try:
            with self.zip.open(info) as handle:
                data = handle.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
                RuntimeError) as exc:
            raise InputRefused(f"cannot be unpacked ({exc})", what) from None
        if len(data) > limit:
            raise InputRefused(f"unpacks to more than the {limit >> 20} MB limit", what)
        return data

    def close(self) -> None:
        self.zip.close()


def _safe(name: str) -> bool:
    name = name.replace("\\", "/")
    return not (name.startswith("/") or _DRIVE.match(name) or "\x00" in name
                or ".." in PurePosixPath(name).parts)


def open_project(path: Path) -> Project:
    with open(path, "rb") as handle:
        head = handle.read(512)
    zipped = head.startswith(b"PK\x03\x04")
    if not zipped and path.suffix.lower() == ".qdpx" and b"<" not in head:  # (a .qdpx
        # holding the project's XML itself is read as such)
        raise InputRefused("is not a zip archive, as a .qdpx is (a REFI-QDA project exported "
                           "by QualCoder, ATLAS.ti, MAXQDA or NVivo)", str(path))
    return Archive(path) if zipped else Project(path)


def source_text(data: bytes, where: str) -> str:
    """A source file's text: UTF-8 (a BOM skipped: QualCoder writes one, and does not count it),
    or UTF-16 with a BOM."""
    try:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return data.decode("utf-16")  # (the codec takes the BOM off)
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise InputRefused(f"is not UTF-8 text (byte {exc.start:,})", where) from None


# -- writing: the .qdpx, its project.qde compressed while it is made --------------------------
class Deflater:
    """Raw deflate (level 1) of the pieces given to ``add``, each compressed apart in one of two
    threads (zlib lets go of the interpreter while it compresses: the XML of the next article is
    made meanwhile, and a second core compresses too). Each piece ends in a sync flush, so the
    pieces, a stream compressed apart before them (the project's head, made last) and another
    after them (its tail) chain into one deflate stream, in the order given."""

    def __init__(self) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="refi-deflate")
        self._pieces: list = []

    def add(self, piece: bytes) -> None:
        self._pieces.append(self._pool.submit(deflate, piece, False))

    def finish(self) -> list[bytes]:
        """The compressed pieces in order (a zlib.error or MemoryError of one is raised)."""
        try:
            return [future.result() for future in self._pieces]
        finally:
            self._pool.shutdown(cancel_futures=True)


def deflate(data: bytes, last: bool) -> bytes:
    """``data`` as raw deflate (level 1), ending the stream (``last``) or with a sync flush."""
    compressor = zlib.compressobj(1, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FINISH if last else
                                                        zlib.Z_SYNC_FLUSH)


_SMALL = 0x7FFFFFFF  # (past this a zip needs zip64 records: zipfile writes those)


def write_zip(out, members: list[tuple[str, int, int, list[bytes]]]) -> bool:
    """Write a zip of deflated members, each (name, CRC-32, size, compressed pieces), as
    zipfile.writestr would (the current local time, 0600, made on this system); False, writing
    nothing, when it would need zip64 (the caller then writes it with zipfile)."""
    import struct
    import time

    sizes = [(len(name.encode("utf-8")), sum(map(len, pieces)), size)
             for name, _, size, pieces in members]
    if len(members) >= 0xFFFF or sum(n + c + 100 for n, c, _ in sizes) * 2 >= _SMALL or \
            any(size >= _SMALL for _, _, size in sizes):
        return False
    year, month, day, hour, minute, second = time.localtime()[:6]
    dos_time = hour << 11 | minute << 5 | second // 2
    dos_date = max(0, year - 1980) << 9 | month << 5 | day
    system = zipfile.ZipInfo().create_system
    central, offset = [], 0
    for (name, crc, size, pieces), (_, packed, _) in zip(members, sizes, strict=True):
        raw = name.encode("ascii") if name.isascii() else name.encode("utf-8")
        flags = 0 if name.isascii() else 0x800
        out.write(struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, flags, zipfile.ZIP_DEFLATED,
                              dos_time, dos_date, crc, packed, size, len(raw), 0) + raw)
        for piece in pieces:
            out.write(piece)
        central.append(struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 20, system, 20, 0, flags,
                                   zipfile.ZIP_DEFLATED, dos_time, dos_date, crc, packed, size,
                                   len(raw), 0, 0, 0, 0, 0o600 << 16, offset) + raw)
        offset += 30 + len(raw) + packed
    directory = b"".join(central)
    out.write(directory)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members),
                          len(directory), offset, 0))
    return True
