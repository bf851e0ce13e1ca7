"""Real files written by other annotation tools (../shared/peers, beside the checkout) are not
exports of ours: each is refused with one sentence naming it, exit status 1 (DESIGN.md section
4), and the project is left exactly as it was."""

import hashlib
import os
from pathlib import Path

import pytest
from cli_run import run

ROOT = Path(__file__).resolve().parents[2]
PEERS = Path(os.environ.get("ANNOTATOR_PEERS") or ROOT.parent / "shared" / "peers")
FILES = sorted(p for p in PEERS.rglob("*") if p.is_file() and p.suffix in (".json", ".txt")) \
    if PEERS.is_dir() else []


@pytest.mark.skipif(not FILES, reason="../shared/peers is not beside this checkout")
def test_other_tools_json_is_refused_with_a_sentence_and_nothing_written(tmp_path):
    project = tmp_path / "p.sqlite"
    (tmp_path / "a.txt").write_text("A report on the bridge.\n", "utf-8")
    assert run("--db", str(project), "import", "a.txt", cwd=tmp_path).returncode == 0
    before = hashlib.sha256(run("--db", str(project), "list", cwd=tmp_path).stdout.encode()).digest()
    json_files = [p for p in FILES if p.suffix == ".json"]
    assert json_files
    for peer in json_files:
        done = run("--db", str(project), "import", str(peer), cwd=tmp_path)
        assert done.returncode == 1, (peer, done.stdout)
        lines = done.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"annotator: {peer}: "), (peer, done.stderr)
        assert "Traceback" not in done.stderr
    after = hashlib.sha256(run("--db", str(project), "list", cwd=tmp_path).stdout.encode()).digest()
    assert after == before
