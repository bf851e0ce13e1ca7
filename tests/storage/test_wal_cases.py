"""A -wal file in every state it can be found in (issue 7, cases 2, 3 and 5): cut short in the
middle of a checkpoint, copied without its -shm, or left behind by a file that is gone.

SQLite only: a -wal is a SQLite file's; a PostgreSQL server keeps its own log."""

import shutil
import sqlite3
import struct
from pathlib import Path

from annotator.storage.schema import HEAD
from annotator.domain.model import ParsedArticle
from annotator.storage.files import checks
from annotator.storage.project import Project
from annotator.storage.files.restore import restore
from annotator.storage.schema import check_file

BIG = "".join(f"Paragraph {i}: the council met again and the bridge stayed shut.\n"
              for i in range(6000))


def project_with_work_in_wal(folder: Path) -> tuple[Path, sqlite3.Connection]:
    """A project whose last import lives only in its -wal (a connection holds it open, as a
    window does; the caller closes it only after copying the files)."""
    path = folder / "p.sqlite"
    with Project(path) as project:
        project.add_article(ParsedArticle(text="A short report.\n", title="Short"))
    holder = sqlite3.connect(path)
    holder.execute("PRAGMA wal_autocheckpoint = 0")
    holder.execute("SELECT count(*) FROM articles").fetchall()  # now it holds the file open
    with Project(path) as project:
        project.add_article(ParsedArticle(text=BIG, title="Long"))
    assert Path(f"{path}-wal").stat().st_size > 100_000
    return path, holder


def wal_frames(wal: bytes) -> tuple[int, list[tuple[int, bytes]]]:
    page_size = struct.unpack(">I", wal[8:12])[0]
    frames, offset = [], 32
    while offset + 24 + page_size <= len(wal):
        page_no = struct.unpack(">I", wal[offset:offset + 4])[0]
        frames.append((page_no, wal[offset + 24:offset + 24 + page_size]))
        offset += 24 + page_size
    return page_size, frames


def titles(path: Path) -> list[str]:
    with Project(path, create=False, readonly=True) as project:
        return sorted(a.title for a in project.articles())


def test_a_checkpoint_cut_short_is_not_damage(tmp_path):
    """A kill or a full disk during a checkpoint leaves the main file half-updated; with its
    -wal it is whole, and must open as it is."""
    path, holder = project_with_work_in_wal(tmp_path)
    wal = Path(f"{path}-wal").read_bytes()
    main = path.read_bytes()
    holder.close()  # (this checkpoints; the copies below are what a cut-short one leaves)
    page_size, frames = wal_frames(wal)
    unreadable_alone = 0
    for cut in range(1, len(frames), max(1, len(frames) // 12)):
        case = tmp_path / f"cut{cut}"
        case.mkdir()
        target = case / "p.sqlite"
        data = bytearray(main)
        for page_no, page in frames[:cut]:  # the checkpoint copied these pages, then stopped
            end = page_no * page_size
            data.extend(b"\0" * max(0, end - len(data)))
            data[end - page_size:end] = page
        target.write_bytes(bytes(data))
        Path(f"{target}-wal").write_bytes(wal)
        try:
            alone = sqlite3.connect(f"file:{target}?mode=ro&immutable=1", uri=True)
            alone.execute("SELECT * FROM project_info").fetchall()
            alone.execute("SELECT count(*) FROM articles").fetchall()
            alone.close()
        except sqlite3.DatabaseError:
            unreadable_alone += 1
        assert check_file(target) == HEAD, f"cut after {cut} frames"
        assert titles(target) == ["Long", "Short"]
    assert unreadable_alone, "no cut left the main file unreadable alone: the test proves nothing"


def test_a_project_copied_without_its_shm_can_be_read(tmp_path):
    path, holder = project_with_work_in_wal(tmp_path)
    copy = tmp_path / "copy" / "p.sqlite"
    copy.parent.mkdir()
    shutil.copyfile(path, copy)
    shutil.copyfile(f"{path}-wal", f"{copy}-wal")
    holder.close()
    assert checks.check(copy, full=True) == "ok"
    assert checks.project_id_of(copy) is not None
    assert sorted(p.name for p in copy.parent.iterdir()) == ["p.sqlite", "p.sqlite-wal"]
    assert titles(copy) == ["Long", "Short"]


def test_a_restore_can_itself_be_undone_after_a_crash(tmp_path):
    """The file set aside by a restore keeps its -wal (no -shm); restoring it brings back the
    work that was only in that -wal."""
    path, holder = project_with_work_in_wal(tmp_path)
    with Project(path) as project:
        backup = project.backup("manual")
    with Project(path) as project:
        project.add_article(ParsedArticle(text="Written after the backup.\n", title="Later"))
    aside = restore(path, backup)  # the crash left a -wal: it goes with the set-aside copy
    holder.close()
    assert titles(path) == ["Long", "Short"]
    restore(path, aside)
    assert titles(path) == ["Later", "Long", "Short"]


def test_a_new_project_never_adopts_a_stray_wal(tmp_path):
    path, holder = project_with_work_in_wal(tmp_path)
    stray = Path(f"{path}-wal").read_bytes()
    holder.close()
    path.unlink()
    Path(f"{path}-wal").write_bytes(stray)  # the project file was deleted, its -wal was not
    with Project(path) as project:
        assert project.status == "created"
        assert project.articles() == []
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    con.close()
    kept = list((tmp_path / "p.sqlite-backups").glob("p.sqlite.*.orphaned-wal"))
    assert [k.read_bytes() for k in kept] == [stray]
