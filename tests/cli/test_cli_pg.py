"""The command line on a shared PostgreSQL project (DESIGN.md section 11), through the installed
command: `init`, every reading and writing command on a URL giving the same bytes as on a
SQLite file with the same content, and the one-sentence refusals (a password in the URL, a
missing database, an unreachable server, backups)."""

from __future__ import annotations

import re

import pytest
from cli_run import run
from compare_sample import sample_project

TEXT = "Harbour bridge closes\n\nThe council said the bridge “is unsafe”. 🌉\n"


def one_sentence(out, code=1) -> str:
    assert out.returncode == code, out.stderr
    assert "Traceback" not in out.stderr and out.stderr.count("\n") == 1, out.stderr
    return out.stderr


def test_init_then_every_command_on_a_url(pg_url, tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, "utf-8")
    assert "init" in one_sentence(run("--db", pg_url, "list", cwd=tmp_path))
    assert "created an annotator project" in one_sentence(run("--db", pg_url, "init",
                                                              cwd=tmp_path), 0)
    assert "already an annotator project" in one_sentence(run("--db", pg_url, "init",
                                                              cwd=tmp_path))
    assert run("--db", pg_url, "import", "a.txt", cwd=tmp_path).returncode == 0
    assert run("--db", pg_url, "--as", "Ana", "import", "a.txt", cwd=tmp_path).returncode == 0
    listed = run("--db", pg_url, "list", cwd=tmp_path)
    assert listed.returncode == 0 and "\tHarbour bridge closes\t0" in listed.stdout
    assert run("--db", pg_url, "actors", cwd=tmp_path).returncode == 0
    assert run("--db", pg_url, "compare", cwd=tmp_path).returncode == 0
    exported = run("--db", pg_url, "export", "-o", "out.json", cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    # ANNOTATOR_DB takes a URL too
    assert "Harbour" in run("list", cwd=tmp_path, env={"ANNOTATOR_DB": pg_url}).stdout


def test_the_same_content_gives_the_same_bytes_on_both(pg_url, tmp_path):
    """The annotated samples (actors, speaker and claim links) on SQLite, merged into a
    PostgreSQL project: export, compare and actors print the same bytes."""
    sample_project(tmp_path / "p.sqlite").close()
    assert run("--db", "p.sqlite", "export", "-o", "e.json", cwd=tmp_path).returncode == 0
    run("--db", pg_url, "init", cwd=tmp_path)
    merged = run("--db", pg_url, "import", "e.json", cwd=tmp_path)
    assert merged.returncode == 0, merged.stderr
    for command in (["export"], ["export", "--format", "csv", "-o", "{}.csv"], ["compare"],
                    ["compare", "--format", "csv"], ["actors"], ["list"]):
        outputs = []
        for db, name in (("p.sqlite", "file"), (pg_url, "pg")):
            args = [a.format(name) for a in command]
            done = run("--db", db, *args, cwd=tmp_path)
            assert done.returncode == 0, done.stderr
            text = done.stdout
            if "-o" in args:
                text = (tmp_path / args[-1]).read_text("utf-8") if (tmp_path / args[-1]).is_file() \
                    else "".join(p.read_text("utf-8") for p in sorted((tmp_path / args[-1]).iterdir()))
            outputs.append(re.sub(r'"exported_at": ?"[^"]*"', "", text))
        assert outputs[0] == outputs[1], command


@pytest.mark.parametrize("command", [["backups"], ["backup"], ["restore"]])
def test_backups_of_a_url_say_pg_dump(pg_url, tmp_path, command):
    run("--db", pg_url, "init", cwd=tmp_path)
    assert "pg_dump" in one_sentence(run("--db", pg_url, *command, cwd=tmp_path))


def test_refusals_are_one_sentence(pg_url, tmp_path):
    password = pg_url.replace("@", ":hunter2@", 1)
    said = one_sentence(run("--db", password, "list", cwd=tmp_path))
    assert "password in the URL is refused" in said and "hunter2" not in said
    missing = pg_url.rsplit("/", 1)[0] + "/nothere"
    assert "there is no database nothere" in one_sentence(run("--db", missing, "list",
                                                              cwd=tmp_path))
    closed = re.sub(r":\d+/", ":1/", pg_url)
    assert "cannot be reached" in one_sentence(run("--db", closed, "import", "x.txt",
                                                   cwd=tmp_path))


def test_init_of_a_file_makes_a_new_project_and_refuses_an_existing_one(tmp_path):
    assert "created" in one_sentence(run("--db", "new.sqlite", "init", cwd=tmp_path), 0)
    assert "already an annotator project" in one_sentence(run("--db", "new.sqlite", "init",
                                                              cwd=tmp_path))
    (tmp_path / "notes.db").write_bytes(b"not a database at all, some notes")
    assert "not" in one_sentence(run("--db", "notes.db", "init", cwd=tmp_path))
    assert (tmp_path / "notes.db").read_bytes() == b"not a database at all, some notes"
