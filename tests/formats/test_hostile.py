"""Hostile input: malformed exports from hypothesis, binary files in disguise, oversized files.
Every one is refused with a message, and the project's contents are exactly as before."""

import hashlib
import json
import sqlite3
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from tricky_text import raw_text

from annotator.domain.text import canonicalize
from annotator.errors import InputRefused
from annotator.storage.project import Project


def contents_hash(path) -> str:
    con = sqlite3.connect(path)
    try:
        digest = hashlib.sha256()
        for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"):
            for row in con.execute(f"SELECT * FROM {table} ORDER BY 1"):
                digest.update(repr(row).encode())
        return digest.hexdigest()
    finally:
        con.close()


@pytest.fixture(scope="module")
def target(tmp_path_factory):
    from annotator.domain.model import ParsedArticle

    path = tmp_path_factory.mktemp("hostile") / "p.sqlite"
    with Project(path) as project:
        article = project.add_article(ParsedArticle(text="Existing work, Zoë. 🌉", title="Kept"))[0]
        project.add_annotation(article.id, 0, 8, "claim")
    project = Project(path)
    yield project, contents_hash(path)
    project.close()


@st.composite
def valid_doc(draw):
    text = canonicalize(draw(raw_text)).strip() or "x"
    text = "Zoë: " + text  # always some non-ASCII
    spans = []
    for i in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        spans.append({"id": f"h{i}", "tag": "claim", "start": start, "end": end,
                      "text": text[start:end], "note": "", "annotator": "x",
                      "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"})
    return {"format": "annotator-export", "version": 1, "offsets": "codepoints",
            "tags": [{"name": "claim", "color": "#d9534f", "description": ""}],
            "articles": [{"id": "hostile", "title": "T", "text": text, "annotations": spans}]}


MUTATIONS = ["deep", "huge_int", "huge_float", "nan", "duplicate_key", "bool_offset",
             "start_after_end", "end_past_text", "negative", "lone_surrogate", "truncated",
             "latin1", "utf16", "text_mismatch", "string_offset", "null_offset", "newer_version",
             "articles_not_list", "not_canonical"]


def mutate(doc: dict, kind: str, position: int) -> bytes:
    art = doc["articles"][0]
    ann = art["annotations"][position % len(art["annotations"])]
    if kind == "deep":
        ann["note"] = "PLACEHOLDER"
        return json.dumps(doc).replace('"PLACEHOLDER"', "[" * 5000 + "]" * 5000).encode()
    if kind == "huge_int":
        return json.dumps(doc).replace(f'"start": {ann["start"]},', '"start": 1' + "0" * 40 + ",", 1).encode()
    if kind == "huge_float":
        return json.dumps(doc).replace(f'"end": {ann["end"]},', '"end": 1e999,', 1).encode()
    if kind == "nan":
        return json.dumps(doc).replace(f'"end": {ann["end"]},', '"end": NaN,', 1).encode()
    if kind == "duplicate_key":
        return json.dumps(doc).replace('"format": "annotator-export"',
                                       '"format": "annotator-export", "format": "annotator-export"').encode()
    if kind == "bool_offset":
        ann["start"] = True
    elif kind == "start_after_end":
        ann["start"], ann["end"] = ann["end"], ann["start"]
    elif kind == "end_past_text":
        ann["end"] = len(art["text"]) + 1 + position % 5
    elif kind == "negative":
        ann["start"] = -1 - position % 3
    elif kind == "lone_surrogate":
        ann["note"] = "a\ud800b"
        return json.dumps(doc).encode()  # json escapes it as \\ud800, which decodes to a lone one
    elif kind == "truncated":
        data = json.dumps(doc, ensure_ascii=False).encode()
        return data[: position % (len(data) - 1)]
    elif kind == "latin1":
        return json.dumps(doc, ensure_ascii=False).encode("latin-1", "replace")
    elif kind == "utf16":
        return json.dumps(doc, ensure_ascii=False).encode("utf-16")
    elif kind == "text_mismatch":
        ann["text"] = ann["text"] + "x"
    elif kind == "string_offset":
        ann["end"] = str(ann["end"])
    elif kind == "null_offset":
        ann["start"] = None
    elif kind == "newer_version":
        doc["version"] = 3 + position % 10
    elif kind == "articles_not_list":
        doc["articles"] = {"0": art}
    elif kind == "not_canonical":
        art["text"] = art["text"] + "\r\n"
    return json.dumps(doc, ensure_ascii=False).encode()


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(doc=valid_doc(), kind=st.sampled_from(MUTATIONS), position=st.integers(0, 10_000))
def test_malformed_exports_are_refused_and_nothing_changes(target, tmp_path, doc, kind, position):
    project, before = target
    path = tmp_path / "hostile.json"
    path.write_bytes(mutate(doc, kind, position))
    with pytest.raises(InputRefused) as info:
        project.merge_export_file(path)
    assert str(path) in str(info.value)
    assert contents_hash(project.path) == before


@settings(max_examples=25, deadline=None)
@given(doc=valid_doc())
def test_the_unmutated_document_would_have_been_accepted(doc):
    """So the refusals above are the mutations' doing."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "good.json"
        path.write_text(json.dumps(doc), "utf-8")
        with Project(Path(tmp) / "fresh.sqlite") as project:
            assert project.merge_export_file(path).added == len(doc["articles"][0]["annotations"])


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40


@pytest.mark.parametrize("name", ["photo.txt", "page.html", "notes.md", "export.json", "page.htm"])
@pytest.mark.parametrize("content", [PNG, b"PK\x03\x04\x14\x00" + bytes(2000), b"", b"\x00" * 5000])
def test_binary_and_empty_files_in_disguise_are_refused(target, tmp_path, name, content):
    project, before = target
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputRefused, match=r"binary|empty|not an annotator export"):
        project.import_file(path)
    assert contents_hash(project.path) == before


@pytest.mark.parametrize("name, size", [("big.txt", 25 << 20), ("big.json", (1 << 30) + 1),
                                        ("big.html", 6 << 20), ("huge.md", 3 << 30)])
def test_oversized_files_are_refused_without_reading_them(target, tmp_path, name, size):
    project, before = target
    path = tmp_path / name
    with open(path, "wb") as handle:  # sparse: no disk used
        handle.truncate(size)
    tracemalloc.start()
    with pytest.raises(InputRefused, match="larger than"):
        project.import_file(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 2 << 20
    assert contents_hash(project.path) == before


def test_large_binary_under_the_cap_is_refused_from_its_first_bytes(target, tmp_path):
    project, before = target
    path = tmp_path / "video.txt"
    path.write_bytes(PNG + bytes(18 << 20))
    tracemalloc.start()
    with pytest.raises(InputRefused, match="binary"):
        project.import_file(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 2 << 20  # only the first 64 KB were read
    assert contents_hash(project.path) == before


DEEP = "[" * 100_000 + "]" * 100_000
NESTED = {  # (each in its format's shape, one value nested past any parser's depth)
    "doccano.jsonl": '{"id": 1, "text": "abc", "label": DEEP}\n',
    "spans.jsonl": '{"text": "abc", "spans": DEEP}\n{"text": "def", "spans": []}\n',
    "tasks.json": '[{"id": 1, "data": {"text": "abc"}, "annotations": DEEP}]',
    "notes.jsonld": '{"type": "AnnotationCollection", "items": DEEP}',
}


@pytest.mark.parametrize("name", list(NESTED))
@pytest.mark.parametrize("format_name", [None, "said"])
def test_values_nested_too_deeply_are_refused_with_a_sentence(target, tmp_path, name,
                                                               format_name):
    project, before = target
    path = tmp_path / name
    path.write_text(NESTED[name].replace("DEEP", DEEP), "utf-8")
    said = {"doccano.jsonl": "doccano", "spans.jsonl": "spacy", "tasks.json": "labelstudio",
            "notes.jsonld": "w3c"}[name] if format_name else None
    # (a .json list too deep to tell whose it is is refused as no export of ours)
    why = "nested too deeply" if said or name != "tasks.json" else "not an annotator export"
    with pytest.raises(InputRefused, match=why) as refused:
        project.import_path(path, format=said)
    assert refused.value.source == str(path)
    assert contents_hash(project.path) == before
