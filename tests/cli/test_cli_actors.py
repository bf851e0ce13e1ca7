"""`annotator actors` and who annotates (`--as NAME`, ANNOTATOR_NAME), DESIGN.md section 10:
through the installed command where a process shows it (standard output as bytes, database
rows), in-process where only the Project the command opens can tell."""

import getpass
import os
import sqlite3
import subprocess
import sys

import pytest
from cli_run import ENTRY, run

from annotator import cli
from annotator.domain.comparison.links import NOT_ARTICLE, NOT_ARTICLE_COLOR
from annotator.domain.model import Tag
from annotator.storage.project import Project

FIRST = "Bo and Gu\n\nBo Xilai met Gu Kailai. Bo left. Comments: Bo is great.\n"
SECOND = "Second report\n\nGu Kailai spoke. Bo Xilai did not.\n"


def run_bytes(*args, cwd, env=None):
    """The command's standard output as bytes, exactly as a script reading it gets them."""
    full_env = {**os.environ, **(env or {})}
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        full_env.pop(var, None)
    return subprocess.run([str(ENTRY), *args], cwd=cwd, env=full_env, capture_output=True,
                          timeout=120)


@pytest.fixture
def work(tmp_path):
    (tmp_path / "a.txt").write_text(FIRST, "utf-8")
    (tmp_path / "b.txt").write_text(SECOND, "utf-8")
    return tmp_path


def span(text: str, words: str, after: int = 0) -> tuple[int, int]:
    start = text.index(words, after)
    return start, start + len(words)


def make_actors(db):
    """Actors made through the Project API: mentions in both articles, one inside a not-article
    region (not counted), aliases with | and \\, a tab in a name, one actor never named."""
    with Project(db) as project:
        first, second = (a.id for a in project.articles())
        one, two = project.article(first).text, project.article(second).text
        project.add_tag(Tag(NOT_ARTICLE, NOT_ARTICLE_COLOR))
        bo = project.add_actor("Bo Xilai", ["Bo", "B|X", "C\\D"], "person")
        gu = project.add_actor("Gu\tKailai", [], "person")
        zero = project.add_actor("zero", ["nobody"])
        zed = project.add_actor("Zed", [])
        for article, text, words, actor in ((first, one, "Bo Xilai", bo), (first, one, "Bo left", bo),
                                            (first, one, "Gu Kailai", gu), (second, two, "Bo Xilai", bo),
                                            (second, two, "Gu Kailai", gu)):
            project.add_annotation(article, *span(text, words), "actor", actor=actor.id)
        comments = span(one, "Comments: Bo is great.")
        project.add_annotation(first, *comments, NOT_ARTICLE)
        project.add_annotation(first, *span(one, "Bo", comments[0]), "actor", actor=bo.id)
    return bo, gu, zero, zed


def test_actors_prints_one_line_per_actor_in_the_projects_order(work):
    db = work / "p.sqlite"
    assert run("--db", str(db), "import", "a.txt", "b.txt", cwd=work).returncode == 0
    bo, gu, zero, zed = make_actors(db)
    assert gu.name == "Gu Kailai"  # the Project keeps a name on one line
    out = run_bytes("--db", str(db), "actors", cwd=work)
    assert out.returncode == 0 and out.stderr == b""
    assert out.stdout == (f"{bo.id}\tBo Xilai\tBo|B\\|X|C\\\\D\t3\n"
                          f"{gu.id}\tGu Kailai\t\t2\n"
                          f"{zed.id}\tZed\t\t0\n"
                          f"{zero.id}\tzero\tnobody\t0\n").encode()


def test_tabs_and_line_breaks_in_a_stored_name_never_break_the_line(work):
    """Another program (or an older file) may have stored what the Project refuses."""
    db = work / "p.sqlite"
    run("--db", str(db), "import", "a.txt", cwd=work)
    with Project(db) as project:
        actor = project.add_actor("placeholder", ["x"])
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE actors SET name = ?, aliases = ? WHERE id = ?",
                    ("Gu\tKai\nlai\x1b[31m", '["a\\tb", "c|d\\ne"]', actor.id))
    con.close()
    out = run_bytes("--db", str(db), "actors", cwd=work)
    assert out.returncode == 0, out.stderr
    assert out.stdout == f"{actor.id}\tGu Kai lai\\x1b[31m\ta b|c\\|d e\t0\n".encode()


def test_actors_reads_only(work):
    db = work / "p.sqlite"
    run("--db", str(db), "import", "a.txt", "b.txt", cwd=work)
    bo, *_ = make_actors(db)
    before = db.read_bytes()
    # It works beside an open window (which holds the project's lock) and changes nothing.
    with Project(db, lock="window"):
        out = run("--db", str(db), "actors", cwd=work)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0].startswith(f"{bo.id}\tBo Xilai\t")
    assert db.read_bytes() == before
    files = sorted(p.name for p in work.iterdir())
    again = run("--db", str(db), "actors", cwd=work)
    assert again.returncode == 0 and again.stdout == out.stdout, again.stderr
    assert db.read_bytes() == before and sorted(p.name for p in work.iterdir()) == files


def test_actors_of_a_project_without_any_and_of_a_mistyped_one(work):
    db = work / "p.sqlite"
    run("--db", str(db), "import", "a.txt", cwd=work)
    out = run_bytes("--db", str(db), "actors", cwd=work)
    assert (out.returncode, out.stdout, out.stderr) == (0, b"", b"")
    typo = run("--db", str(work / "typo.sqlite"), "actors", cwd=work)
    assert typo.returncode == 1 and "no such project" in typo.stderr
    assert len(typo.stderr.splitlines()) == 1
    assert not (work / "typo.sqlite").exists()


# -- who annotates ------------------------------------------------------------------------------

@pytest.mark.parametrize("value, says", [
    ("", "is empty"), ("   ", "only spaces"), ("Ana\tRuiz", "control characters"),
    ("Ana\nRuiz", "line breaks"), ("Ana\x1b[2J", "control characters"),
    ("Ana\u2028Ruiz", "line breaks"), ("x" * 101, "longer than 100"),
])
def test_a_blank_or_unprintable_name_is_a_usage_error(work, value, says):
    for args, env, source in ((["--as", value, "import", "a.txt"], None, "--as"),
                              (["import", "--as", value, "a.txt"], None, "--as"),
                              (["import", "a.txt"], {"ANNOTATOR_NAME": value}, "ANNOTATOR_NAME")):
        out = run("--db", "p.sqlite", *args, cwd=work, env=env)
        assert out.returncode == 2, out.stderr
        assert out.stderr.count("\n") == 1 and out.stderr.startswith(f"annotator: {source} ")
        assert says in out.stderr and "Traceback" not in out.stderr
        assert out.stdout == ""
        assert sorted(p.name for p in work.iterdir()) == ["a.txt", "b.txt"]  # nothing written


def test_a_merge_keeps_the_files_annotators_whoever_runs_it(work):
    db = work / "p.sqlite"
    run("--db", str(db), "import", "a.txt", cwd=work)
    with Project(db, annotator="Maria") as project:
        article = project.articles()[0].id
        project.add_annotation(article, *span(FIRST, "Bo Xilai"), "actor")
    run("--db", str(db), "export", "-o", "e.json", cwd=work)
    other = work / "q.sqlite"
    out = run("--as", "Ana Ruiz", "--db", str(other), "import", "e.json", cwd=work)
    assert out.returncode == 0, out.stderr
    con = sqlite3.connect(other)
    rows = con.execute("SELECT an.text, who.name FROM annotations an "
                       "JOIN annotators who ON who.id = an.annotator_id").fetchall()
    names = [r[0] for r in con.execute("SELECT name FROM annotators")]
    con.close()
    assert rows == [("Bo Xilai", "Maria")] and names == ["Maria"]


def opened_as(monkeypatch, argv, window=False):
    """Run the command in-process; returns (project.annotator, annotator_explicit) of the Project
    it opened (for the window: of the Project the window was given)."""
    import annotator.storage.project as storage
    import annotator.ui.app as app

    seen = {}
    real_open = storage.open_project

    def open_project(path, **kwargs):
        project = real_open(path, **kwargs)
        seen["annotator"] = project.annotator
        return project

    def run_window(project, open_ids, refusals=None, *, annotator_explicit=False):
        seen["window"] = (project.annotator, annotator_explicit)
        return 0

    monkeypatch.setattr(storage, "open_project", open_project)
    monkeypatch.setattr(app, "run", run_window)
    assert cli.main(argv) == 0
    return seen["window"] if window else (seen["annotator"], None)


def test_as_and_ANNOTATOR_NAME_reach_the_project(work, monkeypatch):
    monkeypatch.chdir(work)
    monkeypatch.setenv("ANNOTATOR_NAME", "Env Name")
    assert opened_as(monkeypatch, ["--db", "p.sqlite", "import", "a.txt"])[0] == "Env Name"
    assert opened_as(monkeypatch, ["--as", "Ana  Ruiz ", "--db", "p.sqlite", "import",
                                   "a.txt"])[0] == "Ana Ruiz"
    assert opened_as(monkeypatch, ["--db", "p.sqlite", "import", "--as", "Zoë", "a.txt"])[0] == "Zoë"
    # The window (no command, and `open`) gets the name, and knows it was given.
    assert opened_as(monkeypatch, ["--db", "p.sqlite", "--as", "Ana"], window=True) == ("Ana", True)
    assert opened_as(monkeypatch, ["--db", "p.sqlite", "open", "a.txt"], window=True) == \
        ("Env Name", True)
    monkeypatch.delenv("ANNOTATOR_NAME")
    assert opened_as(monkeypatch, ["--db", "p.sqlite"], window=True) == (getpass.getuser(), False)


def test_annotations_made_through_the_opened_project_carry_the_name(work, monkeypatch):
    """What the window does with the Project the command line opened for it."""
    import annotator.ui.app as app

    def annotate(project, open_ids, refusals=None, *, annotator_explicit=False):
        first, second = open_ids
        a = project.add_annotation(first, *span(FIRST, "Bo Xilai"), "actor")
        b = project.add_annotation(second, *span(SECOND, "Bo Xilai"), "actor")
        project.add_link(a.id, b.id, "same")
        return 0

    monkeypatch.chdir(work)
    monkeypatch.setattr(app, "run", annotate)
    assert cli.main(["--db", "p.sqlite", "open", "a.txt", "b.txt", "--as", "Ana Ruiz"]) == 0
    con = sqlite3.connect(work / "p.sqlite")
    made = con.execute("SELECT who.name FROM annotations an JOIN annotators who "
                       "ON who.id = an.annotator_id UNION ALL SELECT who.name FROM links ln "
                       "JOIN annotators who ON who.id = ln.annotator_id").fetchall()
    con.close()
    assert made == [("Ana Ruiz",)] * 3


def test_actors_never_loads_qt(work):
    run("--db", str(work / "p.sqlite"), "import", "a.txt", cwd=work)
    code = ("import sys; from annotator.cli import main; "
            f"main(['--db', {str(work / 'p.sqlite')!r}, '--as', 'Ana', 'actors']); "
            "print(sorted(m for m in ('PySide6', 'alembic', 'trafilatura') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=work, capture_output=True, text=True)
    assert out.stdout.splitlines()[-1] == "[]", out.stderr


def test_switching_project_in_the_window_keeps_who_annotates(tmp_path, qtbot, monkeypatch):
    import annotator.ui.app as app

    monkeypatch.setattr(app, "_windows", [])
    window = app.make_window(Project(tmp_path / "a.sqlite", annotator="Ana Ruiz", lock="window"))
    app._switch(window, str(tmp_path / "b.sqlite"))  # closes and deletes the first window
    (new,) = app._windows
    qtbot.addWidget(new)
    try:
        assert new.session.project.path == (tmp_path / "b.sqlite").resolve()
        assert new.session.project.annotator == "Ana Ruiz"
    finally:
        new.close()
        new.wait_for_workers()
        new.session.project.close()
