"""`export -o`: never onto one of the project's own files, through links and into devices and
pipes without replacing them, keeping an existing file's mode and owner, and no leftovers from
a killed export."""

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from cli_run import run



@pytest.fixture
def work(tmp_path):
    (tmp_path / "a.txt").write_text("Harbour bridge closes\n\nThe council said so.\n", "utf-8")
    done = run("--db", "p.sqlite", "import", "a.txt", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return tmp_path


def snapshot(folder: Path) -> dict:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("target", [
    ".p.sqlite.lock", "p.sqlite-wal", "p.sqlite-shm", "p.sqlite-journal",
    "p.sqlite-backups/new.json", ".p.sqlite.restoring", ".p.sqlite.restoring-journal",
    "p.sqlite-backups", "./sub/../.p.sqlite.lock",
])
def test_export_onto_a_project_file_is_refused(work, target):
    (work / "p.sqlite-backups").mkdir()
    (work / "sub").mkdir()
    before = snapshot(work)
    out = run("--db", "p.sqlite", "export", "-o", target, cwd=work)
    assert out.returncode == 1, out.stderr
    assert out.stderr.startswith(f"annotator: {target}: ") and "project" in out.stderr
    assert "Traceback" not in out.stderr and len(out.stderr.splitlines()) == 1
    assert snapshot(work) == before
    assert not (work / "p.sqlite-backups" / "new.json").exists()


@pytest.mark.parametrize("how", ["hard link", "symlink", "symlinked folder"])
def test_export_onto_another_spelling_of_the_lock_file_is_refused(work, how):
    lock = work / ".p.sqlite.lock"
    lock_inode = lock.stat().st_ino
    if how == "hard link":
        os.link(lock, work / "out.json")
        target = "out.json"
    elif how == "symlink":
        (work / "out.json").symlink_to(".p.sqlite.lock")
        target = "out.json"
    else:
        (work / "alias").symlink_to(".")
        target = "alias/.p.sqlite.lock"
    out = run("--db", "p.sqlite", "export", "-o", target, cwd=work)
    assert out.returncode == 1 and "lock file" in out.stderr, out.stderr
    assert lock.stat().st_ino == lock_inode
    if how == "symlink":
        assert (work / "out.json").is_symlink()


def test_export_through_a_symlink_writes_its_target_and_keeps_the_link(work):
    (work / "exports").mkdir()
    real = work / "exports" / "real.json"
    real.write_text("old")
    (work / "link.json").symlink_to("exports/real.json")
    (work / "dangling.json").symlink_to("exports/new.json")
    for name in ("link.json", "dangling.json"):
        out = run("--db", "p.sqlite", "export", "-o", name, cwd=work)
        assert out.returncode == 0, out.stderr
        assert (work / name).is_symlink()
    assert json.loads(real.read_text())["articles"][0]["title"] == "Harbour bridge closes"
    assert json.loads((work / "exports" / "new.json").read_text())["format"] == "annotator-export"
    assert sorted(p.name for p in (work / "exports").iterdir()) == ["new.json", "real.json"]


def test_export_keeps_the_mode_and_owner_of_the_file_it_replaces(work):
    target = work / "private.json"
    target.write_text("old")
    target.chmod(0o600)
    if os.geteuid() == 0:
        os.chown(target, 4321, 4321)
    out = run("--db", "p.sqlite", "export", "-o", "private.json", cwd=work)
    assert out.returncode == 0, out.stderr
    info = target.stat()
    assert stat.S_IMODE(info.st_mode) == 0o600
    if os.geteuid() == 0:
        assert (info.st_uid, info.st_gid) == (4321, 4321)
    assert json.loads(target.read_text())["format"] == "annotator-export"


def test_export_into_a_fifo_writes_into_it(work):
    fifo = work / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    out = run("--db", "p.sqlite", "export", "-o", "pipe", cwd=work)
    reader.join(30)
    assert out.returncode == 0, out.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert json.loads(got[0])["format"] == "annotator-export"


def test_export_into_a_character_device_leaves_the_device(work):
    device = work / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is
    except (PermissionError, OSError):
        pytest.skip("cannot make a device node here")
    out = run("--db", "p.sqlite", "export", "-o", "null", cwd=work)
    assert out.returncode == 0, out.stderr
    assert stat.S_ISCHR(device.lstat().st_mode)
    assert [p.name for p in work.iterdir() if p.name.startswith(".null")] == []


def test_export_to_a_link_to_standard_output_writes_standard_output(work):
    (work / "out").symlink_to("/proc/self/fd/1")
    out = run("--db", "p.sqlite", "export", "-o", "out", cwd=work)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["format"] == "annotator-export"
    assert (work / "out").is_symlink()
    done = run("--db", "p.sqlite", "export", "-o", "/dev/stdout", cwd=work)
    assert done.returncode == 0 and json.loads(done.stdout)["format"] == "annotator-export"
    assert Path("/dev/stdout").is_symlink() or not Path("/dev/stdout").is_file()


KILLED_WRITER = """
import sys, time
from pathlib import Path
from annotator.fileutil import atomic_write
with atomic_write(Path(sys.argv[1])) as handle:
    handle.write(b'{"half": ')
    handle.flush()
    print("writing", flush=True)
    time.sleep(60)
"""


def test_a_killed_export_leaves_a_temporary_file_the_next_export_removes(work):
    writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(work / "out.json")],
                              stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline() == "writing\n"
    (left,) = [p for p in work.iterdir() if p.name.startswith(".out.json.")]
    assert str(writer.pid) in left.name and left.name.endswith(".tmp")
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    writer.stdout.close()
    # The same name from a writer that is still alive (this test's own process) is left alone.
    alive = work / left.name.replace(f"-{writer.pid}-", f"-{os.getpid()}-", 1)
    assert alive != left
    alive.write_text("{")
    out = run("--db", "p.sqlite", "export", "-o", "out.json", cwd=work)
    assert out.returncode == 0, out.stderr
    assert not left.exists()
    assert alive.exists()
    assert json.loads((work / "out.json").read_text())["format"] == "annotator-export"


def test_stale_temporary_files_of_old_names_go_after_an_hour(work):
    old = work / ".out.json.k2j4_x9a.tmp"  # the name the previous version used (mkstemp)
    fresh = work / ".out.json.q8w7e6r5.tmp"
    for path in (old, fresh):
        path.write_text("{")
    hours_ago = time.time() - 7200
    os.utime(old, (hours_ago, hours_ago))
    out = run("--db", "p.sqlite", "export", "-o", "out.json", cwd=work)
    assert out.returncode == 0, out.stderr
    assert not old.exists() and fresh.exists()
