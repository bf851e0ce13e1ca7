"""Adjudication in storage: each outcome's rows in annotations and decisions, the gold layer's
provenance, gold links, accept_unanimous in one transaction, undo and redo restoring the rows
exactly, and the gold layer in the exports."""

from __future__ import annotations

import csv
import io
import json
import pytest
from dbrows import is_pg, rows

from annotator.domain.model import ParsedArticle
from annotator.errors import InputRefused
from annotator.storage.project import Project

TEXT = "Mayor Ann Lee said the bridge will close. Police disagreed. The river rose."
# "Ann Lee" 6-13, "said the bridge will close" 14-40, "Police" 42-48


@pytest.fixture
def coders(db_target):
    """alice and bob on one project (a SQLite file, or a PostgreSQL database): agreeing on an
    actor, disagreeing on a claim's extent, a quote only alice tagged and a tag disagreement on
    "Police"."""
    path = db_target
    with Project(path, annotator="alice") as alice, Project(path, annotator="bob") as bob, \
            Project(path, annotator="carol") as carol:
        article = alice.add_article(ParsedArticle(text=TEXT, title="Bridge"))[0]
        ids = {}
        for who, p, tag, start, end in (
                ("a_actor", alice, "actor", 6, 13), ("b_actor", bob, "actor", 6, 13),
                ("a_claim", alice, "claim", 14, 40), ("b_claim", bob, "claim", 19, 40),
                ("a_quote", alice, "quote", 0, 41),
                ("a_police", alice, "actor", 42, 48), ("b_police", bob, "claim", 42, 48)):
            ids[who] = p.add_annotation(article.id, start, end, tag).id
        alice.add_link(ids["a_quote"], ids["a_actor"], "speaker")
        yield carol, article, ids, path


def table(path, sql):
    return sorted(rows(path, sql))


def columns(path, name):
    if is_pg(path):
        return [c[0] for c in rows(path, "SELECT column_name FROM information_schema.columns "
                                         "WHERE table_name = ? ORDER BY ordinal_position", (name,))]
    return [c[1] for c in rows(path, f"PRAGMA table_info({name})")]


def snapshot(path):
    """Every row of the three tables, but the version column: a restored annotation or link is
    one version up by design (storage/writes/versions.py: a version never comes back)."""
    out = {}
    for name in ("annotations", "links", "decisions"):
        kept = [c for c in columns(path, name) if c != "version"]
        out[name] = table(path, f'SELECT {", ".join(map(repr, kept))} FROM {name}'.replace("'", '"'))
    return out


def place_with(project, ident):
    return next(p for p in project.adjudication_places() if ident in p.span_ids)


def gold(project, article):
    return [a for a in project.annotations(article.id) if a.annotator == "gold"]


def test_places_in_order(coders):
    carol, article, ids, _ = coders
    places = carol.adjudication_places()
    assert [(p.kind, p.start, p.end, p.tags) for p in places] == [
        ("missing", 0, 41, ("quote",)), ("extent", 14, 40, ("claim",)),
        ("tag", 42, 48, ("actor", "claim")), ("unanimous", 6, 13, ("actor",))]
    assert [s.text for s in places[1].spans] == ["said the bridge will close", "the bridge will close"]


def test_accept_copies_the_span_with_provenance(coders):
    carol, article, ids, path = coders
    carol.set_attributes(ids["b_claim"], {"quote_form": "indirect"})
    [decision] = carol.decide(place_with(carol, ids["a_claim"]), "accept",
                              source_ids=[ids["b_claim"]], note="bob's is tighter")
    [made] = gold(carol, article)
    assert (made.tag, made.start, made.end, made.text) == ("claim", 19, 40, "the bridge will close")
    assert made.attributes == {
        "quote_form": "indirect", "gold_from": ids["b_claim"], "gold_from_annotator": "bob",
        "decided_by": "carol", "decided_at": decision.decided_at, "decision": "accept",
        "decision_note": "bob's is tighter"}
    assert table(path, 'SELECT d.article_id, t.name, d.start, d."end", d.outcome, d.sources, '
                       "d.gold_id, a.name, d.note FROM decisions d JOIN tags t ON t.id = d.tag_id "
                       "JOIN annotators a ON a.id = d.decided_by") == [
        (article.id, "claim", 19, 40, "accept", json.dumps(sorted([ids["a_claim"], ids["b_claim"]]),
                                                           separators=(",", ":")),
         made.id, "carol", "bob's is tighter")]
    assert place_with(carol, ids["a_claim"]).settled
    with pytest.raises(InputRefused, match="decided already"):
        carol.decide(place_with(carol, ids["a_claim"]), "reject")


def test_both_edit_and_reject(coders):
    carol, article, ids, path = coders
    both = carol.decide(place_with(carol, ids["a_police"]), "both")
    assert len(both) == 2 and {d.outcome for d in both} == {"both"}
    assert sorted((a.tag, a.start, a.end, a.attributes["gold_from"])
                  for a in gold(carol, article)) == [("actor", 42, 48, ids["a_police"]),
                                                     ("claim", 42, 48, ids["b_police"])]
    [edit] = carol.decide(place_with(carol, ids["a_claim"]), "edit", source_ids=[ids["a_claim"]],
                          start=19, end=39)
    edited = carol.annotation(edit.gold_id)
    assert (edited.tag, edited.text, edited.attributes["decision"],
            edited.attributes["gold_from_annotator"]) == ("claim", "the bridge will clos", "edit",
                                                          "alice")
    [reject] = carol.decide(place_with(carol, ids["a_quote"]), "reject", note="not a quote")
    assert reject.gold_id is None
    assert table(path, "SELECT outcome, gold_id IS NULL, note FROM decisions "
                       "WHERE outcome = 'reject'") == [("reject", 1, "not a quote")]
    assert len(gold(carol, article)) == 3
    assert [p.kind for p in carol.adjudication_places() if not p.settled] == ["unanimous"]


def test_refusals(coders):
    carol, article, ids, _ = coders
    place = place_with(carol, ids["a_claim"])
    with pytest.raises(InputRefused, match="exactly one"):
        carol.decide(place, "accept", source_ids=[ids["a_claim"], ids["b_claim"]])
    with pytest.raises(InputRefused, match="not one of this place"):
        carol.decide(place, "accept", source_ids=[ids["a_actor"]])
    with pytest.raises(InputRefused, match="start and end"):
        carol.decide(place, "edit")
    with pytest.raises(InputRefused, match="accept, both, edit or reject"):
        carol.decide(place, "maybe")
    carol.set_extent(ids["b_claim"], 18, 40)
    with pytest.raises(InputRefused, match="changed since"):
        carol.decide(place, "reject")
    assert carol.decisions() == []


def test_accept_unanimous_one_transaction_and_links_copied(coders):
    carol, article, ids, path = coders
    seen = []
    carol.subscribe(seen.append)
    made = carol.accept_unanimous()
    assert [(d.outcome, d.start, d.end) for d in made] == [("unanimous", 6, 13)]
    assert len(seen) == 1 and seen[0].decisions  # one transaction, one Change
    [actor] = gold(carol, article)
    assert actor.attributes["gold_from"] == f"{ids['a_actor']} {ids['b_actor']}"
    assert actor.attributes["gold_from_annotator"] == "alice"
    assert carol.accept_unanimous() == []  # nothing left
    [quote] = carol.decide(place_with(carol, ids["a_quote"]), "accept", source_ids=[ids["a_quote"]])
    gold_links = [k for k in carol.links() if k.annotator == "gold"]
    assert [(k.type, k.from_id, k.to_id) for k in gold_links] == [("speaker", quote.gold_id,
                                                                    actor.id)]


def test_undo_restores_rows_exactly_and_redo_puts_them_back(coders):
    carol, article, ids, path = coders
    carol.accept_unanimous()
    before = snapshot(path)
    decided = carol.decide(place_with(carol, ids["a_quote"]), "accept", source_ids=[ids["a_quote"]])
    carol.decide(place_with(carol, ids["a_police"]), "both")
    after_both = snapshot(path)
    both_ids = [d.id for d in carol.decisions() if d.outcome == "both"]
    undone = carol.undo_decision(both_ids[1])  # one row of a "both" takes its sibling with it
    assert len(undone.decisions) == 2 and len(undone.annotations) == 2
    carol.restore_decisions(undone)
    assert snapshot(path) == after_both
    carol.undo_decision(both_ids[0])
    taken = carol.undo_decision(decided[0].id)
    assert len(taken.links) == 1  # the gold speaker link went with its quote
    assert snapshot(path) == before
    carol.restore_decisions(taken)
    carol.undo_decisions([d.id for d in carol.decisions()])
    assert snapshot(path)["decisions"] == [] and gold(carol, article) == []


def test_export_carries_gold_and_its_provenance(coders, tmp_path):
    carol, article, ids, _ = coders
    carol.accept_unanimous()
    carol.decide(place_with(carol, ids["a_claim"]), "accept", source_ids=[ids["a_claim"]],
                 note="kept")
    from annotator import cli

    out = tmp_path / "out.json"
    assert cli.main(["--db", str(coders[3]), "export", "-o", str(out)]) == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert exported["version"] == 2
    golds = [a for a in exported["articles"][0]["annotations"] if a["annotator"] == "gold"]
    assert sorted((a["start"], a["end"], a["attributes"]["decision"]) for a in golds) == [
        (6, 13, "unanimous"), (14, 40, "accept")]
    claim = next(a for a in golds if a["start"] == 14)
    assert claim["attributes"]["gold_from"] == ids["a_claim"]
    assert claim["attributes"]["decision_note"] == "kept"
    assert claim["attributes"]["decided_by"] == "carol"


def test_csv_export_carries_gold(coders, tmp_path):
    from annotator import cli

    carol, article, ids, path = coders
    carol.accept_unanimous()
    out = tmp_path / "spans.csv"
    assert cli.main(["--db", str(path), "export", "--format", "csv", "-o", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    [row] = [r for r in rows if r["annotator"] == "gold"]
    assert (row["start"], row["end"], row["tag"]) == ("6", "13", "actor")
    assert "unanimous" in json.dumps(row) and ids["a_actor"] in json.dumps(row)


def test_command_line_lists_places_and_accepts_unanimous(coders, capsys):
    from annotator import cli

    carol, article, ids, path = coders
    assert cli.main(["--db", str(path), "adjudicate", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[1:6] for line in lines] == [
        ["0", "41", "quote", "missing", "open"], ["14", "40", "claim", "extent", "open"],
        ["42", "48", "actor|claim", "tag", "open"], ["6", "13", "actor", "unanimous", "open"]]
    assert lines[1].split("\t")[6] == "alice 14-40 claim | bob 19-40 claim"
    assert cli.main(["--db", str(path), "--as", "dora", "adjudicate", "--accept-unanimous"]) == 0
    assert "accepted 1 unanimous place" in capsys.readouterr().err
    assert [(a.start, a.attributes["decided_by"]) for a in gold(carol, article)] == [(6, "dora")]
    assert cli.main(["--db", str(path), "--as", "gold", "adjudicate", "--list"]) == 2
    assert "gold layer" in capsys.readouterr().err
