"""The w3c reader's fast path (w3c_fast) gives what the careful way (w3c_parts, one annotation at
a time) gives: the same bundle (spans, their ids, offsets, text, tag, annotator, times and
attributes, where each comes from, refusals and what was said) or the same refusal of the file,
for a file of plain spans with one odd annotation anywhere, and with many; and a file as our
writer makes it is read without the careful way."""

import json
import random
from pathlib import Path

import pytest

from annotator.domain.bundle import AnnotationIn, ArticleIn, Bundle, LinkIn, TagIn
from annotator.domain.model import Actor, LinkType
from annotator.domain.text import text_sha256
from annotator.errors import InputRefused
from annotator.formats.exchange.w3c import w3c_read
from annotator.formats.exchange.w3c.w3c_write import collection, link_annotation, \
    span_annotation

NOW = "2026-03-01T10:00:00+00:00"
WORDS = ["ferry", "fog", "Zoë", "市长", "harbour", "🚢", "said", "late", "noon", "Ithaca"]
IRI = "urn:annotator:annotation:"


def article(name: str, seed: int, url: str | None = None) -> ArticleIn:
    rng = random.Random(seed)
    text = "\n\n".join(" ".join(rng.choice(WORDS) for _ in range(60)) + "." for _ in range(8))
    return ArticleIn(name, f"Title {name}", "Gazette", url, None, None, "2026-01-01T00:00:00Z",
                     text, text_sha256(text))


ARTICLES = {"urn:annotator:article:" + a.id: a for a in (article("a1", 1), article("a2", 2))}


def project(spans: int) -> Bundle:
    """Two carried articles (one with a URL), ``spans`` spans on them (some with a note, an actor
    or attributes, as in a real project), three links."""
    rng = random.Random(spans)
    articles = [article("a1", 1), article("a2", 2, "https://news.example/a2")]
    for i in range(spans):
        owner = articles[i * 2 // spans]
        start = rng.randrange(len(owner.text) - 40)
        end = start + rng.randrange(1, 40)
        owner.annotations.append(AnnotationIn(
            f"span-{i:05d}", rng.choice(["claim", "quote", "actor"]), start, end,
            owner.text[start:end], "" if i % 7 else f"Note {i}.\nSecond line",
            rng.choice(["ann", "bob"]), f"2026-02-01T10:{i // 60 % 60:02d}:{i % 60:02d}.000Z",
            f"2026-02-02T10:{i // 60 % 60:02d}:{i % 60:02d}Z", True,
            None if i % 5 else "varga", None if i % 11 else {"quote_form": "direct"}))
    first = articles[0].annotations
    links = [LinkIn(f"link-{n}", "speaker", first[n].id, first[n + 1].id, "", "ann", NOW, NOW)
             for n in range(3)]
    return Bundle(tags=[TagIn(t, None, "") for t in ("claim", "quote", "actor")],
                  articles=articles, link_types=[LinkType("speaker", True, "")],
                  actors=[Actor("varga", "Ilse Varga")], links=links)


def document(bundle: Bundle) -> dict:
    doc = collection(bundle)
    doc["first"]["items"] = [span_annotation(a, s) for a in bundle.articles
                             for s in a.annotations] + [link_annotation(k) for k in bundle.links]
    return doc


def _set(path: str, value):
    def change(obj):
        *keys, last = path.split(".")
        for key in keys:
            obj = obj[int(key) if key.isdigit() else key]
        obj[int(last) if last.isdigit() else last] = value
    return change


def _delete(key: str):
    return lambda obj: obj.pop(key)


def _add_body(body: dict):
    return lambda obj: obj["body"].append(body)


def _shift(obj):
    position = obj["target"]["selector"][0]
    position["start"] += 1
    position["end"] += 1


def _other_iri(obj):
    obj["id"] = "http://example.org/anno/" + obj["id"].removeprefix(IRI)


def _refined(obj):
    obj["target"]["selector"][1]["refinedBy"] = {"type": "TextPositionSelector", "start": 0,
                                                 "end": 1}


def _quoted(start, end=None):
    """The position changed, and the quote made what the text holds there (to the end of the
    text when ``end`` is past it)."""
    def change(obj):
        position, quote = obj["target"]["selector"]
        text = ARTICLES[obj["target"]["source"]].text
        position["start"] = start
        position["end"] = {None: position["end"], "len": len(text)}.get(end, end)
        quote["exact"], quote["prefix"] = text[start:position["end"]], text[:start][-32:]
    return change


def _reversed(obj):
    obj["target"]["selector"].reverse()


def _nested_source(obj):
    obj["target"]["source"] = {"id": obj["target"]["source"]}


NOTE = {"type": "TextualBody", "value": "a note", "purpose": "commenting"}
ACTOR = {"type": "SpecificResource", "purpose": "identifying", "source": "urn:annotator:actor:varga"}


def _bodies(*bodies):
    return lambda obj: obj.update(body=[obj["body"][0], *bodies])


ODD = {  # one annotation changed, each a way the careful path reads differently or refuses
    "note": _bodies(NOTE),
    "note and actor": _bodies(NOTE, ACTOR),
    "actor and note": _bodies(ACTOR, NOTE),
    "two notes": _bodies(NOTE, {**NOTE, "value": "another"}),
    "two actors": _bodies(ACTOR, ACTOR),
    "empty note": _bodies({**NOTE, "value": ""}),
    "NUL in a note": _bodies({**NOTE, "value": "a\x00b"}),
    "long note": _bodies({**NOTE, "value": "n" * 100_001}),
    "number note": _bodies({**NOTE, "value": 5}),
    "note of 4 keys": _bodies({**NOTE, "id": "#n"}),
    "note describing": _bodies({**NOTE, "purpose": "describing"}),
    "note purposes": _bodies({**NOTE, "purpose": ["commenting"]}),
    "note as a string": _bodies("https://example.org/comment"),
    "note first": lambda obj: obj.update(body=[NOTE, obj["body"][0]]),
    "actor by id": _bodies({"type": "SpecificResource", "purpose": "identifying",
                            "id": ACTOR["source"]}),
    "actor without our prefix": _bodies({**ACTOR, "source": "https://example.org/varga"}),
    "actor of no id": _bodies({**ACTOR, "source": "urn:annotator:actor:"}),
    "actor linking": _bodies({**ACTOR, "purpose": "linking"}),
    "actor with a value": _bodies({**ACTOR, "value": "a note after all"}),
    "second tag": _add_body({"type": "TextualBody", "value": "place", "purpose": "tagging"}),
    "actor": _add_body({"type": "SpecificResource", "purpose": "identifying",
                        "source": "urn:annotator:actor:varga"}),
    "unknown actor": _add_body({"type": "SpecificResource", "purpose": "identifying",
                                "source": "urn:annotator:actor:nobody"}),
    "attributes": _set("annotator:attributes", {"quote_form": "direct", "anonymous": False}),
    "empty attributes": _set("annotator:attributes", {}),
    "null attributes": _set("annotator:attributes", None),
    "bad attributes": _set("annotator:attributes", {"quote_form": "shouted"}),
    "NUL attribute": _set("annotator:attributes", {"x": "a\x00b"}),
    "NUL after a time": _set("created", "2026-02-01T10:00:00.000Z\x00"),
    "spaces after a time": _set("modified", "2026-02-01T10:00:00.000123" + " " * 10_000),
    "not a time": _set("modified", "yesterday"),
    "no created": _delete("created"),
    "null created": _set("created", None),
    "number time": _set("created", 5),
    "shifted": _shift,
    "end past the text": _set("target.selector.0.end", 10_000_000),
    "true start": _set("target.selector.0.start", True),
    "true start where 1 would do": _quoted(True),
    "false start where 0 would do": _quoted(False),
    "end past the text, the quote to its end": _quoted(1000, 10_000_000),
    "true end where 1 would do": _quoted(0, True),
    "negative start, the quote the text's end": _quoted(-1, "len"),
    "empty exact at an empty position": _quoted(5, 5),
    "start after the end, exact empty": _quoted(9, 5),
    "negative start": _set("target.selector.0.start", -1),
    "float end": _set("target.selector.0.end", 3.0),
    "empty position": _set("target.selector.0.end", 0),
    "empty exact": _set("target.selector.1.exact", ""),
    "exact elsewhere": _set("target.selector.1.exact", "ferry fog"),
    "exact absent": _set("target.selector.1.exact", "not in the text"),
    "number prefix": _set("target.selector.1.prefix", 5),
    "null suffix": _set("target.selector.1.suffix", None),
    "spaced id": _set("id", IRI + "has space"),
    "fragment id": _set("id", "#frag-1"),
    "other IRI": _other_iri,
    "long id": _set("id", IRI + "x" * 129),
    "empty id": _set("id", IRI),
    "no id": _delete("id"),
    "number id": _set("id", 5),
    "zero-width id": _set("id", IRI + "a\u200bb"),
    "tab in id": _set("id", IRI + "a\tb"),
    "line separator in id": _set("id", IRI + "a\u2028b"),
    "DEL in id": _set("id", IRI + "a\x7fb"),
    "duplicate id": _set("id", IRI + "span-00003"),
    "spaced tag": _set("body.0.value", " claim "),
    "empty tag": _set("body.0.value", ""),
    "long tag": _set("body.0.value", "x" * 101),
    "number tag": _set("body.0.value", 5),
    "new tag": _set("body.0.value", "place"),
    "purpose list": _set("body.0.purpose", ["tagging"]),
    "describing": _set("body.0.purpose", "describing"),
    "choice": _set("body.0.type", "Choice"),
    "body object": lambda obj: obj.update(body=obj["body"][0]),
    "no name": _set("creator", {"type": "Person"}),
    "empty name": _set("creator.name", ""),
    "creator string": _set("creator", "bob"),
    "creator list": _set("creator", [{"name": "carol"}]),
    "unknown source": _set("target.source", "urn:annotator:article:elsewhere"),
    "source by URL": _set("target.source", "https://news.example/a2"),
    "source object": _nested_source,
    "refined": _refined,
    "selectors reversed": _reversed,
    "commenting motivation": _set("motivation", "commenting"),
    "linking motivation": _set("motivation", "linking"),
    "body value": _set("bodyValue", "a value"),
    "no type": _delete("type"),
    "no type, other key": lambda obj: obj.update(generator="x") or obj.pop("type"),
    "target list": lambda obj: obj.update(target=[obj["target"]]),
    "not an object": lambda obj: obj.clear() or obj.update(x=1),
}


def read(path: Path, fast: bool, monkeypatch) -> tuple[Bundle | None, str | None, list[int]]:
    """(the bundle or None, the refusal or None, [how many annotations the fast path took, and
    how many it was offered])."""
    counts = [0, 0]
    plain_spans = w3c_read.plain_spans

    def counted(objs, owner):
        found = plain_spans(objs, owner) if fast else None
        counts[0] += len(objs) if found else 0
        counts[1] += len(objs)
        return found

    with monkeypatch.context() as patch:
        patch.setattr(w3c_read, "plain_spans", counted)
        try:
            return w3c_read.read_w3c(path, NOW), None, counts
        except InputRefused as exc:
            return None, str(exc), counts


def both(tmp_path: Path, doc: dict, monkeypatch, **dump) -> int:
    """Read ``doc`` both ways, asserting the same outcome; how many the fast path took."""
    return both_counted(tmp_path, doc, monkeypatch, **dump)[0]


def both_counted(tmp_path: Path, doc: dict, monkeypatch, **dump) -> list[int]:
    path = tmp_path / "in.jsonld"
    path.write_text(json.dumps(doc, **{"ensure_ascii": False, **dump}), encoding="utf-8")
    fast, refused, counts = read(path, True, monkeypatch)
    careful, careful_refused, _ = read(path, False, monkeypatch)
    assert (fast, refused) == (careful, careful_refused)
    assert repr(fast) == repr(careful)  # (and of the same types: a start of 1, not true)
    return counts


@pytest.mark.parametrize("odd", ODD)
def test_one_odd_annotation_reads_as_the_careful_way_reads_it(tmp_path, monkeypatch, odd):
    doc = document(project(300))
    items = doc["first"]["items"]
    change = ODD[odd]
    if odd == "not an object":
        items[150] = 7
    else:
        change(items[150])
    taken = both(tmp_path, doc, monkeypatch)
    assert 0 < taken < 300  # (the runs without it, and not the one with it)


def test_many_odd_annotations_in_short_runs(tmp_path, monkeypatch):
    monkeypatch.setattr(w3c_read, "_RUN", 256)
    doc = document(project(4000))
    items = doc["first"]["items"]
    for n, change in enumerate(ODD.values()):
        at = 1500 + n * 23
        if change is ODD["not an object"]:
            items[at] = [1, 2]
        else:
            change(items[at])
    assert 1500 <= both(tmp_path, doc, monkeypatch) < 4000


def test_a_file_of_odd_annotations_is_offered_once(tmp_path, monkeypatch):
    """(so it is read about as fast as before the fast path)"""
    monkeypatch.setattr(w3c_read, "_RUN", 256)
    doc = document(project(2000))
    for obj in doc["first"]["items"][:2000]:
        _shift(obj)
    assert both_counted(tmp_path, doc, monkeypatch) == [0, 256]


def test_our_file_is_read_at_once_and_a_json_only_file_carefully(tmp_path, monkeypatch):
    doc = document(project(500))
    # (the last few spans are in a run with the links, read one at a time)
    assert 500 - 2 * w3c_read._FEW <= both(tmp_path, doc, monkeypatch) < 500
    del doc["first"]["items"][500:]  # (without the links)
    assert both(tmp_path, doc, monkeypatch) == 500
    # A lone surrogate: orjson refuses the file, the standard parser reads it, carefully
    doc["first"]["items"][10]["body"].append({"type": "TextualBody", "value": "\ud800",
                                              "purpose": "commenting"})
    assert both(tmp_path, doc, monkeypatch, ensure_ascii=True) == 0


def test_a_refused_whole_file_is_refused_alike(tmp_path, monkeypatch):
    doc = document(project(300))
    doc["first"]["items"][5]["id"] = doc["first"]["items"][6]["id"]  # (spans' ids: one twice)
    doc["first"]["items"][-1]["target"][0]["id"] = IRI + "span-00005"
    both(tmp_path, doc, monkeypatch)
