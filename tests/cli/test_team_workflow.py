"""Issue 12's whole team workflow through the installed command, as the README tells it: two
coders on two laptops (two SQLite projects: one imports the articles, the other the first's
export; each annotates as themself; one merges the other's export), then agreement, the
unanimous places into gold, one disagreement decided, and the export carrying the gold layer
with its provenance. The same on one shared project (a SQLite file or a PostgreSQL database)
with the two coders writing to it directly."""

from __future__ import annotations

import json

from cli_run import run

from annotator.storage.project import Project

TEXT = ("Mayor Ann Lee said the bridge will close on Monday. Police disagreed with her.\n"
        "Residents were not told.\n")


def annotate(target, who: str, picks) -> None:
    with Project(target, annotator=who) as project:
        article = project.articles()[0]
        for phrase, tag, trim in picks:
            start = TEXT.index(phrase) + trim
            project.add_annotation(article.id, start, TEXT.index(phrase) + len(phrase), tag)


ALICE = [("Ann Lee", "actor", 0), ("said the bridge will close on Monday", "quote", 0),
         ("Residents were not told.", "claim", 0)]
BOB = [("Ann Lee", "actor", 0), ("said the bridge will close on Monday", "quote", 5),
       ("Police disagreed with her.", "claim", 0)]


def check_agreement_and_gold(db: str, tmp_path) -> None:
    done = run("--db", db, "agreement", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["annotators"] == ["alice", "bob"]
    assert report["tags"]["actor"]["f1_strict"] == 1.0
    assert report["tags"]["quote"]["f1_strict"] == 0.0
    assert report["tags"]["quote"]["f1_overlap"] == 1.0
    assert report["tags"]["claim"]["f1_strict"] == 0.0
    done = run("--db", db, "--as", "carol", "adjudicate", "--accept-unanimous", cwd=tmp_path)
    assert done.returncode == 0 and "accepted 1 unanimous place" in done.stderr, done.stderr
    listed = run("--db", db, "adjudicate", "--list", cwd=tmp_path).stdout.splitlines()
    assert [line.split("\t")[4:6] for line in listed] == [
        ["extent", "open"], ["missing", "open"], ["missing", "open"], ["unanimous", "decided"]]
    with Project(db, annotator="carol") as carol:  # the window's Accept, through its use case
        quote = next(p for p in carol.adjudication_places() if p.kind == "extent")
        alices = next(a.id for a in carol.annotations(carol.articles()[0].id)
                      if a.annotator == "alice" and a.tag == "quote")
        carol.decide(quote, "accept", source_ids=[alices], note="full clause")
    exported = json.loads(run("--db", db, "export", cwd=tmp_path).stdout)
    gold = sorted((a["tag"], a["text"], a["attributes"]["decision"],
                   a["attributes"]["gold_from_annotator"], a["attributes"]["decided_by"])
                  for a in exported["articles"][0]["annotations"] if a["annotator"] == "gold")
    assert gold == [("actor", "Ann Lee", "unanimous", "alice", "carol"),
                    ("quote", "said the bridge will close on Monday", "accept", "alice",
                     "carol")]


def test_two_laptops_merge_measure_and_adjudicate(tmp_path):
    (tmp_path / "report.txt").write_text(TEXT, encoding="utf-8")
    alice, bob = str(tmp_path / "alice.sqlite"), str(tmp_path / "bob.sqlite")
    assert run("--db", alice, "--as", "alice", "import", "report.txt", cwd=tmp_path).returncode == 0
    assert run("--db", alice, "export", "-o", "base.json", cwd=tmp_path).returncode == 0
    assert run("--db", bob, "--as", "bob", "import", "base.json", cwd=tmp_path).returncode == 0
    annotate(alice, "alice", ALICE)
    annotate(bob, "bob", BOB)
    assert run("--db", bob, "export", "-o", "bob.json", cwd=tmp_path).returncode == 0
    merged = run("--db", alice, "import", "bob.json", cwd=tmp_path)
    assert merged.returncode == 0 and "3 annotations added" in merged.stderr, merged.stderr
    again = run("--db", alice, "import", "bob.json", cwd=tmp_path)
    assert "0 annotations added" in again.stderr and "3 already there" in again.stderr
    check_agreement_and_gold(alice, tmp_path)


def test_one_shared_project_two_coders(db_target, tmp_path):
    (tmp_path / "report.txt").write_text(TEXT, encoding="utf-8")
    db = str(db_target)
    assert run("--db", db, "--as", "alice", "import", "report.txt", cwd=tmp_path).returncode == 0
    annotate(db_target, "alice", ALICE)
    annotate(db_target, "bob", BOB)
    check_agreement_and_gold(db, tmp_path)
