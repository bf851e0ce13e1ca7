"""Export format version 2 end to end (DESIGN.md section 9): what the project writes, what an
import merges (actors, link types, links, an annotation's actor and attributes), and what it
refuses whole."""

import io
import json
import re
from importlib.resources import files

import jsonschema
import pytest
from dbrows import rows

from annotator.domain.model import ParsedArticle
from annotator.errors import InputRefused
from annotator.storage.project import Project


@pytest.fixture
def project_path(db_target):
    """The project under test: a SQLite file, then a PostgreSQL database (conftest.db_target)."""
    return db_target


TEXT_A = "Harbour master Ilse Varga said the pier was sound. Varga added that ferries would run."
TEXT_B = "Officials doubted the pier was sound, and the harbour master did not answer."
STAMP = "2026-11-29T10:00:00.000Z"
SCHEMA = json.loads(files("annotator.formats.export").joinpath("export.schema.json").read_text("utf-8"))


def exported(project) -> bytes:
    out = io.BytesIO()
    project.write_export(out)
    return out.getvalue()


def without_time(data: bytes) -> bytes:
    return re.sub(rb'"exported_at": "[^"]*"', b'"exported_at": ""', data, count=1)


def span(project, article, text, piece, tag, **kw):
    start = text.index(piece)
    return project.add_annotation(article.id, start, start + len(piece), tag, **kw)


def fill(project):
    """Two articles, three actors (two of them sharing a case-folded first letter), a speaker
    link, a cross-article 'same' link made larger id first, and a link type of the user's."""
    a = project.add_article(ParsedArticle(text=TEXT_A, title="A"))[0]
    b = project.add_article(ParsedArticle(text=TEXT_B, title="B"))[0]
    varga = project.add_actor("Ilse Varga", ["Varga", "varga", "Harbour master"],
                              "person", "", actor_id="f-varga")
    project.add_actor("officials", [], "group", "unnamed", actor_id="e-officials")
    project.add_actor("Ferry company", [], None, "", actor_id="d-ferry")
    who = span(project, a, TEXT_A, "Harbour master Ilse Varga", "actor", actor=varga.id,
               annotation_id="a-who")
    said = span(project, a, TEXT_A, "the pier was sound", "quote", annotation_id="z-said",
                attributes={"quote_form": "indirect", "anonymous": False})
    span(project, a, TEXT_A, "ferries would run", "claim", annotation_id="m-ferries")
    doubt = span(project, b, TEXT_B, "the pier was sound", "claim", annotation_id="b-doubt",
                 note="denied")
    span(project, b, TEXT_B, "Officials", "actor", actor="e-officials", annotation_id="c-off")
    project.add_link(said.id, who.id, "speaker", link_id="l-speaker")
    project.add_link(said.id, doubt.id, "contradicts", "across articles", link_id="l-contra")
    project.add_link_type("echoes", False, "one report repeats the other")
    project.add_link(doubt.id, said.id, "echoes", link_id="l-echo")
    return a, b


@pytest.fixture
def filled(project):
    fill(project)
    return project


def test_the_export_is_version_2_and_follows_the_contract(filled):
    data = exported(filled)
    doc = json.loads(data)
    jsonschema.validate(doc, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert list(doc) == ["format", "version", "exported_at", "offsets", "tags", "link_types",
                         "actors", "articles", "links"]
    assert doc["version"] == 2
    assert [(t["name"], t["directed"]) for t in doc["link_types"]] == [
        ("speaker", True), ("same", False), ("contradicts", False), ("elaborates", True),
        ("echoes", False)]  # the project's order
    assert [a["id"] for a in doc["actors"]] == ["d-ferry", "f-varga", "e-officials"]
    assert doc["actors"][1] == {"id": "f-varga", "name": "Ilse Varga", "aliases": [
        "Harbour master", "Varga"], "kind": "person", "description": ""}
    annotations = {n["id"]: n for art in doc["articles"] for n in art["annotations"]}
    assert annotations["a-who"]["actor"] == "f-varga" and "attributes" not in annotations["a-who"]
    assert annotations["z-said"]["attributes"] == {"anonymous": False, "quote_form": "indirect"}
    assert "actor" not in annotations["z-said"] and "actor" not in annotations["m-ferries"]
    assert [(k["type"], k["from"], k["to"], k["id"]) for k in doc["links"]] == [
        ("contradicts", "b-doubt", "z-said", "l-contra"),  # undirected: smaller id first
        ("echoes", "b-doubt", "z-said", "l-echo"),
        ("speaker", "z-said", "a-who", "l-speaker")]        # directed: as made
    assert list(doc["links"][0]) == ["id", "type", "from", "to", "note", "annotator",
                                     "created_at", "updated_at"]
    assert data.count(b'\n    {"id":"l-') == 3  # one link per line


def test_a_version_1_file_validates_against_the_same_schema():
    doc = {"format": "annotator-export", "version": 1, "exported_at": "2026-01-01T00:00:00Z",
           "offsets": "codepoints", "tags": [{"name": "claim", "color": "#d9534f", "description": ""}],
           "articles": [{"id": "a", "title": "T", "source": None, "url": None, "author": None,
                         "published": None, "imported_at": "2026-01-01T00:00:00Z",
                         "text_sha256": "0" * 64, "text": "Alice", "annotations": [
                             {"id": "n", "tag": "claim", "start": 0, "end": 5, "text": "Alice",
                              "note": "", "annotator": "x", "created_at": "2026-01-01T00:00:00Z",
                              "updated_at": "2026-01-01T00:00:00Z"}]}]}
    jsonschema.validate(doc, SCHEMA, format_checker=jsonschema.FormatChecker())
    with pytest.raises(jsonschema.ValidationError):  # version 2 needs its lists
        jsonschema.validate(dict(doc, version=2), SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(dict(doc, version=3), SCHEMA)


def test_export_import_export_gives_the_same_bytes(filled, tmp_path):
    first = exported(filled)
    assert without_time(exported(filled)) == without_time(first)
    path = tmp_path / "export.json"
    path.write_bytes(first)
    with Project(tmp_path / "new.sqlite") as new:
        report = new.merge_export_file(path)
        assert (report.added, report.links_added, report.actors_added) == (5, 3, 3)
        assert report.summary() == ("2 articles and 5 annotations added, 0 updated, 0 already "
                                    "there, 3 links, 3 actors and 1 link type added")
        assert without_time(exported(new)) == without_time(first)
        assert new.last_change.links_reloaded and new.last_change.actors


def files_of(path) -> dict:
    """The project file and its write-ahead log, byte for byte."""
    return {p.name: p.read_bytes() for p in (path, path.with_name(path.name + "-wal"))
            if p.exists()}


def counts(path) -> dict:
    return {t: rows(path, f"SELECT count(*) FROM {t}")[0][0]
            for t in ("articles", "annotations", "tags", "annotators", "actors", "link_types",
                      "links")}


def test_importing_the_same_file_twice_writes_nothing(filled, tmp_path, project_path):
    path = tmp_path / "export.json"
    path.write_bytes(exported(filled))
    other_path = tmp_path / "other.sqlite"
    with Project(other_path) as other:
        other.merge_export_file(path)
        rows, on_disk = counts(other_path), files_of(other_path)
        conn = other._connection()
        changes = conn.total_changes
        report = other.merge_export_file(path)
        assert conn.total_changes == changes  # not one row written
        assert (report.added, report.unchanged, report.links_added, report.links_unchanged,
                report.actors_added, report.actors_grown) == (0, 5, 0, 3, 0, 0)
        assert not report.changed
        assert counts(other_path) == rows and files_of(other_path) == on_disk
    before = counts(project_path)
    report = filled.merge_export_file(path)  # into the project it came from
    assert (report.unchanged, report.links_unchanged, report.changed) == (5, 3, False)
    assert counts(project_path) == before


def test_actors_match_by_name_and_their_aliases_are_united(filled, tmp_path):
    path = tmp_path / "export.json"
    path.write_bytes(exported(filled))
    with Project(tmp_path / "mine.sqlite") as mine:
        mine.add_article(ParsedArticle(text=TEXT_A, title="my A"))
        mine_actor = mine.add_actor("ILSE VARGA", ["Ilse", "Varga"], None, "")
        report = mine.merge_export_file(path)
        assert (report.actors_added, report.actors_grown) == (2, 1)
        united = mine.actor(mine_actor.id)
        assert united.name == "ILSE VARGA"  # the project's name stays
        assert united.aliases == ("Harbour master", "Ilse", "Varga")  # once each, any case
        assert united.kind == "person"  # a gap filled from the file
        assert "f-varga" not in [a.id for a in mine.actors()]
        who = next(n for n in mine.annotations(mine.articles()[0].id) if n.id == "a-who")
        assert who.actor == mine_actor.id  # the file's actor is the project's
        assert mine.merge_export_file(path).changed is False


def test_links_match_by_their_ends_and_link_types_are_added(filled, tmp_path):
    doc = json.loads(exported(filled))
    with Project(tmp_path / "mine.sqlite") as mine:
        mine.add_article(ParsedArticle(text=TEXT_B, title="my B"))
        mine.add_link_type("after", True, "")
        (tmp_path / "first.json").write_text(json.dumps(
            dict(doc, links=[], link_types=doc["link_types"][:4])), "utf-8")
        mine.merge_export_file(tmp_path / "first.json")
        made = mine.add_link("z-said", "b-doubt", "contradicts", "mine")  # the same ends
        _link(doc, "l-contra")["updated_at"] = "2099-01-01T00:00:00.000Z"
        path = tmp_path / "export.json"
        path.write_text(json.dumps(doc), "utf-8")
        report = mine.merge_export_file(path)
        assert (report.links_added, report.links_updated, report.link_types_added) == (2, 1, 1)
        assert [t.name for t in mine.link_types()] == ["speaker", "same", "contradicts",
                                                       "elaborates", "after", "echoes"]
        assert sorted(k.id for k in mine.links()) == sorted(["l-echo", "l-speaker", made.id])
        # The file's copy of the matched link is newer: its note wins, the project's id stays.
        assert mine.link(made.id).note == "across articles"
        assert report.summary().endswith(", 2 links and 1 link type added, 1 link updated")


def test_a_link_type_of_the_same_name_and_other_direction_is_refused(filled, tmp_path,
                                                                       project_path):
    doc = json.loads(exported(filled))
    doc["link_types"][1]["directed"] = True  # 'same'
    doc["links"] = []
    path = tmp_path / "clash.json"
    path.write_text(json.dumps(doc), "utf-8")
    before = dump(project_path)
    with pytest.raises(InputRefused) as info:
        filled.merge_export_file(path)
    assert str(info.value) == (f"{path}: refused: the link type 'same' is directed in the file "
                               "but undirected in this project, so its links cannot be merged")
    assert dump(project_path) == before


def test_actor_and_attributes_merge_like_other_annotation_content(filled, tmp_path):
    doc = json.loads(exported(filled))
    said = next(n for n in doc["articles"][0]["annotations"] if n["id"] == "z-said")
    ferries = next(n for n in doc["articles"][0]["annotations"] if n["id"] == "m-ferries")
    said["attributes"] = {"quote_form": "direct"}
    said["actor"] = "f-varga"
    said["updated_at"] = "2099-01-01T00:00:00.000Z"  # newer: wins
    ferries["attributes"] = {"anonymous": True}
    ferries["updated_at"] = "2000-01-01T00:00:00.000Z"  # older: the project's copy stays
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(doc), "utf-8")
    report = filled.merge_export_file(path)
    assert (report.updated, report.kept_local) == (1, 1)
    article = filled.articles()[0].id
    got = {n.id: n for n in filled.annotations(article)}
    assert (got["z-said"].attributes, got["z-said"].actor) == ({"quote_form": "direct"}, "f-varga")
    assert got["m-ferries"].attributes == {}


def test_a_version_1_file_still_imports_and_keeps_actors_and_attributes(filled, tmp_path):
    doc = json.loads(exported(filled))
    doc["version"] = 1
    for key in ("link_types", "actors", "links"):
        del doc[key]
    said = next(n for n in doc["articles"][0]["annotations"] if n["id"] == "z-said")
    said["note"] = "edited in an older version"
    said["updated_at"] = "2099-01-01T00:00:00.000Z"
    for article in doc["articles"]:
        for n in article["annotations"]:
            n.pop("actor", None)
            n.pop("attributes", None)
    path = tmp_path / "old.json"
    path.write_text(json.dumps(doc), "utf-8")
    report = filled.merge_export_file(path)
    assert (report.updated, report.unchanged) == (1, 4)
    got = {n.id: n for n in filled.annotations(filled.articles()[0].id)}
    assert got["z-said"].note == "edited in an older version"
    assert got["z-said"].attributes == {"anonymous": False, "quote_form": "indirect"}  # kept
    assert got["a-who"].actor == "f-varga"
    with Project(tmp_path / "fresh.sqlite") as fresh:  # and into a new project
        assert fresh.merge_export_file(path).added == 5
        assert [t.name for t in fresh.link_types()][:2] == ["speaker", "same"]
        assert fresh.links() == [] and fresh.actors() == []


def dump(path) -> list:
    return [rows(path, f"SELECT * FROM {t} ORDER BY 1")
            for t in ("articles", "tags", "annotators", "annotations", "actors",
                      "link_types", "links")]


def _annotation(doc, ident):
    return next(n for art in doc["articles"] for n in art["annotations"] if n["id"] == ident)


def _link(doc, ident):
    return next(k for k in doc["links"] if k["id"] == ident)


BAD = {
    "dangling_end": (lambda d: _link(d, "l-echo").update({"to": "gone"}),
                     "link 'l-echo': its 'to' end 'gone' is not an annotation in this file"),
    "self_link": (lambda d: _link(d, "l-echo").update({"to": "b-doubt"}),
                  "link 'l-echo': it joins annotation 'b-doubt' to itself"),
    "speaker_across": (lambda d: _link(d, "l-speaker").update({"to": "c-off"}),
                       "link 'l-speaker': a 'speaker' link joins a quote to an actor of the "
                       "same article"),
    "unknown_type": (lambda d: _link(d, "l-echo").update({"type": "rhymes"}),
                     "link 'l-echo': its type 'rhymes' is not in 'link_types'"),
    "type_not_listed": (lambda d: d["link_types"].pop(),
                        "link 'l-echo': its type 'echoes' is not in 'link_types'"),
    "unknown_actor": (lambda d: _annotation(d, "c-off").update({"actor": "nobody"}),
                      "annotation 'c-off': its 'actor' 'nobody' is not one of the file's actors"),
    "actor_not_string": (lambda d: _annotation(d, "c-off").update({"actor": 7}),
                         "annotation 'c-off': 'actor' should be a string, not a number"),
    "quote_form": (lambda d: _annotation(d, "z-said").update({"attributes": {"quote_form": "loud"}}),
                   "annotation 'z-said': 'quote_form' is one of direct, indirect, paraphrase, "
                   "not 'loud'"),
    "anonymous": (lambda d: _annotation(d, "z-said").update({"attributes": {"anonymous": "yes"}}),
                  "annotation 'z-said': 'anonymous' should be true or false"),
    "nested_value": (lambda d: _annotation(d, "z-said").update({"attributes": {"k": [1]}}),
                     "annotation 'z-said': attribute 'k' should be a string, number"),
    "attributes_list": (lambda d: _annotation(d, "z-said").update({"attributes": ["direct"]}),
                        "annotation 'z-said': 'attributes' should be an object, not a list"),
    "surrogate": (lambda d: _annotation(d, "z-said").update({"attributes": {"k": "\ud800"}}),
                  "annotation 'z-said': attribute 'k' contains a lone surrogate"),
    "actor_kind": (lambda d: d["actors"][0].update({"kind": "ship"}),
                   "actor 'd-ferry': an actor's kind is one of person, organization, group, "
                   "place, other, not 'ship'"),
    "actor_name": (lambda d: d["actors"][0].update({"name": " "}),
                   "actor 'd-ferry': 'name' must be 1 to 200 characters"),
    "directed_not_bool": (lambda d: d["link_types"][0].update({"directed": "yes"}),
                          "link type 'speaker': 'directed' should be true or false, not a string"),
    "same_ends_twice": (lambda d: d["links"].append(dict(_link(d, "l-echo"), id="l-echo-2")),
                        "links 'l-echo' and 'l-echo-2' both join 'b-doubt' to 'z-said' as "
                        "'echoes'"),
    "link_id_twice": (lambda d: d["links"].append(dict(_link(d, "l-echo"), note="other")),
                      "link 'l-echo' appears twice with different content"),
}


@pytest.mark.parametrize("how", sorted(BAD))
def test_a_file_with_a_bad_link_actor_or_attribute_is_refused_whole(filled, project_path,
                                                                    tmp_path, how):
    doc = json.loads(exported(filled))
    # Something new and valid first in the file: nothing of it may be written either.
    doc["articles"].insert(0, {"id": "new-article", "title": "Fresh", "text": "Fresh text.",
                               "annotations": [{"id": "n1", "tag": "claim", "start": 0, "end": 5,
                                                "text": "Fresh"}]})
    doc["actors"].append({"id": "new-actor", "name": "Newcomer", "aliases": [], "kind": None,
                          "description": ""})
    change, message = BAD[how]
    change(doc)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), "utf-8")
    before = dump(project_path)
    with pytest.raises(InputRefused) as info:
        filled.merge_export_file(path)
    assert str(info.value).startswith(f"{path}: refused: ")
    assert message in str(info.value)
    assert "\n" not in str(info.value)
    assert dump(project_path) == before


def test_ten_thousand_links_go_out_and_come_back(project, tmp_path):
    text = " ".join(f"w{i:05d}" for i in range(5000)) + "."
    article = project.add_article(ParsedArticle(text=text, title="Many"))[0]
    project.add_annotations([(article.id, i * 7, i * 7 + 6, "claim", None) for i in range(5000)])
    ids = sorted(n.id for n in project.annotations(article.id))
    with project._write() as con:
        same = con.execute("SELECT id FROM link_types WHERE name = 'same'").fetchone()[0]
        who = con.execute("SELECT id FROM annotators").fetchone()[0]
        con.executemany("INSERT INTO links VALUES (?, ?, ?, ?, '', ?, ?, ?, 1)",
                        [(f"k{i:05d}-{j}", same, ids[i], ids[(i + j) % 5000], who, STAMP, STAMP)
                         for j in (1, 2) for i in range(5000)])
    data = exported(project)
    doc = json.loads(data)
    assert len(doc["links"]) == 10_000
    keys = [(k["type"], k["from"], k["to"], k["id"]) for k in doc["links"]]
    assert keys == sorted(keys) and all(k[1] < k[2] for k in keys)
    path = tmp_path / "many.json"
    path.write_bytes(data)
    with Project(tmp_path / "copy.sqlite") as copy:
        assert copy.merge_export_file(path).links_added == 10_000
        assert without_time(exported(copy)) == without_time(data)
        assert copy.merge_export_file(path).links_unchanged == 10_000


@pytest.mark.parametrize("taken", [False, True])
def test_a_newer_link_may_move_its_ends_unless_another_link_is_there(filled, tmp_path,
                                                                      project_path, taken):
    doc = json.loads(exported(filled))
    _link(doc, "l-contra").update(to="m-ferries", updated_at="2099-01-01T00:00:00.000Z")
    path = tmp_path / "moved.json"
    path.write_text(json.dumps(doc), "utf-8")
    if not taken:
        assert filled.merge_export_file(path).links_updated == 1
        moved = filled.link("l-contra")
        assert (moved.from_id, moved.to_id) == ("b-doubt", "m-ferries")
        return
    filled.add_link("m-ferries", "b-doubt", "contradicts", link_id="l-there")
    before = dump(project_path)
    with pytest.raises(InputRefused, match="refused: link 'l-contra' would join the same "
                                           "annotations as 'contradicts' as link 'l-there'"):
        filled.merge_export_file(path)
    assert dump(project_path) == before
