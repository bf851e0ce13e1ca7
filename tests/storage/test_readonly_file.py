"""A project file that cannot be written (chmod 444, a colleague's file) in a folder that can.
SQLite would open it read-only, fail at the first change, and leave beside it a -wal and -shm
as read-only as the file, which refuse every writer even once the file is writable again. So a
writer is refused in one sentence before SQLite opens it, a reader creates nothing beside it,
and nothing is left that outlives `chmod 644`.

File modes bind every user but root: as root the commands run without the capabilities that
let root ignore them (setpriv), the way tests/storage/test_readonly_place.py makes a read-only
place real. SQLite only: file modes are a file's."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.storage.project import Project

ENTRY = Path(sys.executable).with_name("annotator")
AS_ROOT_BOUND_BY_MODES = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]


@pytest.fixture
def as_a_user(tmp_path):
    """Runs `annotator ARGS` in tmp_path, bound by file modes; skips when it cannot be."""
    prefix = AS_ROOT_BOUND_BY_MODES if os.geteuid() == 0 else []
    probe = tmp_path / "probe"
    probe.write_bytes(b"")
    probe.chmod(0o444)
    if prefix and (not shutil.which("setpriv") or subprocess.run(
            [*prefix, sys.executable, "-c", f"open({str(probe)!r}, 'ab')"],
            capture_output=True).returncode == 0):
        pytest.skip("root here ignores file modes (no setpriv, or it cannot drop capabilities)")
    probe.unlink()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY",
                                                           "QT_QPA_PLATFORM")}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*prefix, str(ENTRY), *args], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120)

    return run


@pytest.fixture
def read_only_project(tmp_path) -> Path:
    path = tmp_path / "d" / "p.sqlite"
    Project(path).close()
    path.chmod(0o444)
    (tmp_path / "a.txt").write_text("The bridge is safe, said the mayor.\n")
    return path


def beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if not p.name.startswith("."))


@pytest.mark.parametrize("command", [["import", "a.txt"], ["open", "a.txt"], []],
                         ids=["import", "open", "window"])
def test_a_writer_is_refused_in_one_sentence_and_nothing_outlives_chmod(
        as_a_user, read_only_project, command):
    path = read_only_project
    done = as_a_user("--db", str(path), *command)
    assert done.returncode == 1
    assert done.stderr == (f"annotator: {path}: cannot be written (the file is read-only); the "
                           "project cannot be opened for writing here\n")
    assert beside(path) == ["p.sqlite"]
    path.chmod(0o644)
    done = as_a_user("--db", str(path), "import", "a.txt")
    assert done.returncode == 0, done.stderr
    assert beside(path) == ["p.sqlite"]


def test_a_reader_reads_it_and_makes_nothing_beside_it(as_a_user, read_only_project, tmp_path):
    path = read_only_project
    for command in (["list"], ["export", "-o", "out.json"]):
        done = as_a_user("--db", str(path), *command)
        assert done.returncode == 0, done.stderr
        assert beside(path) == ["p.sqlite"]
    assert (tmp_path / "out.json").stat().st_size > 0
    path.chmod(0o644)
    done = as_a_user("--db", str(path), "import", "a.txt")
    assert done.returncode == 0, done.stderr


def test_a_read_only_shm_left_beside_a_writable_file_is_named(as_a_user, read_only_project):
    """What an annotator before this fix left: the -shm is the file to remove."""
    path = read_only_project
    path.chmod(0o644)
    shm = Path(f"{path}-shm")
    shm.write_bytes(b"")
    shm.chmod(0o444)
    done = as_a_user("--db", str(path), "import", "a.txt")
    assert done.returncode == 1
    assert done.stderr.startswith(f"annotator: {shm}: cannot be written (the file is read-only)")
    shm.unlink()
    done = as_a_user("--db", str(path), "import", "a.txt")
    assert done.returncode == 0, done.stderr
