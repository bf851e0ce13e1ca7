"""The refi reader's fast path (refi_events: the plain selections read as columns, the rest
replayed into a tree; refi_rows: their annotations made at once) gives exactly what the careful
way gives (lxml's tree, one selection at a time): the same Bundle, the same sentences in the same
order, the same refusal; on tricky files, and with each fast step shown taken or left."""

import zipfile
from pathlib import Path

import pytest

from annotator.errors import InputRefused
from annotator.formats.exchange.refi import refi, refi_events, refi_place, refi_read, refi_rows

DATA = Path(__file__).parent / "data" / "refi"
NOW = "2026-03-01T10:00:00Z"
CODE, OTHER = "11111111-1111-4111-8111-111111111111", "11111111-1111-4111-8111-222222222222"
USER = "55555555-5555-4555-8555-555555555555"


def read_both(path: Path, monkeypatch) -> tuple[object, object]:
    """(what the fast path reads or refuses, what the careful way does)."""
    def one():
        try:
            return refi.read(path, now=NOW)
        except InputRefused as exc:
            return f"refused: {exc}"

    fast = one()
    with monkeypatch.context() as patched:
        patched.setattr(refi_read, "parse_fast", lambda data: None)
        careful = one()
    return fast, careful


def assert_same(path: Path, monkeypatch) -> object:
    fast, careful = read_both(path, monkeypatch)
    assert fast == careful
    if not isinstance(fast, str):
        assert list(fast.where.items()) == list(careful.where.items())  # (in the same order)
    return fast


class Taken:
    """Counts what the fast steps took: files parsed fast, sources made at once."""

    def __init__(self, monkeypatch):
        self.parsed = self.made = 0
        parse, make = refi_read.parse_fast, refi_place.fast_annotations

        def parse_counted(data):
            found = parse(data)
            self.parsed += found is not None
            return found

        def make_counted(rows, place):
            found = make(rows, place)
            self.made += found is not None
            return found

        monkeypatch.setattr(refi_read, "parse_fast", parse_counted)
        monkeypatch.setattr(refi_place, "fast_annotations", make_counted)


def sel(n: int, start, end, name: str | None = "", *, code: str = CODE, inner: str = "",
        attributes: str | None = None, coding: str | None = None) -> str:
    """A PlainTextSelection; ``inner`` goes after its Coding, ``coding`` replaces the Coding."""
    attrs = attributes if attributes is not None else (
        f'guid="22222222-2222-4222-8222-{n:012d}" startPosition="{start}" '
        f'endPosition="{end}"' + (f' name="{name}"' if name is not None else "") +
        f' creatingUser="{USER}" creationDateTime="2026-01-0{n % 9 + 1}T10:00:0{n % 10}Z"')
    coding = coding if coding is not None else (
        f'<Coding guid="33333333-3333-4333-8333-{n:012d}" creatingUser="{USER}">'
        f'<CodeRef targetGUID="{code}"/></Coding>')
    return f"<PlainTextSelection {attrs}>{coding}{inner}</PlainTextSelection>"


def source(text: str, selections: str, n: int = 4, name: str = "s") -> str:
    return (f'<TextSource guid="44444444-4444-4444-8444-{n:012d}" name="{name}">'
            f"<PlainTextContent>{text}</PlainTextContent>{selections}</TextSource>")


def project(sources: str, extra: str = "", head: str = '<?xml version="1.0"?>') -> str:
    return (f'{head}<Project xmlns="urn:QDA-XML:project:1.0" name="t"><Users><User guid="{USER}" '
            f'name="Ann &amp; Bo"/></Users><CodeBook><Codes><Code guid="{CODE}" name="claim" '
            f'isCodable="true"/><Code guid="{OTHER}" name="other" isCodable="true"/></Codes>'
            f"</CodeBook><Sources>{sources}</Sources>{extra}</Project>")


TEXT = "The mayor said the budget is fine. Critics said the budget is not fine."
PLAIN = "".join(sel(i, 4 * i, 4 * i + 3, TEXT[4 * i:4 * i + 3]) for i in range(1, 8))
NOTES = ('<Notes><Note guid="66666666-6666-4666-8666-000000000001"><PlainTextContent>a note'
         "</PlainTextContent></Note></Notes>")
CASES = ('<Cases><Case guid="77777777-7777-4777-8777-000000000001" name="Mayor"><SelectionRef '
         'targetGUID="22222222-2222-4222-8222-000000000001"/></Case></Cases>')
LINKS = ('<Links><Link guid="88888888-8888-4888-8888-000000000001" name="same" direction='
         '"Associative" originGUID="22222222-2222-4222-8222-000000000001" targetGUID='
         '"22222222-2222-4222-8222-000000000002"/></Links>')

# (name, project.qde, parsed fast, sources made at once)
CASES_XML = [
    ("plain", project(source(TEXT, PLAIN), NOTES + CASES + LINKS), 1, 1),
    ("runs apart in one source", project(source(TEXT, sel(1, 4, 9, "mayor") + "<Description>d"
                                                  "</Description>" + sel(2, 0, 3, "The") + sel(
        3, 10, 14, "said"))), 1, 1),
    ("two sources, one guid twice", project(source(TEXT, PLAIN) + source(TEXT, PLAIN, 5)), 1, 2),
    ("pretty-printed, comments, PIs, CDATA", project(source(
        TEXT, "\n  " + PLAIN.replace("><", ">\n  <").replace(
            "</Coding>", "<!-- c --><?pi x?><![CDATA[ ]]></Coding>"))), 1, 1),
    ("ampersands in attributes", project(source(TEXT.replace("mayor", "m&amp;r"), "".join(
        sel(i, 4, 7, "m&amp;r" if i % 2 else "m&#38;r") for i in range(1, 5)),
        name="A &#x26; B &amp;#38;"), CASES), 1, 1),
    ("braced upper-case guids, missing attributes", project(source(TEXT, sel(
        1, 0, 3, "The", attributes='guid=" {22222222-2222-4222-8222-00000000000A} " '
        'startPosition="0" endPosition="3"') + sel(2, 4, 9, None) + sel(
        3, 4, 9, attributes=""))), 1, 0),
    ("odd numbers and times", project(source(TEXT, sel(1, " 4", "+9", "mayor") + sel(
        2, "x", 9, "mayor") + sel(3, 4, 9, attributes='guid="a" startPosition="4" endPosition="9"'
        ' creationDateTime=" 2026-01-01T10:00:00Z" modifiedDateTime="2026-02-30T10:00:00"'))),
     1, 0),
    ("braced guids, no names, no times, odd numbers: still at once", project(source(TEXT, sel(
        1, " 4", "+9", attributes='guid=" {22222222-2222-4222-8222-00000000000A} " startPosition='
        '" 4" endPosition="+9"') + sel(2, 4, 9, None) + sel(3, 0, 3, attributes='guid="B" '
        'startPosition="0" endPosition="3" creationDateTime=" 2026-01-01T10:00:00Z" '
        'modifiedDateTime="2026-02-30T10:00:00"'))), 1, 1),
    ("out of range, reversed, empty", project(source(TEXT, sel(1, 0, 999) + sel(2, 9, 4) + sel(
        3, 5, 5) + sel(4, -1, 3))), 1, 0),
    ("names that are quotes, moved and refused", project(source(TEXT, sel(1, 4, 9, "mayor") + sel(
        2, 0, 3, "Critics") + sel(3, 15, 21, "the budget") + sel(4, 10, 14, "said"))), 1, 0),
    ("names that are labels", project(source(TEXT, sel(1, 4, 9, "Speaker") + sel(
        2, 15, 25, "Topic"))), 1, 1),
    ("names with white space changed", project(source("a\tb  c", sel(1, 0, 6, "a b c") + sel(
        2, 0, 6, "a&#10;b  c"))), 1, 1),
    ("a code that is no tag", project(source(TEXT, sel(1, 4, 9, "mayor", code="nope"))), 1, 0),
    ("not plain: notes, descriptions, two codings, no code ref", project(source(TEXT, sel(
        1, 4, 9, "mayor", inner='<NoteRef targetGUID="66666666-6666-4666-8666-000000000001"/>')
        + sel(2, 0, 3, "The") + sel(3, 4, 9, inner="<Description>said so</Description>") + sel(
        4, 4, 9, coding=f'<Coding guid="c1"><CodeRef targetGUID="{CODE}"/></Coding><Coding '
        f'guid="c2"><CodeRef targetGUID="{OTHER}"/></Coding>') + sel(5, 0, 3, coding=(
            '<Coding guid="c3"/>')) + sel(6, 0, 3, coding="") + sel(7, 0, 3, "The")), NOTES), 1, 0),
    ("selections where the reader does not look", project(source(TEXT, "<Description>" + PLAIN
                                                                 + "</Description>" + sel(
        9, 0, 3)), "<Other>" + PLAIN + "</Other>"), 1, 1),
    ("not canonical: CRLF, NFD", project(source("Cafe\u0301 said\r\nno.", sel(1, 0, 5) + sel(
        2, 6, 10))), 1, 0),
    ("emoji, code points", project(source("😀 Ana said yes.", sel(1, 2, 5, "Ana"))), 1, 1),
    ("emoji, UTF-16 units", project(source("😀 Ana said yes.", sel(1, 3, 6) + sel(2, 7, 11))),
     1, 0),
    ("no selections", project(source(TEXT, "")), 1, 0),
    ("malformed", project(source(TEXT, PLAIN))[:-3], 0, 0),
    ("a DTD", project(source(TEXT, PLAIN)).replace("?>", '?><!DOCTYPE Project [<!ENTITY a "b">]>'
                                                  ), 0, 0),
    ("a namespace error", project(source(TEXT, PLAIN), "<x:y/>"), 0, 0),
    ("an xml:id twice", project(source(TEXT, PLAIN), '<a xml:id="i"/><b xml:id="i"/>'), 0, 0),
    ("another root", '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>', 0, 0),
    ("a selection for root", project(source(TEXT, PLAIN)).replace("<Project", (
        '<PlainTextSelection xmlns="urn:QDA-XML:project:1.0"><Project')).replace(
        "</Project>", "</Project></PlainTextSelection>"), 0, 0),
]


@pytest.mark.parametrize("name, xml, parsed, made", CASES_XML, ids=[c[0] for c in CASES_XML])
def test_fast_path_reads_as_the_careful_way(tmp_path, monkeypatch, name, xml, parsed, made):
    path = tmp_path / "p.qde"
    path.write_text(xml, "utf-8")
    taken = Taken(monkeypatch)
    assert_same(path, monkeypatch)
    assert (taken.parsed, taken.made) == (parsed, made)


def test_utf16_files_are_parsed_the_careful_way(tmp_path, monkeypatch):
    path = tmp_path / "p.qde"
    path.write_bytes(project(source(TEXT, PLAIN), head='<?xml version="1.0" encoding="UTF-16"?>'
                             ).encode("utf-16"))
    taken = Taken(monkeypatch)
    bundle = assert_same(path, monkeypatch)
    assert bundle.annotation_count == 7 and taken.parsed == 0


@pytest.mark.parametrize("folder", ["nvivo_like", "qualcoder_like"])
def test_fixtures_in_real_shapes(tmp_path, monkeypatch, folder):
    target = tmp_path / f"{folder}.qdpx"
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted((DATA / folder).rglob("*")):
            if path.is_file() and path.name != ".gitattributes":
                archive.write(path, path.relative_to(DATA / folder).as_posix())
    taken = Taken(monkeypatch)
    assert assert_same(target, monkeypatch).annotation_count
    assert taken.parsed == 1


def test_the_libxml2_ampersand_probe():
    # This libxml2 tells a target of "&" in an attribute as "&#38;"; either answer is handled.
    assert refi_events._ampersands() in (True, False)
    assert refi_events.unescaped(["a&#38;b", None, "&#38;#38;"]) == ["a&b", None, "&#38;"]


def test_columns_read_as_the_careful_functions():
    from annotator.formats.exchange.refi.refi_parts import time

    columns = refi_rows.Selections({"u": "Ann"}, {})
    values = ["2026-01-01T10:00:00Z", " 2026-01-01", "2026-02-30", "", None, "2026-01-01"]
    assert columns.times(values) == [time(v) for v in values]
    assert columns.times(values[:1]) == values[:1]
    assert columns.guids(["{AB}", "ab", None]) == ["ab", "ab", ""]
    assert refi_rows._positions(["1", " 2", "x", None], ["3", "4", "5", "6"]) == (
        [1, 2, -1, -1], [3, 4, -1, -1])
    assert columns.user_names(["u", None, " U "]) == ["Ann", "", "Ann"]


def _reference_unit(samples) -> str:
    """refi_units.choose_unit as it was before it took Samples (the way it is checked against)."""
    from annotator.formats.exchange.refi.refi_units import (
        _ASTRAL, CODE_POINTS, SAMPLE, UTF8, UTF16, Reader)

    def boundary(text, at):
        if at <= 0 or at >= len(text):
            return 1
        return 0 if text[at - 1].isalnum() and text[at].isalnum() else 1

    def score(chosen, unit):
        matches = misses = aligned = 0
        left = SAMPLE
        for raw, spans in chosen:
            if left <= 0:
                break
            reader = Reader(raw, unit)
            spans = spans[:left]
            left -= len(spans)
            for start, end, quote in spans:
                found = reader.span(start, end)
                if found is None:
                    misses += 1
                    continue
                if quote is not None and raw[found[0]:found[1]] == quote:
                    matches += 1
                aligned += boundary(raw, found[0]) + boundary(raw, found[1])
        return matches, -misses, aligned

    best = CODE_POINTS
    astral = [s for s in samples if _ASTRAL.search(s[0])]
    if astral:
        scores = {unit: score(astral, unit) for unit in (CODE_POINTS, UTF16)}
        best = max((CODE_POINTS, UTF16), key=lambda u: scores[u])
    quoted = [(raw, spans) for raw, spans in samples
              if not raw.isascii() and any(q is not None for *_, q in spans)]
    if quoted:
        matched = score(quoted, best)[0]
        named = sum(1 for _, spans in quoted for *_, q in spans if q is not None)
        if matched * 2 < named and score(quoted, UTF8)[0] > matched:
            best = UTF8
    return best


def test_unit_choice_as_before(monkeypatch):
    import random

    from annotator.formats.exchange.refi import refi_units

    monkeypatch.setattr(refi_units, "SAMPLE", 40)  # (so that samples are cut off here too)
    words = ["Ana", "said", "yes", "é", "Zoë", "市长", "😀", "🙂🙂", "a-b", "\n", "  ", "."]
    chance = random.Random(11)
    for _ in range(300):
        samples = []
        for _ in range(chance.randint(1, 4)):
            raw = " ".join(chance.choice(words) for _ in range(chance.randint(1, 30)))
            utf16, utf8 = len(raw.encode("utf-16-le")) // 2, len(raw.encode())
            spans = []
            for _ in range(chance.randint(0, 30)):
                top = chance.choice([len(raw), utf16, utf8]) + 1
                start = chance.randint(-1, top)
                end = chance.randint(start - 1, top)
                quote = chance.choice([None, "", raw[start:end], raw[start:end + 1],
                                       raw.encode()[max(start, 0):end].decode("utf-8", "replace")])
                spans.append((start, end, quote or None))
            samples.append((raw, spans))
        expected = _reference_unit(samples)
        assert refi_units.choose_unit([refi_units.sample(r, s) for r, s in samples]) == expected


def _random_project(chance) -> str:
    """A project.qde of random selections: plain or not, attributes missing, odd positions,
    names that are the text or not, entities, white space between elements or not."""
    texts = [TEXT, "Zoë & Ana said 😀 yes.", "Cafe\u0301 line\r\nnext", "a  b\tc"]
    gap = chance.choice(["", "\n ", ""])

    def value(text: str, start: int, end: int, tidy: bool) -> str:
        piece = text[max(start, 0):max(end, 0)]
        name = chance.choice([piece, ""] if tidy else [piece, "", "label", piece.upper(),
                                                        piece + " "])
        return name.replace("&", chance.choice(["&amp;", "&#38;", "&#x26;"])).replace(
            "<", "&lt;").replace("\r", "&#13;").replace("\n", "&#10;")

    sources = []
    for s in range(chance.randint(1, 3)):
        text = chance.choice(texts)
        tidy = chance.random() < 0.5  # (what the fast way takes, most of the time)
        selections = []
        for i in range(chance.randint(0, 12)):
            start = chance.randint(0, len(text) - 1) if tidy else chance.choice(
                [chance.randint(0, len(text)), -1, "x", " 3"])
            end = chance.randint(start + 1, len(text)) if tidy else chance.choice(
                [chance.randint(0, len(text) + 2), len(text)])
            start_at = start if isinstance(start, int) else 3
            attributes = [f'guid="{chance.choice(["", "{", " "])}22222222-2222-4222-8222-'
                          f'{s * 100 + (i if tidy or chance.random() < 0.8 else 0):012d}"',
                          f'startPosition="{start}"', f'endPosition="{end}"',
                          f'name="{value(text, start_at, end, tidy)}"',
                          f'creatingUser="{chance.choice([USER, USER.upper(), "nobody"])}"',
                          f'creationDateTime="{chance.choice(["2026-01-01T10:00:00Z", "", "x"])}"']
            attributes = [a for a in attributes if tidy or chance.random() < 0.9]
            chance.shuffle(attributes)
            kind = 0 if tidy else chance.random()
            code = chance.choice([CODE, OTHER, OTHER.upper()] + ([] if tidy else ["nope"]))
            inner = "" if kind < 0.8 else chance.choice([
                '<NoteRef targetGUID="66666666-6666-4666-8666-000000000001"/>',
                "<Description>d</Description>"])
            coding = (f'<Coding guid="c{i}" {gap}creatingUser="{USER}">{gap}<CodeRef '
                      f'targetGUID="{code}"/>{gap}</Coding>') if kind < 0.95 else ""
            selections.append(f"<PlainTextSelection {' '.join(attributes)}>{gap}{coding}{gap}"
                              f"{inner}</PlainTextSelection>")
        content = text.replace("&", "&amp;").replace("\r", "&#13;")
        sources.append(f'<TextSource guid="44444444-4444-4444-8444-{s:012d}" name="s{s} &amp; '
                       f'x"><PlainTextContent>{content}</PlainTextContent>{gap}'
                       f"{gap.join(selections)}</TextSource>")
    return project(gap.join(sources), NOTES + CASES + LINKS)


def test_random_projects_read_as_the_careful_way(tmp_path, monkeypatch):
    import random

    chance = random.Random(5)
    path = tmp_path / "p.qde"
    taken = Taken(monkeypatch)
    for _ in range(150):
        path.write_text(_random_project(chance), "utf-8")
        assert_same(path, monkeypatch)
    assert taken.parsed == 150 and taken.made > 60
