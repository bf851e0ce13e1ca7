"""Messages of the command line: one line each, naming the file; names and titles with control
characters shown escaped; which project is meant is never guessed from an empty name."""

import os
from pathlib import Path

import pytest
from cli_run import run



def one_sentence(out, code=1):
    assert out.returncode == code, (out.returncode, out.stderr)
    assert "Traceback" not in out.stderr and "internal error" not in out.stderr
    assert len(out.stderr.splitlines()) == 1, out.stderr
    return out.stderr


@pytest.fixture
def work(tmp_path):
    (tmp_path / "a.txt").write_text("Harbour bridge closes\n\nThe council said so.\n", "utf-8")
    return tmp_path


def test_backups_names_the_real_backup_folder(work):
    run("--db", "p.sqlite3", "import", "a.txt", cwd=work)
    out = run("--db", "p.sqlite3", "backups", cwd=work)
    assert "p.sqlite3-backups/" in one_sentence(out, 0)


@pytest.mark.parametrize("args", [
    ["--db", "loop.sqlite", "list"], ["--db", "loop.sqlite", "import", "a.txt"],
    ["--db", "loop.sqlite", "backups"], ["--db", "loop.sqlite", "restore"],
    ["--db", "loop.sqlite", "backup"], ["--db", "loopdir/p.sqlite", "list"],
    ["--db", "p.sqlite", "export", "-o", "loop.sqlite"],
    ["--db", "p.sqlite", "restore", "loop.sqlite"],
    ["--db", "p.sqlite", "import", "loop.txt"],
])
def test_a_symlink_loop_is_named_as_one(work, args):
    run("--db", "p.sqlite", "import", "a.txt", cwd=work)
    for name in ("loop.sqlite", "loop.txt", "loopdir"):
        (work / name).symlink_to(name)
    message = one_sentence(run(*args, cwd=work))
    assert "is a symbolic link loop" in message
    assert "loop" in message.split(": is a symbolic link loop")[0]


def test_a_file_name_with_a_newline_stays_on_one_line(work):
    out = run("--db", "two\nlines.sqlite", "list", cwd=work)
    message = one_sentence(out)
    assert "two\\nlines.sqlite" in message and "no such project" in message
    bell = run("--db", "p.sqlite", "import", "missing\x1b[2J\x07.txt", cwd=work)
    assert "missing\\x1b[2J\\x07.txt" in one_sentence(bell)


def test_titles_with_terminal_escapes_are_shown_escaped(work):
    (work / "evil.txt").write_text("\x1b]0;owned\x07Red \x1b[31malert\x9b\n\nBody.\n", "utf-8")
    out = run("--db", "p.sqlite", "import", "evil.txt", cwd=work)
    assert out.returncode == 0, out.stderr
    listed = run("--db", "p.sqlite", "list", cwd=work)
    for shown in (out.stdout, listed.stdout):
        assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
        assert "\\x1b]0;owned\\x07Red \\x1b[31malert\\x9b" in shown
        assert len(shown.splitlines()) == 1


def test_backups_and_restore_print_names_escaped(work):
    name = "odd\tname\x1b.sqlite"
    assert run("--db", name, "import", "a.txt", cwd=work).returncode == 0
    assert run("--db", name, "backup", cwd=work).returncode == 0
    listed = run("--db", name, "backups", cwd=work)
    assert listed.returncode == 0 and "\x1b" not in listed.stdout
    assert listed.stdout.count("\t") == 4 and "odd\\tname\\x1b.sqlite" in listed.stdout
    restored = run("--db", name, "restore", cwd=work)
    assert "odd\\tname\\x1b.sqlite" in one_sentence(restored, 0)


@pytest.mark.parametrize("value", ["", " ", "\t \n"])
def test_an_empty_or_blank_ANNOTATOR_DB_is_a_usage_error(work, value):
    out = run("list", cwd=work, env={"ANNOTATOR_DB": value})
    assert out.returncode == 2 and "ANNOTATOR_DB" in out.stderr, out.stderr
    assert not (Path(os.environ["XDG_DATA_HOME"]) / "annotator").exists()
    assert sorted(p.name for p in work.iterdir()) == ["a.txt"]


@pytest.mark.parametrize("value", [" ", "  \t", "sub/ "])
def test_a_blank_project_name_is_a_usage_error(work, value):
    (work / "sub").mkdir()
    out = run("--db", value, "import", "a.txt", cwd=work)
    assert out.returncode == 2 and "--db" in out.stderr, out.stderr
    assert sorted(p.name for p in work.rglob("*")) == ["a.txt", "sub"]
    env = run("import", "a.txt", cwd=work, env={"ANNOTATOR_DB": value})
    assert env.returncode == 2 and "ANNOTATOR_DB" in env.stderr, env.stderr
    assert sorted(p.name for p in work.rglob("*")) == ["a.txt", "sub"]


def test_an_existing_empty_file_of_another_kind_is_not_made_a_project(work):
    notes = work / "notes.txt"
    notes.write_bytes(b"")
    message = one_sentence(run("--db", "notes.txt", "import", "a.txt", cwd=work))
    assert message.startswith("annotator: ") and "notes.txt" in message
    assert notes.read_bytes() == b""
    assert sorted(p.name for p in work.iterdir()) == ["a.txt", "notes.txt"]


@pytest.mark.parametrize("name", ["empty.sqlite", "empty.SQLITE3", "empty.db", "empty.annotator"])
def test_an_existing_empty_file_with_a_project_name_becomes_a_project(work, name):
    (work / name).write_bytes(b"")
    out = run("--db", name, "import", "a.txt", cwd=work)
    assert out.returncode == 0, out.stderr
    assert (work / name).read_bytes().startswith(b"SQLite format 3\x00")


def test_a_new_file_of_any_name_becomes_a_project(work):
    out = run("--db", "notes.txt", "import", "a.txt", cwd=work)
    assert out.returncode == 0, out.stderr
    assert (work / "notes.txt").read_bytes().startswith(b"SQLite format 3\x00")


@pytest.mark.parametrize("name", ["no_such_folder", "gone.json", "gone.txt", "dangling.txt"])
def test_a_path_that_is_not_there_is_said_so(work, name):
    (work / "dangling.txt").symlink_to("nothing here")
    assert one_sentence(run("--db", "p.sqlite", "import", name, cwd=work)) == \
        f"annotator: {name}: does not exist\n"


def test_a_format_that_writes_a_folder_without_o_is_wrong_usage(work):
    run("--db", "p.sqlite", "import", "a.txt", cwd=work)
    assert one_sentence(run("--db", "p.sqlite", "export", "--format", "brat", cwd=work), 2) == \
        "annotator: --format brat writes a folder: name it with -o\n"


def test_a_json_list_is_refused_with_the_formats_that_read_such_files(work):
    (work / "minimal.json").write_text('[{"text": "Bo left.", "id": 1, "label": [{"start": 0, '
                                       '"end": 2, "labels": ["actor"]}]}]', "utf-8")
    message = one_sentence(run("--db", "p.sqlite", "import", "minimal.json", cwd=work))
    assert "a list is another tool's file: Label Studio's JSON export imports with --format " \
        "labelstudio (not its JSON-MIN or CSV exports)" in message


def test_a_project_that_cannot_be_opened_leaves_no_lock_file_beside_it(work):
    (work / "notes.sqlite").write_text("my notes", "utf-8")
    one_sentence(run("--db", "notes.sqlite", "import", "a.txt", cwd=work))
    assert "no good backup" in one_sentence(run("--db", "gone.sqlite", "restore", cwd=work))
    assert sorted(p.name for p in work.iterdir()) == ["a.txt", "notes.sqlite"]
    assert (work / "notes.sqlite").read_text("utf-8") == "my notes"
    run("--db", "p.sqlite", "import", "a.txt", cwd=work)  # (a project's own lock file stays)
    assert (work / ".p.sqlite.lock").exists()


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(work):
    os.mkfifo(work / "data.json")
    out = run("--db", "p.sqlite", "import", "data.json", cwd=work)  # (120 s at most)
    assert one_sentence(out) == "annotator: data.json: is not a file (a pipe, a device or a " \
        "socket)\n"
