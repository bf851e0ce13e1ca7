"""The readers' fast paths give what the careful ways give: ForeignText.span on a canonical text
(all BMP, or with astral characters) against raw_span + canonical_span, and json_values by lines
(orjson) against the standard parser; the collector is running again after a read."""

import gc
import json
from pathlib import Path

import pytest

from annotator.formats.exchange.shared.foreign_read import json_values
from annotator.formats.exchange.shared.foreign_text import ForeignText
from annotator.formats.registry import by_name

TEXTS = ["Plain text, “quoted”, Zoë and 市长.", "With 👩‍👩‍👧 and 🇫🇷 emoji 𝄞.", "Not\r\ncanonical e\u0301."]
ODD = [-1, 0, 1, 2, 5, 7, 8, 9, 12, 30, 31, 32, 33, 34, 40, True, False, 2.0, "3", None]


def slow_span(foreign: ForeignText, start, end, utf16: bool):
    found = foreign.raw_span(start, end, utf16=utf16)
    return None if found is None else foreign.canonical_span(*found)


def test_span_fast_path_equals_the_careful_way():
    for raw in TEXTS:
        foreign = ForeignText(raw)
        for start in ODD:
            for end in ODD:
                for utf16 in (True, False):
                    assert foreign.span(start, end, utf16=utf16) == \
                        slow_span(foreign, start, end, utf16), (raw, start, end, utf16)


def test_json_values_by_lines_equal_the_standard_parser(tmp_path):
    lines = ['{"text": "a", "label": [[0, 1, "x"]]}', "", '  {"n": 1.5, "s": "\\u00e9"}\r',
             '[1, 2]']
    text = "\n".join(lines)
    assert list(json_values(text, tmp_path)) == [
        (1, {"text": "a", "label": [[0, 1, "x"]]}), (3, {"n": 1.5, "s": "é"}), (4, [1, 2])]
    # A value over several lines, NaN or a lone surrogate: the standard parser, as before
    odd = '{"a":\n 1}\n{"b": NaN}\n{"c": "\\ud800"}\n'
    found = list(json_values(odd, tmp_path))
    assert [line for line, _ in found] == [1, 3, 4] and found[0][1] == {"a": 1}
    assert json.dumps(found[1][1]) == '{"b": NaN}' and found[2][1] == {"c": "\ud800"}


def test_the_collector_runs_again_after_a_read(tmp_path):
    path = Path(tmp_path) / "a.jsonl"
    path.write_text('{"text": "Some text.", "label": [[0, 4, "claim"]]}\n', encoding="utf-8")
    assert gc.isenabled()
    bundle = by_name("doccano").read(path, now="2026-03-01T10:00:00+00:00")
    assert gc.isenabled() and bundle.articles[0].annotations[0].text == "Some"


def test_file_values_read_the_bytes_as_json_values_reads_the_text(tmp_path):
    from annotator.errors import InputRefused
    from annotator.formats.exchange.shared.foreign_read import file_values

    path = Path(tmp_path) / "a.jsonl"
    for text in ('\ufeff{"a": "é"}\n\n[1]\r\n', '{"a":\n 1}\n{"b": NaN}\n', '{"c": "\\ud800"}'):
        path.write_bytes(text.encode("utf-8"))
        assert list(file_values(path)) == list(json_values(text.removeprefix("\ufeff"), path))
    path.write_bytes(b'{"a": 1}\n{"b": "\xff"}\n')
    with pytest.raises(InputRefused, match="is not UTF-8 \\(byte 16\\)"):
        list(file_values(path))


def both_ways(monkeypatch, module, quick_way: str, read):
    """The bundle read with the quick way, checked equal to the one read without it (spans,
    refusals, what is said, tags), and how many times the quick way took a part."""
    taken, quick = [], getattr(module, quick_way)
    monkeypatch.setattr(module, quick_way, lambda *args: taken.append(quick(*args)) or taken[-1])
    fast = read()
    monkeypatch.setattr(module, quick_way, lambda *args: None)
    careful = read()
    assert [a.annotations for a in fast.articles] == [a.annotations for a in careful.articles]
    assert (fast.refused, fast.said, fast.tags) == (careful.refused, careful.said, careful.tags)
    return fast, sum(found is not None for found in taken)


def jsonl(folder: Path, records: list) -> Path:
    path = Path(folder) / "odd.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n",
                    encoding="utf-8")
    return path


DOCCANO_ODD = [  # each line a record the careful loop must also make sense of
    {"text": "With 👩‍👩‍👧 and 🇫🇷 emoji 𝄞.", "label": [[0, 4, "claim"], [5, 13, "actor"],
                                                  [18, 22, "quote"], [29, 31, "claim"]]},
    {"text": "Splits 😀 a pair.", "label": [[0, 8, "claim"], [7, 9, "claim"]]},
    {"text": "Odd offsets here.", "label": [[True, 3, "x"], [0, 3.0, "x"], [4, 4, "x"],
                                           [5, 2, "x"], [0, 99, "x"], [-1, 2, "x"]]},
    {"text": "Bad labels here.", "label": [[0, 3, " spaced"], [0, 3, ""], [0, 3, 7],
                                          [0, 3, "ok"], [0, 3, "ok"]]},
    {"text": "Not\r\ncanonical e\u0301 at all.", "label": [[0, 3, "claim"], [5, 14, "claim"]]},
    {"text": "Own keys in order.", "label": [[0, 3, "claim"], [4, 8, "quote"], [0, 3, "claim"]],
     "annotator_spans": [[0, 3, "claim", "id-1", "ann", "2026-01-01T00:00:00Z", ""],
                         [4, 8, "quote", "id-2", "", "", ""],
                         [0, 3, "claim", "id-3", "bob", "2026-01-02T00:00:00Z",
                          "2026-01-03T00:00:00Z"]]},
    {"text": "Own keys shuffled.", "label": [[0, 3, "claim"], [4, 8, "quote"]],
     "annotator_spans": [[4, 8, "quote", "id-5", "ann", "", ""],
                         [0, 3, "claim", "id-4", "ann", "", ""]]},
    {"text": "Own keys malformed.", "label": [[0, 3, "claim"], [4, 8, "quote"]],
     "annotator_spans": [[0, 3, "claim", "id 6", "ann", "", ""], [4, 8, "quote", 7, "", "", ""]]},
    {"text": "Own keys short.", "label": [[0, 3, "claim"], [4, 8, "quote"]],
     "annotator_spans": [[0, 3, "claim", "id-8", "ann", "", ""]]},
    {"text": "Labels and entities.", "label": [[0, 3, "claim"]],
     "entities": [{"id": 1, "label": "quote", "start_offset": 4, "end_offset": 8}]},
]


def test_doccano_fast_path_gives_what_the_careful_loop_gives(tmp_path, monkeypatch):
    import annotator.formats.exchange.doccano as doccano

    path = jsonl(tmp_path, DOCCANO_ODD)
    now = "2026-03-01T10:00:00+00:00"
    fast, quick = both_ways(monkeypatch, doccano, "_plain_labels",
                            lambda: doccano.read(path, now=now))
    assert quick == 2  # (the others: the careful loop)
    assert sum(len(a.annotations) for a in fast.articles) >= 12 and len(fast.refused) >= 8


def _span(start, end, label, text, **more):
    return {"start": start, "end": end, "label": label, "text": text, "id": f"s{start}-{end}",
            "annotator": "ann", "created_at": "2026-01-01T00:00:00Z",
            "updated_at": "2026-01-02T00:00:00+01:00", **more}


SPACY_ODD = [  # each line a task the careful way must also make sense of
    {"text": "With 👩‍👩‍👧 and 𝄞 here.", "spans": [_span(0, 4, "claim", "With"),
                                                _span(5, 10, "actor", "👩‍👩‍👧"),
                                                _span(15, 16, "quote", "𝄞"),
                                                _span(0, 4, "claim", "With", id="again")]},
    {"text": "Moved quote here.", "spans": [_span(0, 5, "claim", "quote")]},
    {"text": "Odd offsets here.", "spans": [_span(True, 3, "x", "Odd"), _span(4, 4, "x", ""),
                                           _span(5, 2, "x", ""), _span(0, 99, "x", "")]},
    {"text": "Bad fields here.", "spans": [_span(0, 3, " spaced", "Bad"),
                                          _span(0, 3, "ok", "Bad", id="a b"),
                                          _span(4, 10, "ok", "fields", created_at="soon"),
                                          _span(11, 15, "ok", "here", updated_at="")]},
    {"text": "Missing keys here.", "spans": [{"start": 0, "end": 7, "label": "claim"}]},
    {"text": "Not\r\ncanonical e\u0301 here.", "spans": [_span(0, 3, "claim", "Not")]},
    {"text": "Groups and ents.", "spans": {"sc": [_span(0, 6, "claim", "Groups")]},
     "ents": [_span(0, 6, "claim", "Groups")]},
]


def test_spacy_fast_path_gives_what_the_careful_way_gives(tmp_path, monkeypatch):
    import annotator.formats.exchange.spacy_jsonl as spacy

    path = jsonl(tmp_path, SPACY_ODD)
    now = "2026-03-01T10:00:00+00:00"
    fast, quick = both_ways(monkeypatch, spacy, "plain_spans", lambda: spacy.read(path, now=now))
    assert quick == 1  # (the others: the careful way)
    # (8: the span listed again with another id is another span; the one in 'ents' and a group
    # is one)
    assert sum(len(a.annotations) for a in fast.articles) == 8 and len(fast.refused) >= 7


def test_label_studio_votes_on_the_unit_count_what_the_careful_way_counts():
    import random

    from annotator.formats.exchange.labelstudio.labelstudio_plain import group_votes
    from annotator.formats.exchange.labelstudio.labelstudio_read import _Task, _same, careful_votes

    rng = random.Random(5)
    for raw in [*TEXTS, "Line one\nline 😀 two\r\nthree 𝄞𝄞 end."]:
        foreign = ForeignText(raw)
        task = _Task("w", foreign, None, [])
        counted = 0
        for _ in range(300):
            results = []
            for _ in range(rng.randint(0, 6)):
                start = rng.randint(0, foreign.units.length_u16 + 1)
                end = rng.randint(start, foreign.units.length_u16 + 2)
                quote = rng.choice([raw[start:end], raw[start:end].replace("\n", "\\n"),
                                    foreign.raw[slice(*(foreign.units.exact_span_to_codepoints(
                                        start, end) or (0, 0)))], "x"])
                results.append({"type": "labels", "value": {"start": start, "end": end,
                                                             "text": quote, "labels": ["a"]}})
            found = group_votes(foreign, results, _same)
            if found is not None:
                counted += 1
                assert found == careful_votes(task, results), (raw, results)
        assert counted > 250


LS_ODD = [  # each a task the careful way must also make sense of
    {"data": {"text": "With 👩‍👩‍👧 and 𝄞 here."}, "annotations": [{"result": [
        {"id": "r1", "type": "labels", "value": {"start": 0, "end": 4, "text": "With",
                                                 "labels": ["claim"]},
         "annotator": {"name": "ann", "created_at": "2026-01-01", "updated_at": "2026-01-02"}},
        {"id": "r2", "type": "labels", "value": {"start": 5, "end": 13, "text": "👩‍👩‍👧",
                                                 "labels": ["actor"]},
         "annotator": {"name": "ann", "created_at": "2026-01-01", "updated_at": "2026-01-02"}},
    ]}, {"completed_by": 3, "result": [
        {"id": "r3", "type": "labels", "value": {"start": 18, "end": 20, "text": "𝄞",
                                                 "labels": ["quote"]}}]}]},
    {"data": {"text": "Odd results here."}, "annotations": [{"result": [
        {"id": "a b", "type": "labels", "value": {"start": 0, "end": 3, "text": "Odd",
                                                  "labels": ["claim"]},
         "annotator": {"name": "ann", "created_at": "2026-01-01", "updated_at": "2026-01-02"}},
        {"id": "r5", "type": "labels", "value": {"start": 4, "end": 11, "text": "results",
                                                 "labels": ["claim", "quote"]}}]},
        {"result": [{"id": "r6", "type": "labels", "value": {"start": 0, "end": 3,
                                                             "text": "dd ", "labels": ["x"]}}]},
        {"result": [{"id": "r7", "type": "labels", "value": {"start": 12, "end": 16,
                                                             "text": "here", "labels": ["x"]},
                     "meta": {"text": ["a note"]}}]},
        {"result": [{"id": "r8", "type": "labels", "value": {"start": 0, "end": 3, "text": "Odd",
                                                             "labels": [" bad"]}}]}]},
]


def test_label_studio_fast_path_gives_what_the_careful_way_gives(tmp_path, monkeypatch):
    import annotator.formats.exchange.labelstudio.labelstudio_read as ls

    path = Path(tmp_path) / "tasks.json"
    path.write_text(json.dumps(LS_ODD, ensure_ascii=False), encoding="utf-8")
    now = "2026-03-01T10:00:00+00:00"
    fast, quick = both_ways(monkeypatch, ls, "plain_group",
                            lambda: ls.read_tasks(path, None, now))
    assert quick == 2  # (the others: the careful way)
    assert sum(len(a.annotations) for a in fast.articles) == 8 and len(fast.refused) == 1
    assert len(fast.said) == 1  # (the quote moved)
