"""Real files written by other annotation tools (../shared/peers, beside the checkout; CI sets
ANNOTATOR_PEERS) go through `import` with format detection: each is either imported (exit 0) or
refused, wholly or in part, with sentences each naming the file (exit 1), never a traceback; and
the project always opens and lists afterwards. The per-format tests check the spans' texts."""

import os
from pathlib import Path

import pytest
from cli_run import run

ROOT = Path(__file__).resolve().parents[2]
PEERS = Path(os.environ.get("ANNOTATOR_PEERS") or ROOT.parent / "shared" / "peers")
SUFFIXES = (".json", ".jsonl", ".qdpx", ".ann", ".tsv", ".xmi", ".conll", ".user1")
FILES = sorted(p for p in PEERS.rglob("*") if p.is_file() and p.suffix in SUFFIXES) \
    if PEERS.is_dir() else []


@pytest.mark.skipif(not FILES, reason="../shared/peers is not beside this checkout")
@pytest.mark.parametrize("peer", FILES, ids=lambda p: str(p.relative_to(PEERS)))
def test_other_tools_files_import_or_are_refused_in_sentences(tmp_path, peer):
    project = tmp_path / "p.sqlite"
    (tmp_path / "a.txt").write_text("A report on the bridge.\n", "utf-8")
    assert run("--db", str(project), "import", "a.txt", cwd=tmp_path).returncode == 0
    target = peer.parent if peer.suffix == ".ann" else peer  # brat: the folder
    done = run("--db", str(project), "import", str(target), cwd=tmp_path)
    assert done.returncode in (0, 1), (peer, done.stderr)
    assert "Traceback" not in done.stderr
    if done.returncode == 1:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        assert lines and all(str(target) in line for line in lines if "refused" in line), \
            (peer, done.stderr)
    listed = run("--db", str(project), "list", cwd=tmp_path)
    assert listed.returncode == 0 and "A report on the bridge." in listed.stdout
