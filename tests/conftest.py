"""Test set-up shared by every test: no test touches the user's real files or display."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# The property tests draw the same examples on every run (a test that failed on CI fails again
# here, and CI never fails by the luck of a draw); HYPOTHESIS_PROFILE=explore draws new ones.
settings.register_profile("fixed", derandomize=True, print_blob=True)
settings.register_profile("explore", print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fixed"))

# Before anything can import Qt: no window ever reaches a real screen, and CI has none.
os.environ["QT_QPA_PLATFORM"] = "offscreen"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Point every per-user folder (data, config, cache) at a fresh temporary one."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (("HOME", ""), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                     ("XDG_CACHE_HOME", "cache"), ("XDG_RUNTIME_DIR", "runtime")):
        path = home / sub
        path.mkdir(exist_ok=True, mode=0o700)
        monkeypatch.setenv(var, str(path))
    monkeypatch.delenv("ANNOTATOR_DB", raising=False)
    monkeypatch.setenv("ANNOTATOR_NAME", "tester")
    return home


@pytest.fixture
def project_path(tmp_path) -> Path:
    return tmp_path / "project.sqlite"


@pytest.fixture
def project(project_path):
    from annotator.storage.project import Project

    with Project(project_path) as opened:
        yield opened


@pytest.fixture
def write(tmp_path):
    """Write a file under tmp_path: write("a.txt", "text") or write("b.bin", b"...")."""

    def _write(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        return path

    return _write


# -- PostgreSQL: a throwaway server for the session (tests/support/pg.py) ----------------------
@pytest.fixture(scope="session")
def pg_server():
    """The session's PostgreSQL server; the test is skipped, saying why, without one."""
    import pg

    reason = pg.missing_reason()
    if reason:
        pytest.skip(reason)
    server = pg.Server().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server):
    """The URL of a fresh, empty database (dropped after the test)."""
    name = pg_server.create()
    yield pg_server.url(name)
    pg_server.drop(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_target(request, tmp_path):
    """Where a behaviour test keeps its project: a new SQLite file's path, or the URL of an
    empty PostgreSQL database already made a project (annotator --db URL init). Tests that are
    about files (WAL, locks, backups, damage) do not use it."""
    if request.param == "sqlite":
        yield tmp_path / "project.sqlite"
        return
    url = request.getfixturevalue("pg_url")
    from annotator.storage.project import Project

    Project(url, create="init").close()
    yield url
