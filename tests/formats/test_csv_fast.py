"""The spans table's fast writer (csv_write.spans_bytes) gives the same bytes as the plain
one (table_text over spans_rows) on cells that need quoting, the formula guard, CRLFs and lone
CRs inside cells, empty and missing cells, an unknown actor and an article without spans."""

from __future__ import annotations

from annotator.domain.bundle import AnnotationIn, ArticleIn, Bundle, TagIn
from annotator.domain.model import Actor
from annotator.formats.exchange.csv.csv_format import SPANS
from annotator.formats.exchange.csv.csv_write import spans_rows, spans_bytes, table_text

HARD = ["plain", 'say "hi"', "a, b", "line\nbreak", "cr\ronly", "crlf\r\nin", "=SUM(A1)",
        "-1", "'+x", "@me", "\ttab", "", "é🌉中文", "'", "''=", " lead"]


def _article(i: int, title: str, source: str | None, notes: list[str]) -> ArticleIn:
    text = "".join(HARD) * 2
    article = ArticleIn(f"art-{i}" if i % 3 else f"=art{i}", title, source, None, None, None,
                        None, text, f"{i:064x}")
    for n, note in enumerate(notes):
        start = n
        end = n + 5
        article.annotations.append(AnnotationIn(
            f"id-{i}-{n}" if n % 4 else f"-id{i}{n}", HARD[n % len(HARD)] or "tag", start, end,
            text[start:end] if n % 5 else HARD[(n + 3) % len(HARD)], note,
            HARD[(n + 1) % len(HARD)] or "who", "2026-01-01T00:00:00.000Z",
            "+2026" if n == 2 else "2026-01-02T00:00:00.000Z", True,
            ["act-1", "=act", "gone", None][n % 4],
            {"quote_form": "direct", "k": 'v"'} if n % 3 == 0 else None))
    return article


def _bundle() -> Bundle:
    articles = [
        _article(1, "Plain title", "Bench", ["", "n"]),
        _article(2, 'A "quoted", title', None, HARD),  # notes with CRLF: written row by row
        _article(3, "=formula title", "-src", [h for h in HARD if "\r\n" not in h]),
        _article(4, "title\r\nwith CRLF", "a,b", ["x", "y", "cr\ronly"]),
        _article(5, "empty", "", []),
        _article(6, "", "s", ["only"]),
    ]
    return Bundle(tags=[TagIn("tag", None, "")], articles=articles,
                  actors=[Actor("act-1", "Ann, B", (), None, ""),
                          Actor("=act", "=Name", (), None, "")])


def test_spans_bytes_is_the_plain_table():
    bundle = _bundle()
    for bom in (False, True):
        plain = table_text(SPANS, spans_rows(bundle), bom)
        assert spans_bytes(bundle, bom) == plain.encode("utf-8")
    assert "'=formula title" in plain and "'=art3" in plain and '"title\r\nwith CRLF"' in plain
