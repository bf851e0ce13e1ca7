"""The readers' fast paths give what the careful ways give: ForeignText.span on a canonical text
(all BMP, or with astral characters) against raw_span + canonical_span, and json_values by lines
(orjson) against the standard parser; the collector is running again after a read."""

import gc
import json
from pathlib import Path

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
