"""Damaged project files: detected at open, never written to, the newest good backup offered.

SQLite only: damage of a file's pages and of its texts on disk; a PostgreSQL server checks its own
storage."""

import hashlib
import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.domain.model import ParsedArticle
from annotator.errors import ProjectDamaged, ProjectError
from annotator.storage.files.backup import backup_dir, list_backups
from annotator.storage.project import Project

ENTRY = Path(sys.executable).with_name("annotator")


def snapshot(folder: Path) -> dict:
    """Every file's hash; the (empty) lock file that checking a stray -wal takes aside."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()
            if p.is_file() and not p.name.endswith(".lock")}


def make_project(path: Path, n: int = 400) -> None:
    with Project(path) as project:
        text = "The minister said the plan was sound. " * 200
        article = project.add_article(ParsedArticle(text=text, title="Plan"))[0]
        for i in range(n):
            project.add_annotation(article.id, i, i + 10, "claim", note=f"note {i}" * 5)
        project.backup("manual")


def overwrite_pages(path: Path, seed: int = 0) -> None:
    """Random bytes over pages 3 to 6 (the same ones for a seed)."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")  # (the file's page size, from its header)
    noise = random.Random(seed)
    for offset in range(page * 2, min(len(data), page * 6), 997):
        data[offset:offset + 64] = noise.randbytes(64)
    path.write_bytes(bytes(data))


def truncate(path: Path) -> None:
    with open(path, "r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


def stray_wal(path: Path) -> None:
    """A -wal left beside the file by another database (copied along, say)."""
    other = path.with_name("elsewhere.sqlite")
    con = sqlite3.connect(other)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA wal_autocheckpoint = 0")
    con.execute("CREATE TABLE x (a, b)")
    con.executemany("INSERT INTO x VALUES (?, ?)", [(i, "y" * 200) for i in range(2000)])
    con.commit()
    shutil.copy(f"{other}-wal", f"{path}-wal")
    con.close()
    other.unlink()


@pytest.mark.parametrize("damage", [overwrite_pages, truncate, stray_wal])
def test_damage_is_detected_nothing_is_written_and_a_backup_is_offered(tmp_path, damage):
    path = tmp_path / "p.sqlite"
    make_project(path)
    damage(path)
    before = snapshot(tmp_path)
    with pytest.raises(ProjectDamaged) as info:
        Project(path)
    assert snapshot(tmp_path) == before  # not written, no -shm/-wal created, nothing moved
    assert info.value.backup is not None and info.value.backup.reason == "manual"
    assert "restore it with annotator --db " in str(info.value)


def test_any_damage_of_pages_is_told_never_raised(tmp_path):
    """Whatever the noise: quick_check's words about a page may hold bytes that are not UTF-8,
    and so may a value it lets through; both are damage told, never a UnicodeDecodeError."""
    made = tmp_path / "made.sqlite"
    make_project(made, n=50)
    for seed in range(1, 25):
        path = tmp_path / f"p{seed}.sqlite"
        shutil.copyfile(made, path)
        overwrite_pages(path, seed)
        with pytest.raises(ProjectDamaged):
            Project(path)


def test_a_schema_damaged_into_bytes_that_are_not_utf8_is_told(tmp_path):
    """SQLite's message about a malformed schema quotes the damaged name; when its bytes are not
    UTF-8, Python raises a UnicodeDecodeError instead of SQLite's error: told as damage all the
    same, with a sentence, the file untouched."""
    path = tmp_path / "p.sqlite"
    make_project(path, n=5)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA writable_schema = ON")
    con.execute("UPDATE sqlite_master SET sql = CAST(X'435245415445205441424C4520E2D1' AS TEXT), "
                "name = CAST(X'74E2D1' AS TEXT) WHERE name = 'tags'")
    con.execute("PRAGMA writable_schema = OFF")
    con.close()
    before = snapshot(tmp_path)
    with pytest.raises(ProjectError) as info:
        Project(path)
    assert "is damaged" in str(info.value) and "not readable text" in str(info.value)
    assert snapshot(tmp_path) == before
    from annotator.storage.files.checks import check

    assert check(path) == "SQLite's description of the damage is not readable text"


def test_restore_from_the_command_line_sets_the_damaged_file_aside(tmp_path):
    path = tmp_path / "p.sqlite"
    make_project(path)
    overwrite_pages(path)
    damaged_bytes = path.read_bytes()
    # Whatever writes checks the whole file first (readers check what they read).
    note = tmp_path / "n.txt"
    note.write_text("A new report.\n", "utf-8")
    listed = subprocess.run([str(ENTRY), "--db", str(path), "import", str(note)],
                            capture_output=True, text=True)
    assert listed.returncode == 1 and "is damaged" in listed.stderr and "Traceback" not in listed.stderr
    assert path.read_bytes() == damaged_bytes
    done = subprocess.run([str(ENTRY), "--db", str(path), "restore"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    (aside,) = [b for b in list_backups(path) if b.reason == "damaged"]
    assert aside.path.read_bytes() == damaged_bytes
    with Project(path) as project:
        assert project.annotation_count() == 400


def test_backups_command_lists_copies(tmp_path):
    path = tmp_path / "p.sqlite"
    make_project(path, n=3)
    out = subprocess.run([str(ENTRY), "--db", str(path), "backups"], capture_output=True, text=True)
    assert out.returncode == 0
    (line,) = out.stdout.splitlines()
    assert "\tmanual\t" in line and "\tok\t" in line and str(backup_dir(path.resolve())) in line


def test_the_window_offers_the_newest_good_backup(tmp_path, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from annotator.ui.dialogs.backups_ui import offer_restore

    path = tmp_path / "p.sqlite"
    make_project(path, n=5)
    truncate(path)
    with pytest.raises(ProjectDamaged) as info:
        Project(path)
    shown = []

    def click_restore(box):
        shown.append(box.text())
        box.clickedButton = lambda: box.buttons()[0]  # "Restore backup"

    monkeypatch.setattr(QMessageBox, "exec", click_restore)
    assert offer_restore(info.value)
    assert "damaged" in shown[0] and "Restore the newest good backup, from" in shown[0]
    with Project(path) as project:
        assert project.annotation_count() == 5


def test_a_few_bytes_changed_inside_an_article_text_are_detected(tmp_path):
    path = tmp_path / "p.sqlite"
    make_project(path, n=3)
    data = bytearray(path.read_bytes())
    at = data.find(b"The minister said the plan was sound.")
    data[at + 4:at + 12] = b"PRESIDEN"
    path.write_bytes(bytes(data))
    with pytest.raises(ProjectDamaged, match="text of article .* has changed"):
        Project(path)


WRITER = """
import sys, time
from annotator.storage.project import Project
p = Project(sys.argv[1], lock="cli")
article = p.articles()[0].id
print("writing", flush=True)
end = time.monotonic() + float(sys.argv[2])
i = 0
while time.monotonic() < end:
    p.add_annotation(article, i % 500, i % 500 + 7, "quote")
    i += 1
p.close()
"""


def test_a_project_being_written_is_never_taken_for_damaged(tmp_path):
    """Readers (list, export) open the project while another program commits and checkpoints."""
    path = tmp_path / "p.sqlite"
    make_project(path, n=3)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path), "4"], stdout=subprocess.PIPE,
                              text=True)
    assert writer.stdout.readline().strip() == "writing"
    opened = 0
    while writer.poll() is None:
        with Project(path, create=False) as reader:
            reader.articles()
        opened += 1
    assert writer.returncode == 0 and opened > 10


def test_an_export_refuses_a_text_changed_on_disk(tmp_path):
    """Readers skip the whole-file check at open, so the export checks each text against its
    hash as it streams: changed bytes inside a text never reach an export."""
    path = tmp_path / "p.sqlite"
    make_project(path, n=3)
    data = path.read_bytes()
    at = data.index(b"minister said the plan")
    path.write_bytes(data[:at] + b"MINISTER" + data[at + 8:])
    done = subprocess.run([str(ENTRY), "--db", str(path), "export"], capture_output=True, text=True)
    assert done.returncode == 1, done.stdout[:200]
    assert "has changed since it was imported" in done.stderr and "Traceback" not in done.stderr
