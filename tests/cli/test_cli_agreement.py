"""`annotator agreement [--format json|text] [--annotators A,B]` (DESIGN.md section 10) through
the installed command, on a fixed project of two annotators imported from an export: the JSON
bytes, the text table with its verdicts, read-only use beside a window, refusals in one
sentence, usage errors."""

import os
import subprocess

import pytest
from agreement_sample import write_sample
from cli_run import ENTRY, run

from annotator.storage.project import Project

# By hand: claim 1 exact of 3 + 2 spans (strict .4), 2 overlapping (.8); quote 0 exact, 1
# overlapping; actor 1 exact of 1 + 2; article B (0 exact) before A; the speaker links' quotes
# differ, so no link matches.
EXPECTED = b'''
{
  "annotators": [
    "alice",
    "bob"
  ],
  "tags": {
    "claim": {
      "f1_strict": 0.4,
      "f1_overlap": 0.8,
      "alpha": 0.6573,
      "alpha_u": 0.7014,
      "spans": {
        "alice": 3,
        "bob": 2
      }
    },
    "quote": {
      "f1_strict": 0.0,
      "f1_overlap": 1.0,
      "alpha": 0.8738,
      "alpha_u": 0.9553,
      "spans": {
        "alice": 1,
        "bob": 1
      }
    },
    "actor": {
      "f1_strict": 0.6667,
      "f1_overlap": 0.6667,
      "alpha": 0.765,
      "alpha_u": 0.8391,
      "spans": {
        "alice": 1,
        "bob": 2
      }
    }
  },
  "overall": {
    "f1_strict": 0.4,
    "f1_overlap": 0.8,
    "spans": {
      "alice": 5,
      "bob": 5
    }
  },
  "articles": [
    {
      "id": "00000000-0000-4000-8000-00000000b000",
      "f1_strict": 0.0,
      "f1_overlap": 0.6667,
      "spans": {
        "alice": 1,
        "bob": 2
      },
      "title": "Closure brief"
    },
    {
      "id": "00000000-0000-4000-8000-00000000a000",
      "f1_strict": 0.5714,
      "f1_overlap": 0.8571,
      "spans": {
        "alice": 4,
        "bob": 3
      },
      "title": "Bridge report"
    }
  ],
  "links": {
    "speaker": {
      "f1": 0.0,
      "links": {
        "alice": 1,
        "bob": 1
      }
    },
    "cross_article": {
      "f1": null,
      "links": {
        "alice": 0,
        "bob": 0
      }
    }
  }
}
'''.lstrip(b"\n")


def run_bytes(*args, cwd):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    return subprocess.run([str(ENTRY), *args], cwd=cwd, env=env, capture_output=True, timeout=120)


@pytest.fixture
def folder(tmp_path):
    write_sample(tmp_path / "two.json")
    done = run("--db", "p.sqlite", "import", "two.json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return tmp_path


def test_json_bytes_of_a_fixed_project(folder):
    done = run_bytes("--db", "p.sqlite", "agreement", cwd=folder)
    assert done.returncode == 0 and done.stderr == b""
    assert done.stdout == EXPECTED
    again = run_bytes("--db", "p.sqlite", "agreement", "--format", "json", "--annotators",
                      "alice,bob", cwd=folder)
    assert again.stdout == EXPECTED


def test_text_table_with_verdicts(folder):
    done = run("--db", "p.sqlite", "agreement", "--format", "text", cwd=folder)
    assert done.returncode == 0 and done.stderr == ""
    lines = done.stdout.splitlines()
    assert lines[0] == "Agreement of alice and bob (2 articles annotated by both)"
    rows = {line.split()[0]: line.split() for line in lines if line.split()}
    assert rows["claim"] == ["claim", "3", "2", "0.400", "0.800", "0.657", "not", "reliable",
                             "0.701", "tentative"]
    assert rows["quote"][5:] == ["0.874", "reliable", "0.955", "reliable"]
    assert rows["actor"][5:] == ["0.765", "tentative", "0.839", "reliable"]
    assert rows["speaker"] == ["speaker", "1", "1", "0.000"]
    assert rows["cross-article"] == ["cross-article", "0", "0", "—"]
    assert any(line.startswith("Verdicts: alpha >= 0.800 reliable, 0.667 to 0.800 tentative")
               for line in lines)
    worst = lines.index("Articles, worst first:")
    assert lines[worst + 3].startswith("Closure brief")
    assert lines[worst + 4].startswith("Bridge report")


def test_reads_only_beside_a_window(folder):
    def files():
        return {p.name: p.read_bytes() for p in folder.iterdir()
                if p.is_file() and not p.name.endswith(("-wal", "-shm"))}

    with Project(folder / "p.sqlite", lock="window"):
        before = files()
        done = run_bytes("--db", "p.sqlite", "agreement", cwd=folder)
        assert done.returncode == 0, done.stderr
        assert done.stdout == EXPECTED
        assert files() == before


def test_refusals_name_the_annotators(folder):
    done = run("--db", "p.sqlite", "agreement", "--annotators", "alice,zed", cwd=folder)
    assert done.returncode == 1
    assert done.stderr == ("annotator: zed: no annotation by this annotator in this project "
                           "(its annotators: alice, bob)\n")
    done = run("--db", "p.sqlite", "agreement", "--annotators", "alice", cwd=folder)
    assert done.returncode == 1 and "two different names" in done.stderr
    with Project(folder / "p.sqlite", annotator="carol") as project:
        article = project.articles()[0]
        project.add_annotation(article.id, 0, 3, "claim")
    done = run("--db", "p.sqlite", "agreement", cwd=folder)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr == ("annotator: agreement needs two annotators and this project has 3 "
                           "(alice, bob, carol); choose two with --annotators A,B\n")


def test_usage_and_empty_projects(tmp_path):
    done = run("--db", "p.sqlite", "agreement", "--format", "xml", cwd=tmp_path)
    assert done.returncode == 2 and "invalid choice: 'xml'" in done.stderr
    done = run("--db", "missing.sqlite", "agreement", cwd=tmp_path)
    assert done.returncode == 1 and list(tmp_path.iterdir()) == []
    Project(tmp_path / "e.sqlite").close()
    done = run("--db", "e.sqlite", "agreement", cwd=tmp_path)
    assert done.returncode == 1
    assert "has 0 (none)" in done.stderr
