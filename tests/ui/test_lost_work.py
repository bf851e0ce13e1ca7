"""Nothing reported saved is lost while a window holds the project (issue 7, case 1).

On Linux, closing any descriptor of a file drops every POSIX lock the process holds on it,
SQLite's included. A file dialog in the window's process (it reads the files of the folder it
shows) used to do exactly that; the next `annotator list` then saw no other user, checkpointed
and deleted the -wal under the window, and the window's next saves went into an unlinked file.
The window now shows its file dialogs from another process, and readers open the project
read-only, which never deletes a -wal. Both are tested here with a real window process, killed
with SIGKILL at the end.
"""

import fcntl
import json
import os
import shutil
import signal
import sqlite3
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.domain.model import ParsedArticle
from annotator.storage.project import Project

WORKER = Path(__file__).parents[1] / "support" / "window_worker.py"
SHM_DMS = 128  # SQLite's "dead man switch" byte in the -shm: every open connection read-locks it
FLOCK = "hhqqi4x"


def lock_holder(path: Path, start: int, length: int = 1) -> int | None:
    """The pid of a process holding a POSIX lock on these bytes, seen from this process."""
    fd = os.open(path, os.O_RDWR)
    try:
        probe = struct.pack(FLOCK, fcntl.F_WRLCK, os.SEEK_SET, start, length, 0)
        l_type, _, _, _, pid = struct.unpack(FLOCK, fcntl.fcntl(fd, fcntl.F_GETLK, probe))
        return None if l_type == fcntl.F_UNLCK else pid
    finally:
        os.close(fd)


@pytest.fixture
def project_path(tmp_path):
    path = tmp_path / "p.sqlite"
    with Project(path) as project:
        project.add_article(ParsedArticle(text="Mayor Ortiz said the bridge is safe.\n",
                                          title="Left"))
        project.add_article(ParsedArticle(text="Engineers said the bridge is not safe.\n",
                                          title="Right"))
    return path


@pytest.fixture(params=["offscreen", "xcb"])
def platform(request, tmp_path):
    """Qt's offscreen platform, and a real X server (Xvfb) where one can be started: there the
    dialog process is a real window of its own, kept above the window that asked for it."""
    if request.param == "offscreen":
        yield {"QT_QPA_PLATFORM": "offscreen"}
        return
    if not shutil.which("Xvfb"):
        pytest.skip("Xvfb is not installed (.ci/run installs it)")
    server = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24",
                               "-nolisten", "tcp"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    display = server.stdout.readline().strip()
    try:
        yield {"QT_QPA_PLATFORM": "xcb", "DISPLAY": f":{display}"}
    finally:
        server.terminate()
        server.wait()


class Window:
    def __init__(self, path: Path, dialog_answer: dict | None = None, platform: dict | None = None):
        env = dict(os.environ, **(platform or {"QT_QPA_PLATFORM": "offscreen"}))
        if dialog_answer is not None:
            env["ANNOTATOR_TEST_DIALOG"] = json.dumps(dialog_answer)
        self.process = subprocess.Popen([sys.executable, str(WORKER), str(path)], env=env,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        assert self.read() == "ready", self.process.stderr.read()

    def read(self) -> str:
        line = self.process.stdout.readline().strip()
        assert line, self.process.stderr.read()
        return line

    def ask(self, line: str) -> str:
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return self.read()

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()


def annotator(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "annotator.cli", *args], capture_output=True,
                          text=True, timeout=60)


def saved_spans(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in con.execute("SELECT text FROM annotations"))
    finally:
        con.close()


def test_a_file_dialog_leaves_the_window_its_locks(project_path, platform):
    # The dialog shows the project's folder for a while (reading its files), then is cancelled.
    window = Window(project_path, {"after_ms": 700}, platform)
    try:
        assert window.ask("tag Mayor actor") != "tagged None"
        pid = window.process.pid
        assert lock_holder(Path(f"{project_path}-shm"), SHM_DMS) == pid
        assert window.ask("export-dialog") == "dialog closed"
        assert lock_holder(Path(f"{project_path}-shm"), SHM_DMS) == pid, \
            "the window lost SQLite's lock on the project while its file dialog was open"
        listed = annotator("--db", str(project_path), "list")
        assert listed.returncode == 0, listed.stderr
        assert Path(f"{project_path}-wal").exists()
        window.ask("tag bridge claim")
    finally:
        window.kill()
    assert saved_spans(project_path) == ["Mayor", "bridge"]


def test_a_reader_keeps_the_wal_of_a_window_that_lost_its_locks(project_path):
    """Whatever else in the window's process opens and closes the project's files, a reading
    command never checkpoints or deletes the -wal the window writes to."""
    window = Window(project_path)
    try:
        window.ask("tag Mayor actor")
        assert window.ask("touch") == "touched"
        assert lock_holder(Path(f"{project_path}-shm"), SHM_DMS) is None  # the locks are gone
        for command in (["list"], ["export", "-o", str(project_path.with_name("e.json"))]):
            done = annotator("--db", str(project_path), *command)
            assert done.returncode == 0, done.stderr
            assert Path(f"{project_path}-wal").exists(), f"{command[0]} removed the window's -wal"
        window.ask("tag bridge claim")
    finally:
        window.kill()
    assert saved_spans(project_path) == ["Mayor", "bridge"]
    exported = json.loads(project_path.with_name("e.json").read_text("utf-8"))
    assert [a["text"] for a in exported["articles"][0]["annotations"]] == ["Mayor"]
