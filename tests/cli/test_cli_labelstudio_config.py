"""`export --format labelstudio -o FILE.json` writes the labelling config beside the tasks
(FILE.config.xml, what import reads beside a tasks file), so the tags' colours and descriptions
are not lost; standard output still gets the tasks alone and says so."""

from __future__ import annotations

import sqlite3

from cli_run import run

from annotator.formats.exchange.labelstudio.labelstudio_write import config_xml
from annotator.storage.reads.bundle_out import project_bundle


def _project(tmp_path):
    (tmp_path / "a.txt").write_text("Harbour bridge closes\n\nThe council said so.\n", "utf-8")
    done = run("--db", "p.sqlite", "import", "a.txt", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return tmp_path


def test_file_export_writes_the_config_beside_and_it_comes_back(tmp_path):
    work = _project(tmp_path)
    with sqlite3.connect(work / "p.sqlite") as conn:  # (not what a new project has)
        conn.execute("UPDATE tags SET color = '#123456', description = 'Said, checked' "
                     "WHERE name = 'claim'")
    done = run("--db", "p.sqlite", "export", "--format", "labelstudio", "-o", "out.tasks.json",
               cwd=work)
    assert done.returncode == 0, done.stderr
    assert "colours and descriptions" not in done.stderr  # nothing lost of the tags
    config = work / "out.tasks.config.xml"
    with sqlite3.connect(work / "p.sqlite") as conn:
        assert config.read_bytes() == config_xml(project_bundle(conn))
    assert b'<Label value="claim" background="#123456" hint="Said, checked"/>' in \
        config.read_bytes()
    assert sorted(p.name for p in work.iterdir() if p.name.startswith("out")) == [
        "out.tasks.config.xml", "out.tasks.json"]  # (no temporary file left)
    # Imported into a new project, the tags keep their colours (the config was read beside).
    done = run("--db", "q.sqlite", "import", "out.tasks.json", cwd=work)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(work / "p.sqlite") as a, sqlite3.connect(work / "q.sqlite") as b:
        query = "SELECT name, color, description FROM tags ORDER BY name"
        assert a.execute(query).fetchall() == b.execute(query).fetchall()
        assert ("claim", "#123456", "Said, checked") in b.execute(query).fetchall()


def test_standard_output_gets_the_tasks_alone_and_says_so(tmp_path):
    work = _project(tmp_path)
    done = run("--db", "p.sqlite", "export", "--format", "labelstudio", cwd=work)
    assert done.returncode == 0, done.stderr
    assert "-o FILE.json writes FILE.config.xml beside it" in done.stderr
    assert not list(work.glob("*.config.xml"))
