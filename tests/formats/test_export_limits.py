"""Exports cost memory in proportion to what they hold, not to how many brackets they have:
hostile files are refused before they are parsed, and junk under keys the reader does not know
is stepped over. One cap on an article's text, whatever file it comes from."""

import json
import tracemalloc
import uuid

import pytest

from annotator.errors import InputRefused
from annotator.formats.export import export_read
from annotator.formats.articles.articles import read_article
from annotator.formats.encoding.decode import MAX_TEXT_BYTES, read_capped
from annotator.formats.export.export_read import MAX_EXPORT_BYTES, check_export_head, read_export

HEAD = '{"format": "annotator-export", "version": 1, "offsets": "codepoints", "tags": [], '
ARTICLE = {"id": "kept", "title": "Harbour", "text": "The harbour reopened on Monday.",
           "annotations": [{"id": "k1", "tag": "claim", "start": 4, "end": 11, "text": "harbour"}]}


def read_measured(path):
    """read_export as the project calls it, and the peak of memory allocated meanwhile."""
    tracemalloc.start()
    try:
        raw = read_capped(path, MAX_EXPORT_BYTES, check_export_head)
        result = read_export(raw, str(path), "2026-01-01T00:00:00Z")
        return result, tracemalloc.get_traced_memory()[1]
    except InputRefused as exc:
        return exc, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def write_with_junk(path, junk: bytes, count: int):
    """A valid export whose article carries `count` copies of `junk` under an unknown key."""
    with open(path, "wb") as out:
        out.write((HEAD + '"articles": [' + json.dumps(ARTICLE)[:-1] + ', "extra": [').encode())
        chunk = b",".join([junk] * 10_000)
        for i in range(count // 10_000):
            out.write((b"," if i else b"") + chunk)
        out.write(b"]}]}")
    return path.stat().st_size


def test_millions_of_empty_objects_are_refused_before_parsing(tmp_path):
    path = tmp_path / "empty.json"
    size = write_with_junk(path, b"{}", 8_000_000)  # 24 MB; 25 times that once parsed
    error, peak = read_measured(path)
    assert isinstance(error, InputRefused)
    assert str(error).startswith(f"{path}: is not an export annotator can read: it has 8,000,00")
    assert "objects and lists" in str(error)
    assert peak < 1.2 * size


@pytest.mark.parametrize("junk", [b'"ab"', b"1.5", b'{"a": [1, "]"], "b": "' + b"x" * 40 + b'"}',
                                  b'[[], {"}": "' + b"y" * 80 + b'"}]'])
def test_junk_under_keys_the_reader_does_not_know_is_stepped_over(tmp_path, junk):
    path = tmp_path / "junk.json"
    size = write_with_junk(path, junk, (8 << 20) // len(junk) // 10_000 * 10_000)  # 8 MB
    result, peak = read_measured(path)
    assert not isinstance(result, Exception), result
    assert [(a.id, [n.text for n in a.annotations]) for a in result.articles] == [("kept", ["harbour"])]
    assert peak < 1.2 * size  # the file's bytes, and next to nothing for the junk


def test_a_real_export_costs_under_four_times_its_size(tmp_path):
    text = "The mayor said the bridge was safe, but the engineers disagreed about the cracks. " * 60
    articles = []
    for i in range(25):
        annotations = [{"id": str(uuid.uuid4()), "tag": ("claim", "quote", "actor")[j % 3],
                        "start": j, "end": j + 1 + j % 40, "text": text[j:j + 1 + j % 40],
                        "note": "", "annotator": "ana", "created_at": f"2026-01-01T00:{j % 60:02d}:00Z",
                        "updated_at": f"2026-01-01T00:{j % 60:02d}:00Z"} for j in range(2000)]
        articles.append({"id": str(uuid.uuid4()), "title": f"Report {i}", "text": text + str(i),
                         "annotations": annotations})
    path = tmp_path / "real.json"
    path.write_text(HEAD + '"articles": ' + json.dumps(articles, ensure_ascii=False) + "}", "utf-8")
    result, peak = read_measured(path)
    assert sum(len(a.annotations) for a in result.articles) == 50_000
    assert peak < 4 * path.stat().st_size


def test_an_article_text_over_the_cap_is_refused_naming_the_article(tmp_path):
    big = dict(ARTICLE, id="too-long", text="x" * (MAX_TEXT_BYTES + 1), annotations=[])
    path = tmp_path / "big.json"
    path.write_text(HEAD + '"articles": ' + json.dumps([ARTICLE, big]) + "}", "utf-8")
    error, _ = read_measured(path)
    assert str(error) == (f"{path}: refused: article 'too-long': the text is larger than the 20 MB "
                          "limit for an article (20.0 MB in UTF-8)")
    path.write_text(HEAD + '"articles": ' + json.dumps([dict(big, text="x" * MAX_TEXT_BYTES)]) + "}")
    assert len(read_measured(path)[0].articles[0].text) == MAX_TEXT_BYTES


def test_the_same_cap_holds_for_a_text_file_measured_the_same_way(write):
    # 19.4 MB of Windows-1252 is under the file cap, but its text is 23.5 MB in UTF-8.
    path = write("long.txt", ("Zoë était là. " * 1_450_000).encode("cp1252"))
    with pytest.raises(InputRefused) as info:
        read_article(path)
    assert str(info.value) == (f"{path}: its text is larger than the 20 MB limit for an article "
                               "(23.5 MB in UTF-8)")


def test_articles_and_annotations_are_counted(tmp_path, monkeypatch):
    monkeypatch.setattr(export_read, "MAX_ARTICLES", 2)
    monkeypatch.setattr(export_read, "MAX_ANNOTATIONS", 3)
    many = [dict(ARTICLE, id=f"a{i}", text=f"Article {i}.", annotations=[]) for i in range(3)]
    path = tmp_path / "many.json"
    path.write_text(HEAD + '"articles": ' + json.dumps(many) + "}")
    assert str(read_measured(path)[0]).endswith("refused: it has more than 2 articles, the most "
                                                "one export may hold")
    spans = [{"tag": "claim", "start": i, "end": i + 1, "text": "Article 0."[i]} for i in range(4)]
    path.write_text(HEAD + '"articles": ' + json.dumps([dict(many[0], annotations=spans)]) + "}")
    assert str(read_measured(path)[0]).endswith("refused: it has more than 3 annotations, the "
                                                "most one export may hold")


@pytest.mark.parametrize("tail, message", [
    (b', "extra": ["' + b"x" * 70_000, "Unterminated string"),
    (b', "extra": [' + b"[" * 600 + b"]" * 600 + b", 1" * 30_000 + b"]", "nested too deeply"),
    (b', "extra": {"a": 1}, "extra": 2', "appears twice"),
])
def test_what_is_stepped_over_is_still_checked(tmp_path, tail, message):
    path = tmp_path / "odd.json"
    path.write_bytes((HEAD + '"articles": []').encode() + tail + b"}")
    error, _ = read_measured(path)
    assert isinstance(error, InputRefused) and message in str(error)


@pytest.mark.parametrize("tag", ["claim", "a b", "x" * 100, "x" * 101, " lead", "trail ", "nb\u00a0sp",
                                 "tab\tin", "", "\u2003"])
def test_the_quick_path_for_annotations_agrees_with_the_careful_one(tag):
    """Well-formed annotations take a one-pass check; it must accept and refuse exactly what
    the field-by-field check does."""
    from annotator.formats.export import export_read

    text = "The bridge is shut.\n"
    doc = {"format": "annotator-export", "version": 1, "articles": [{
        "id": "a1", "title": "T", "text": text, "annotations": [{
            "id": "n1", "tag": tag, "start": 4, "end": 10, "text": "bridge", "note": "",
            "annotator": "me", "created_at": "2026-01-01T00:00:00.000Z",
            "updated_at": "2026-01-01T00:00:00.000Z"}]}]}
    raw = json.dumps(doc).encode()

    def outcome():
        try:
            return export_read.read_export(raw, "e.json", "2026-01-02T00:00:00.000Z").articles[0].annotations
        except InputRefused as exc:
            return str(exc)

    quick = outcome()
    original = export_read._well_formed
    export_read._well_formed = lambda *a: None
    try:
        careful = outcome()
    finally:
        export_read._well_formed = original
    assert quick == careful
