import hashlib
import io
import json
import re
from importlib.resources import files

import jsonschema
import pytest
from dbrows import rows

from annotator.domain.model import ParsedArticle
from annotator.errors import InputRefused
from annotator.formats.registry import by_name
from annotator.storage.project import Project


@pytest.fixture
def project_path(db_target):
    """The project under test: a SQLite file, then a PostgreSQL database (conftest.db_target)."""
    return db_target


TEXT_A = "\u201cWe act now,\u201d said Zoë 👩‍👩‍👧 of the council. The 🇫🇷 delegation disagreed."
TEXT_B = "市长说：桥梁将关闭。\nשלום — the minister said the plan was “sound”."


def exported(project) -> bytes:
    out = io.BytesIO()
    project.write_export(out)
    return out.getvalue()


def without_time(data: bytes) -> bytes:
    return re.sub(rb'"exported_at": "[^"]*"', b'"exported_at": ""', data, count=1)


def fill(project):
    a = project.add_article(ParsedArticle(text=TEXT_A, title="A", source="Gull", url="https://a.example"))[0]
    b = project.add_article(ParsedArticle(text=TEXT_B, title="B", published="2026-03-01"))[0]
    zoe = TEXT_A.index("Zoë")
    project.add_annotation(a.id, zoe, zoe + 3, "actor")
    project.add_annotation(a.id, 0, TEXT_A.index("said") - 1, "quote", note="direct")
    project.add_annotation(a.id, zoe, TEXT_A.index(" of"), "actor")  # nested/overlapping
    project.add_annotation(a.id, zoe, zoe + 3, "claim")             # same extent, other tag
    project.add_annotation(b.id, 0, 2, "actor")
    project.add_annotation(b.id, TEXT_B.index("the plan"), len(TEXT_B) - 1, "claim")
    return a, b


@pytest.fixture
def filled(project):
    fill(project)
    return project


def test_export_slices_exactly_and_follows_the_contract(filled):
    data = exported(filled)
    doc = json.loads(data)
    schema = json.loads(files("annotator.formats.export").joinpath("export.schema.json").read_text("utf-8"))
    jsonschema.validate(doc, schema, format_checker=jsonschema.FormatChecker())
    assert list(doc) == ["format", "version", "exported_at", "offsets", "tags", "link_types",
                         "actors", "articles", "links"]
    assert (doc["format"], doc["version"], doc["offsets"]) == ("annotator-export", 2, "codepoints")
    assert [a["title"] for a in doc["articles"]] == ["A", "B"]
    for article in doc["articles"]:
        text = article["text"]
        assert article["text_sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
        keys = [(n["start"], n["end"], n["tag"], n["id"]) for n in article["annotations"]]
        assert keys == sorted(keys)
        for n in article["annotations"]:
            assert text[n["start"]:n["end"]] == n["text"]
    assert "Zoë" in data.decode("utf-8")  # UTF-8, not \u escapes


def test_export_is_deterministic(filled):
    assert without_time(exported(filled)) == without_time(exported(filled))


def test_round_trip_into_an_empty_project_gives_the_same_bytes(filled, tmp_path):
    first = exported(filled)
    path = tmp_path / "export.json"
    path.write_bytes(first)
    with Project(tmp_path / "empty.sqlite") as empty:
        report = empty.merge_export_file(path)
        assert (report.added, report.updated, report.unchanged) == (6, 0, 0)
        assert without_time(exported(empty)) == without_time(first)


def test_a_new_project_keeps_its_tags_keys_and_new_tags_get_free_keys(filled, tmp_path):
    """A new project takes the file's tags, but each keeps its key (1, 2, 3 tag at once), and
    from a format without tag details (doccano: no colours) its colour and description too;
    a tag the file adds gets the first free key."""
    new = tmp_path / "new.sqlite"
    with Project(new) as fresh:
        defaults = {t.name: t for t in fresh.tags()}
    out = tmp_path / "out.jsonl"
    with open(out, "wb") as handle:
        by_name("doccano", writing=True).write(filled, handle)
    with Project(new) as fresh:
        fresh.import_path(out)
        got = {t.name: t for t in fresh.tags()}
        fresh.add_article(ParsedArticle("Ada Lovelace wrote it.", "more"))
        line = '{"text": "Ada Lovelace wrote it.", "label": [[0, 12, "PER"]]}\n'
        (tmp_path / "per.jsonl").write_text(line, "utf-8")
        fresh.import_path(tmp_path / "per.jsonl")
        per = next(t for t in fresh.tags() if t.name == "PER")
    assert set(got) == {"claim", "quote", "actor"} and got == defaults
    assert per.shortcut == "4"


def test_importing_twice_changes_nothing(filled, tmp_path, project_path):
    path = tmp_path / "export.json"
    path.write_bytes(exported(filled))
    with Project(tmp_path / "other.sqlite") as other:
        other.merge_export_file(path)
        before = without_time(exported(other))
        report = other.merge_export_file(path)
        assert (report.added, report.updated, report.unchanged) == (0, 0, 6)
        assert without_time(exported(other)) == before
    report = filled.merge_export_file(path)  # into the project it came from
    assert report.unchanged == 6 and report.added == 0


def test_merge_matches_articles_by_text_and_takes_newer_edits(filled, tmp_path):
    doc = json.loads(exported(filled))
    with Project(tmp_path / "mine.sqlite") as mine:
        mine.add_article(ParsedArticle(text=TEXT_A, title="My copy of A"))
        first = doc["articles"][0]["annotations"][0]
        first["note"] = "edited elsewhere"
        first["updated_at"] = "2099-01-01T00:00:00.000Z"
        path = tmp_path / "in.json"
        path.write_text(json.dumps(doc), "utf-8")
        report = mine.merge_export_file(path)
        assert [title for _, title, _ in report.articles] == ["My copy of A", "B"]
        assert [created for *_, created in report.articles] == [False, True]
        titles = [a.title for a in mine.articles()]
        assert titles == ["My copy of A", "B"]
        mine_a = mine.article(mine.articles()[0].id)
        assert (mine_a.source, mine_a.url) == ("Gull", "https://a.example")  # gaps filled
        (article_a, _) = mine.articles()
        notes = {n.id: n.note for n in mine.annotations(article_a.id)}
        assert notes[first["id"]] == "edited elsewhere"


def db_dump(path) -> list:
    return [rows(path, f"SELECT * FROM {t} ORDER BY 1")
            for t in ("articles", "tags", "annotators", "annotations")]


def mutate(doc, how):
    art = doc["articles"][-1]
    ann = art["annotations"][0]
    if how == "format":
        doc["format"] = "brat"
    elif how == "newer":
        doc["version"] = 3
    elif how == "range":
        ann["end"] = len(art["text"]) + 5
    elif how == "slice":
        ann["text"] = "something else"
    elif how == "start_after_end":
        ann["start"], ann["end"] = ann["end"], ann["start"]
    elif how == "dup_id":
        twin = dict(art["annotations"][1], id=ann["id"])
        art["annotations"].append(twin)
    elif how == "bool_offset":
        ann["start"] = True
    elif how == "string_offset":
        ann["start"] = "3"
    elif how == "float_offset":
        ann["end"] = 4.0
    elif how == "articles_type":
        doc["articles"] = {"oops": 1}
    elif how == "sha":
        art["text_sha256"] = "0" * 64
    elif how == "not_canonical":
        art["text"] = art["text"].replace("\n", "\r\n")
    elif how == "missing_text":
        del ann["text"]
    return doc


@pytest.mark.parametrize("how, message", [
    ("format", "not 'annotator-export'"),
    ("newer", "version 3, newer than this program understands (up to 2)"),
    ("range", "does not fit a text"),
    ("slice", "is not the article's text"),
    ("start_after_end", "does not fit"),
    ("dup_id", "id is used twice"),
    ("bool_offset", "'start' should be a whole number, not true/false"),
    ("string_offset", "'start' should be a whole number, not a string"),
    ("float_offset", "'end' should be a whole number, not a number"),
    ("articles_type", "'articles' should be a list"),
    ("sha", "'text_sha256' does not match"),
    ("not_canonical", "not in canonical form"),
    ("missing_text", "'text' is missing"),
])
def test_bad_exports_are_refused_whole(filled, project_path, tmp_path, how, message):
    good = json.loads(exported(filled))
    # A second, valid article first in the file: nothing of it may be written either.
    good["articles"].insert(0, {"id": "new-article", "title": "Fresh", "text": "Fresh text.",
                                "annotations": [{"id": "n1", "tag": "claim", "start": 0, "end": 5,
                                                 "text": "Fresh"}]})
    bad = mutate(good, how)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad, ensure_ascii=False), "utf-8")
    before = db_dump(project_path)
    with pytest.raises(InputRefused) as info:
        filled.merge_export_file(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)
    assert db_dump(project_path) == before


@pytest.mark.parametrize("content, message", [
    (b'{"format": "annotator-export", "version": 1, "articles": [', "not valid JSON"),
    (b'{"a": ' + b"[" * 100000 + b"]" * 100000 + b"}", "nested too deeply"),
    (b"[1, 2, 3]", "not an annotator export"),
    (b'{"format": "annotator-export", "version": 1, "articles": [], "x": NaN}', "NaN is not a number"),
    (b'{"format": "annotator-export", "version": 1, "articles": [], "x": 1e999}', "too large"),
    (b'{"format": "annotator-export", "format": "x", "version": 1, "articles": []}', "appears twice"),
    (b'{"format": "annotator-export", "version": 1, "articles": [], "n": 123456789012345678901}', "too large"),
    ("{\"format\": \"annotator-export\"}".encode("utf-16"), "not UTF-8"),
])
def test_malformed_json_is_refused(project, project_path, tmp_path, content, message):
    path = tmp_path / "x.json"
    path.write_bytes(content)
    before = db_dump(project_path)
    with pytest.raises(InputRefused, match=message):
        project.merge_export_file(path)
    assert db_dump(project_path) == before


def test_annotation_claiming_an_article_of_another_text_is_refused(filled, tmp_path, project_path):
    doc = json.loads(exported(filled))
    doc["articles"][1]["id"] = doc["articles"][0]["id"]  # B's id now names A
    doc["articles"] = doc["articles"][1:]
    path = tmp_path / "clash.json"
    path.write_text(json.dumps(doc), "utf-8")
    before = db_dump(project_path)
    with pytest.raises(InputRefused, match="whose text is different"):
        filled.merge_export_file(path)
    assert db_dump(project_path) == before


def test_minimal_hand_written_export_is_accepted_and_idempotent(project, tmp_path):
    doc = {"format": "annotator-export", "version": 1, "articles": [
        {"title": "Scripted", "text": "Alice met Bob.", "annotations": [
            {"tag": "actor", "start": 0, "end": 5, "text": "Alice"},
            {"tag": "frame", "start": 6, "end": 9, "text": "met"}]}]}
    path = tmp_path / "script.json"
    path.write_text(json.dumps(doc), "utf-8")
    assert project.merge_export_file(path).added == 2
    before = without_time(exported(project))
    again = project.merge_export_file(path)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    assert without_time(exported(project)) == before
    assert "frame" in [t.name for t in project.tags()]
    doc["articles"][0]["annotations"][0]["note"] = "edited by a script"
    path.write_text(json.dumps(doc), "utf-8")
    assert project.merge_export_file(path).updated == 1


@pytest.mark.parametrize("field, value, message", [
    ("title", "bad \ud800 title", "lone surrogate"),
    ("tag", "", "tag name"),
    ("tag", " claim ", "tag name"),
    ("id", "has\ttab", "'id' must be"),
    ("color", "nope", "'color' should look like"),
])
def test_strings_ids_tags_and_colours_are_checked(project, project_path, tmp_path, field, value, message):
    doc = {"format": "annotator-export", "version": 1,
           "tags": [{"name": "claim", "color": "#112233", "description": ""}],
           "articles": [{"title": "T", "text": "Alice met Bob.", "annotations": [
               {"id": "a1", "tag": "claim", "start": 0, "end": 5, "text": "Alice"}]}]}
    if field == "title":
        doc["articles"][0]["title"] = value
    elif field == "color":
        doc["tags"][0]["color"] = value
    else:
        doc["articles"][0]["annotations"][0][field] = value
    path = tmp_path / "x.json"
    path.write_text(json.dumps(doc), "utf-8")
    before = db_dump(project_path)
    with pytest.raises(InputRefused, match=message):
        project.merge_export_file(path)
    assert db_dump(project_path) == before


def test_a_merge_summary_counts_in_words():
    from annotator.storage.merge.merge import MergeReport

    assert MergeReport(added=1, unchanged=6498).summary() == \
        "1 annotation added, 0 updated, 6,498 already there"
    assert MergeReport(added=2, kept_local=1).summary() == \
        "2 annotations added, 0 updated, 0 already there, 1 kept (the project's copy is newer)"
