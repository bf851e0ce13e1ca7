"""One writer at a time, with a clear message; readers work beside the writer; a crashed
holder leaves no lock behind.

SQLite only: the one-writer lock is a file beside the project; on PostgreSQL the server
arbitrates between writers and no lock is taken."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.storage.files.lock import ProjectLock, ProjectLocked
from annotator.storage.project import Project

ENTRY = Path(sys.executable).with_name("annotator")
HOLDER = """
import sys, time
from annotator.storage.project import Project
p = Project(sys.argv[1], lock=sys.argv[2])
print("locked", flush=True)
time.sleep(float(sys.argv[3]))
p.close()
"""


def hold(path, kind="window", seconds=60):
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(path), kind, str(seconds)],
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "locked"
    return child


def test_second_window_is_told_clearly(project_path):
    first = Project(project_path, lock="window")
    with pytest.raises(ProjectLocked, match="already open in an annotator window .* switch to that"):
        Project(project_path, lock="window")
    first.close()
    Project(project_path, lock="window").close()  # free again


def test_command_line_while_a_window_has_the_project(tmp_path):
    db = tmp_path / "p.sqlite"
    (tmp_path / "a.txt").write_text("Report\n\nBody.\n")
    assert subprocess.run([str(ENTRY), "--db", str(db), "import", "a.txt"], cwd=tmp_path).returncode == 0
    window = hold(db, "window")
    try:
        started = time.monotonic()
        refused = subprocess.run([str(ENTRY), "--db", str(db), "import", "a.txt"], cwd=tmp_path,
                                 capture_output=True, text=True)
        assert refused.returncode == 1 and time.monotonic() - started < 10  # refused, not waiting
        assert f"process {window.pid}" in refused.stderr and "File › Import" in refused.stderr
        listed = subprocess.run([str(ENTRY), "--db", str(db), "list"], capture_output=True, text=True)
        assert listed.returncode == 0 and listed.stdout.count("\n") == 1
        exported = subprocess.run([str(ENTRY), "--db", str(db), "export"], capture_output=True, text=True)
        assert exported.returncode == 0 and json.loads(exported.stdout)["articles"]
    finally:
        window.kill()
        window.wait()


def test_a_command_waits_for_another_command(tmp_path):
    db = tmp_path / "p.sqlite"
    Project(db).close()
    (tmp_path / "a.txt").write_text("Report\n\nBody.\n")
    other = hold(db, "cli", seconds=1.5)
    done = subprocess.run([str(ENTRY), "--db", str(db), "import", "a.txt"], cwd=tmp_path,
                          capture_output=True, text=True)
    other.wait()
    assert done.returncode == 0, done.stderr


def test_a_killed_holder_leaves_no_lock(project_path):
    Project(project_path).close()
    child = hold(project_path, "window")
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    Project(project_path, lock="window").close()


def test_lock_file_names_its_holder(project_path):
    lock = ProjectLock(project_path, "cli").acquire()
    try:
        assert lock.holder()["pid"] == os.getpid() and lock.holder()["kind"] == "cli"
    finally:
        lock.release()


def test_a_lock_file_removed_by_a_failed_open_never_leaves_two_holders(tmp_path):
    """An open that made the lock file and then could not open the project removes it
    (ProjectLock.discard). One waiting for that file meanwhile must not hold a lock on the
    removed file while a third takes a new one."""
    import threading

    path = tmp_path / "p.sqlite"
    first = ProjectLock(path, "cli").acquire()
    got = {}
    waiting = threading.Thread(target=lambda: got.update(
        second=ProjectLock(path, "cli").acquire(wait=10)))
    waiting.start()
    time.sleep(0.3)
    first.discard()
    waiting.join()
    with pytest.raises(ProjectLocked):
        ProjectLock(path, "cli").acquire()
    got["second"].release()


def test_a_lock_handed_over_is_never_removed_when_the_reopening_fails(tmp_path):
    """A window reopening its project after a restore hands its lock over (ui/app._switch);
    a reopening that fails must not remove the project's own lock file."""
    from annotator.paths import lock_path
    from annotator.storage.project import open_project

    project = open_project(tmp_path / "p.sqlite", create="init", lock="window")
    project.close_database()
    lock = project.detach_lock()
    (tmp_path / "p.sqlite").write_bytes(b"not a database at all" * 100)
    with pytest.raises(Exception, match="not a SQLite database"):
        open_project(tmp_path / "p.sqlite", lock=lock)
    assert lock_path(tmp_path / "p.sqlite").exists()


def test_on_windows_a_lock_file_held_open_is_removed_after_its_release(tmp_path, monkeypatch):
    """Windows removes no file that is open: the removal came first and its PermissionError
    hid why the project could not be opened, the lock still held."""
    import annotator.storage.files.lock as lock_module

    held = []
    real = Path.unlink

    def unlink(self, missing_ok=False):
        if self.name.endswith(".lock") and held and not held[0].closed:
            raise PermissionError(13, "used by another process", str(self))
        return real(self, missing_ok=missing_ok)

    real_open = lock_module.ProjectLock._open

    def opened(self):
        handle = real_open(self)
        held[:] = [handle]
        return handle

    monkeypatch.setattr(lock_module, "WINDOWS", True)
    monkeypatch.setattr(lock_module, "_try_lock", lambda handle: True)  # (no msvcrt here)
    monkeypatch.setattr(Path, "unlink", unlink)
    monkeypatch.setattr(lock_module.ProjectLock, "_open", opened)
    path = tmp_path / "p.sqlite"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(Exception, match="not a SQLite database"):
        Project(path, lock="cli")
    assert held[0].closed and sorted(p.name for p in tmp_path.iterdir()) == ["p.sqlite"]
