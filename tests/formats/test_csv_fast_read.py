"""The csv reader's fast ways give what the careful ones give: csv_split against csv.reader on
any bytes (quotes, line breaks of every kind, bytes that are not UTF-8, chunk boundaries
anywhere), and the whole read column by column (csv_spans) against row by row on tricky tables:
formula guards, quoted cells, attributes and empty cells on some rows, odd ids, times and
numbers, NUL, spans not in place, a spans table alone; the Bundle, or the refusal, is the same."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.errors import InputRefused
from annotator.formats.exchange.csv import csv_split, csv_table
from annotator.formats.exchange.csv.csv_format import SPANS
from annotator.formats.exchange.csv.csv_read import read_csv
from annotator.formats.exchange.csv.csv_split import split_table

NOW = "2026-03-01T10:00:00+00:00"


def reference(raw: bytes):
    try:
        return list(csv.reader(io.StringIO(raw.decode("utf-8"), newline=""), strict=True))
    except (csv.Error, UnicodeDecodeError):
        return None


def same_as_csv_reader(raw: bytes) -> bool:
    """Whether split_table took ``raw``; when it did, it read it as csv.reader does."""
    got, rows = split_table(raw, 10**6), reference(raw)
    if got is None:
        return False
    assert rows is not None and rows[0] == got.header and got.rows == len(rows) - 1
    assert all(len(row) == len(got.header) for row in rows)
    for i in range(len(got.header)):
        assert got.column(i) == [row[i] for row in rows[1:]]
    return True


PIECE = st.one_of(st.sampled_from(["a", ",", '"', "\r", "\n", "\r\n", "'", "\x00", "é", "中",
                                   "🌉", " "]).map(str.encode),
                  st.sampled_from([b"\xc3", b"\xa9", b"\xed\xa0\x80", b"\xff"]))
CELL = st.one_of(st.text(alphabet="ab é'🌉", max_size=4),
                 st.text(alphabet='ab,"\r\n\x00 é', max_size=5).map(
                     lambda s: '"' + s.replace('"', '""') + '"'),
                 st.text(alphabet='ab"\r\n,', max_size=3))
SLOW = settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))


@SLOW
@given(st.lists(PIECE, max_size=40), st.sampled_from([1, 3, 1 << 16]))
def test_split_of_any_bytes_is_csv_readers(pieces, chunk):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(csv_split, "_CHUNK", chunk)
        same_as_csv_reader(b"".join(pieces))


@SLOW
@given(st.integers(2, 4), st.data(), st.sampled_from(["\r\n", "\n", "\r"]), st.booleans(),
       st.sampled_from([1, 5, 1 << 16]))
def test_split_of_rows_is_csv_readers(width, data, sep, trailing, chunk):
    rows = data.draw(st.lists(st.lists(CELL, min_size=width - 1, max_size=width + 1),
                              max_size=6))
    text = sep.join([",".join(f"h{i}" for i in range(width))] + [",".join(r) for r in rows])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(csv_split, "_CHUNK", chunk)
        same_as_csv_reader((text + (sep if trailing else "")).encode())


def test_split_takes_what_our_exports_write():
    rows = [["h1", "h2", "h3"], ["a", 'say "hi", then\r\ngo', "é🌉"], ["", "", ""],
            ["x,y", "'=1", "z"]]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    assert same_as_csv_reader(out.getvalue().encode())
    assert same_as_csv_reader(b"\xef\xbb\xbfh1,h2\r\n".removeprefix(b"\xef\xbb\xbf"))


# -- the whole read: column by column against row by row ---------------------------------------
TEXT = "Harbour master Ilse Varga said, \"the pier is sound\". 🌉 Ferries run.\nNext line."
ART = "art-1"
T0, T1 = "2026-01-01T10:00:00.000Z", "2026-01-02T11:00:00+01:00"


def row(**cells) -> dict:
    start = cells.pop("at", 0)
    length = cells.pop("length", 7)
    base = {"article_id": ART, "annotation_id": f"id-{start}-{length}", "tag": "quote",
            "start": str(start), "end": str(start + length), "text": TEXT[start:start + length],
            "note": "", "annotator": "ann", "created_at": T0, "updated_at": T1, "actor_id": "",
            "actor": "", "attributes": "", "article_title": "A title", "article_source": "",
            "article_sha256": ""}
    base.update(cells)
    return base


def write_table(path, header, rows, bom=False, ending="\r\n"):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=ending)
    writer.writerow(header)
    writer.writerows([[r.get(k, "") for k in header] if isinstance(r, dict) else r
                      for r in rows])
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8"))


def folder(tmp_path, rows, header=SPANS, **options):
    path = tmp_path / "t"
    path.mkdir(exist_ok=True)
    write_table(path / "articles.csv", ("article_id", "title", "text"), [[ART, "A", TEXT]])
    write_table(path / "actors.csv", ("actor_id", "name"), [["'=act", "Act"], ["act-1", "B"]])
    write_table(path / "spans.csv", header, rows, **options)
    return path


def outcome(path, careful: bool):
    with pytest.MonkeyPatch.context() as patch:
        if careful:  # (csv_split "cannot tell": read_table and the per-row reading)
            patch.setattr(csv_table, "split_table", lambda raw, limit: None)
        try:
            bundle = read_csv(path, NOW)
        except InputRefused as exc:
            return str(exc)
    return bundle, list(bundle.where.items())


def fast_and_careful_agree(path, fast=True):
    got = outcome(path, careful=False)
    assert got == outcome(path, careful=True)
    raw = (path / "spans.csv" if path.is_dir() else path).read_bytes()
    assert (split_table(raw.removeprefix(b"\xef\xbb\xbf"), 10**9) is not None) == fast
    return got


PLAIN = [row(at=0), row(at=15, length=10), row(at=33, length=17), row(at=53, length=10)]
TRICKY = {
    "plain": PLAIN,
    "guarded and quoted": [row(at=0, note="'=SUM(A1)", annotation_id="'-id"),
                           row(at=15, note='say "x",\r\ny', annotator="'@me", tag="'+tag"),
                           row(at=33, length=17, actor_id="'=act"), *PLAIN[3:]],
    "attributes on one": [*PLAIN[:2], row(at=5, attributes='{"quote_form": "direct"}'),
                          *PLAIN[2:]],
    "empty cells where ours are filled": [row(at=0, annotation_id=""), row(at=15, created_at=""),
                                          row(at=20, updated_at="", annotator=""), *PLAIN[2:]],
    "non-ASCII id and annotator": [row(at=0, annotation_id="idé", annotator="Zoë"), *PLAIN[1:]],
    "tag with inner space": [row(at=0, tag="two words"), *PLAIN[1:]],
    "bad tag": [*PLAIN[:2], row(at=40, tag=" lead")],
    "id with a space": [*PLAIN[:3], row(at=40, annotation_id="a b")],
    "long id": [*PLAIN[:3], row(at=40, annotation_id="x" * 129)],
    "bad time": [*PLAIN[:2], row(at=40, created_at="yesterday")],
    "leading zeros and long numbers": [row(at=0, start="000", end="0007"),
                                       row(at=3, start="0000000000000000000003",
                                           end="000000000000000000000010"), *PLAIN[2:]],
    "not a number": [*PLAIN[:2], row(at=40, start="٣")],
    # (a NUL in the first 64 KB: "a binary file"; further on, the check of the cells finds it)
    "NUL in a note": [*PLAIN * 300, row(at=40, note="a\x00b")],
    "moved and refused": [row(at=0, start="1", end="8"), row(at=15, text="Ferries"),
                          row(at=20, text="nowhere"), *PLAIN[3:]],
    "out of range": [row(at=0, end="900"), row(at=15, start="9", end="3"), *PLAIN[2:]],
    "an article the file does not carry": [*PLAIN[:2], row(at=0, article_id="other",
                                                           annotation_id="o", article_sha256="AB")],
    "a duplicate id": [*PLAIN, row(at=0)],
}


@pytest.mark.parametrize("name", list(TRICKY))
def test_read_column_by_column_is_row_by_row(tmp_path, name):
    fast_and_careful_agree(folder(tmp_path, TRICKY[name]))


def test_the_fast_ways_are_taken_and_give_what_the_rows_say(tmp_path):
    bundle, _ = fast_and_careful_agree(folder(tmp_path, TRICKY["guarded and quoted"]))
    spans = bundle.articles[0].annotations
    assert [a.id for a in spans] == ["-id", "id-15-7", "id-33-17", "id-53-10"]
    assert spans[0].note == "=SUM(A1)" and spans[1].annotator == "@me"
    assert spans[1].tag == "+tag" and spans[2].actor == "=act"
    assert bundle.where["-id"].endswith("spans.csv, row 2")


def test_other_layouts_agree(tmp_path):
    for options in ({"bom": True}, {"ending": "\n"}):
        fast_and_careful_agree(folder(tmp_path, PLAIN, **options))
    fast_and_careful_agree(folder(tmp_path, PLAIN, ending="\r"), fast=False)
    few = ("article_id", "tag", "start", "end", "text")  # (no ids nor times: the careful way)
    fast_and_careful_agree(folder(tmp_path, PLAIN, header=few))
    twice = (*SPANS, "tag")  # (a repeated column: the last)
    fast_and_careful_agree(folder(tmp_path, [[*row(at=0).values(), "other"]], header=twice))
    fast_and_careful_agree(folder(tmp_path, [*PLAIN, ["short", "row"]]), fast=False)
    fast_and_careful_agree(folder(tmp_path, []))
    alone = tmp_path / "alone.csv"
    write_table(alone, SPANS, [row(at=0, actor_id="act-1", actor="Ilse"), *PLAIN[1:]])
    assert fast_and_careful_agree(alone)[0].actors[0].name == "Ilse"
    alone.write_bytes(alone.read_bytes().replace(b"Ilse", b"Ils\xff"))
    assert "is not UTF-8 (byte " in fast_and_careful_agree(alone, fast=False)
