"""The HTML report (compare --format html): its highlights slice the texts exactly (checked by
parsing the page), nested and overlapping spans carry every covering tag, text and notes are
escaped, the matrix shows zeros, the same project gives the same bytes; and in headless
Chromium the page is not blank, shows the tag colours, draws the links and fetches nothing."""

import html.parser
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
from collections import Counter
from itertools import pairwise

import pytest
from compare_sample import sample_project
from hypothesis import HealthCheck, given, settings, strategies as st
from tricky_text import raw_text

from annotator.domain.model import Annotation, Article, Link, LinkType, Tag
from annotator.domain.text import canonicalize
from annotator.formats.report.report_html import Report, render
from annotator.storage.reads.report_data import read_report

TAGS = [Tag("claim", "#d9534f"), Tag("quote", "#3b7dd8"), Tag("actor", "#2e9e5b")]


class Page(html.parser.HTMLParser):
    """Each article's text nodes, with the span keys of the piece each one is in."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.article: int | None = None
        self.depth = 0
        self.texts: dict[int, list[tuple[str, tuple[str, ...], str]]] = {}
        self.blob = ""
        self.in_blob = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.article is not None:
            self.depth += 1
            self.stack.append((tag, attrs))
        elif tag == "div" and "text" in (attrs.get("class") or "").split():
            self.article, self.depth = int(attrs["data-article"]), 0
            self.texts[self.article] = []
        self.in_blob = tag == "script" and attrs.get("id") == "report-data"

    def handle_endtag(self, tag):
        if self.article is not None:
            if self.depth == 0:
                self.article = None
            else:
                self.depth -= 1
                self.stack.pop()
        self.in_blob = False

    def handle_data(self, data):
        if self.in_blob:
            self.blob += data
        if self.article is None:
            return
        keys = tuple(self.stack[-1][1].get("data-k", "").split()) if self.stack else ()
        classes = self.stack[-1][1].get("class", "") if self.stack else ""
        self.texts[self.article].append((data, keys, classes))


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


def check_slices(report: Report, page: str) -> Page:
    """Each article's text nodes give back its text; each annotation's pieces are exactly
    text[start:end], at its offsets, and carry its tag's class."""
    parsed = parse(page)
    ids = json.loads(parsed.blob)["ids"]
    key_of = {ident: key for key, ident in ids.items()}
    tag_index = {t.name: i for i, t in enumerate(report.tags)}
    for i, article in enumerate(report.articles):
        nodes = parsed.texts[i]
        assert "".join(n[0] for n in nodes) == article.text
        where: dict[str, list[tuple[int, str, str]]] = {}
        offset = 0
        for data, keys, classes in nodes:
            for key in keys:
                where.setdefault(key, []).append((offset, data, classes))
            offset += len(data)
        for a in report.annotations[article.id]:
            pieces = where[key_of[a.id]]
            assert "".join(p[1] for p in pieces) == article.text[a.start:a.end] == a.text
            assert pieces[0][0] == a.start
            assert all(p[0] + len(p[1]) == q[0] for p, q in pairwise(pieces))  # contiguous
            assert all(f"t{tag_index[a.tag]}" in p[2].split() for p in pieces)
    return parsed


def annotation(article_id, text, start, end, tag, ident, note="", actor=None, attributes=None):
    return Annotation(ident, article_id, tag, start, end, text[start:end], note, "zoe",
                      "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", actor, attributes or {})


def article(ident, text, title="T"):
    return Article(ident, title, None, None, None, None, "2026-01-01T00:00:00Z", text, "0" * 64)


def report_of(texts_and_spans, links=(), link_types=(), actors=()) -> Report:
    articles = [article(f"art{i}", text) for i, (text, _spans) in enumerate(texts_and_spans)]
    annotations = {a.id: [annotation(a.id, a.text, s, e, tag, f"{a.id}-{n}", note=note)
                          for n, (s, e, tag, note) in enumerate(spans)]
                   for a, (_text, spans) in zip(articles, texts_and_spans, strict=True)}
    comparison = {"articles": [{"id": a.id, "title": a.title, "source": None} for a in articles],
                  "actors": [], "claims": []}
    return Report("p", comparison, TAGS, list(link_types), list(actors), articles, annotations,
                  list(links))


@st.composite
def texts_with_spans(draw):
    text = canonicalize(draw(raw_text)) + draw(st.sampled_from(["", "<b>&amp;</b>", "\"'<>&"]))
    if not text:
        text = "x"
    spans = []
    for _ in range(draw(st.integers(0, 12))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        spans.append((start, end, draw(st.sampled_from(["claim", "quote", "actor"])),
                      draw(st.sampled_from(["", "a <note> & \"it\""]))))
    return text, spans


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(texts_with_spans(), min_size=1, max_size=3))
def test_highlights_slice_any_text_exactly(texts):
    report = report_of(texts)
    check_slices(report, render(report))


def test_nested_and_overlapping_spans_split_at_every_boundary():
    text = "Alpha beta gamma delta"
    spans = [(0, 16, "claim", ""), (6, 10, "actor", ""), (11, 22, "quote", "n")]
    report = report_of([(text, spans)])
    parsed = check_slices(report, render(report))
    pieces = [(data, classes.split()) for data, _keys, classes in parsed.texts[0]]
    assert [p[0] for p in pieces] == ["Alpha ", "beta", " ", "gamma", " delta"]
    assert {"t0", "t2"} <= set(pieces[1][1]) and "t1" not in pieces[1][1]
    assert {"t0", "t1"} <= set(pieces[3][1])
    assert pieces[4][1][:2] == ["hl", "t1"]


def test_text_notes_and_names_are_escaped():
    text = "<script>alert(1)</script> & \"quoted\" </div>"
    evil = LinkType("</script><b>x", False)
    spans = [(0, 8, "claim", "<img src=x onerror=alert(2)>"), (10, 20, "quote", "")]
    report = report_of([(text, spans), (text + " again", [(0, 8, "claim", "")])],
                       links=[Link("l1", evil.name, "art0-0", "art1-0", "<i>n</i>", "zoe", "", "",
                                   "art0", "art1")], link_types=[evil])
    page = render(report)
    assert page.count("<script") == 2  # the data and the report's own script
    assert "<img" not in page and "<i>n</i>" not in page and "</script><b>" not in page
    check_slices(report, page)
    assert json.loads(parse(page).blob)["links"] == [["s0", "s2", "</script><b>x"]]


def test_report_of_the_samples(tmp_path):
    with sample_project(tmp_path / "p.sqlite") as project:
        report = read_report(project)
        page = render(report)
        assert render(read_report(project)) == page  # the same project, the same bytes
    parsed = check_slices(report, page)
    assert len(report.articles) == 2 and sum(map(len, report.annotations.values())) == 14
    # the matrix: Ingrid Solberg, never tagged, shows greyed zeros in every cell, none blank
    row = page[page.index('data-v="Ingrid Solberg"'):]
    row = row[:row.index("</tr>")]
    assert row.count('<span class="zero">0</span>') == 6 and not re.search(r"<td[^>]*></td>", row)
    # the quote said by Tomás Ferreira is labelled after its last piece, not inside the text
    assert 'data-after=" — Tomás Ferreira ✎"' in page
    assert "eyewitness; compare Northgate&#x27;s framing &lt;b&gt;&amp;amp;&lt;/b&gt;" in page
    assert len(json.loads(parsed.blob)["links"]) == 2  # the same and contradicts links cross
    bare = page.replace('"http://www.w3.org/2000/svg"', "")  # a namespace's name, never fetched
    for forbidden in ("<link", " src=", "url(", "@import", "http://", "https://"):
        assert forbidden not in bare  # self-contained


def test_an_empty_project(project):
    page = render(read_report(project))
    assert "No articles in this project." in page and "No actors yet" in page


# -- in a real browser ------------------------------------------------------------------------
def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed (.ci/run installs Debian's chromium package)")
    pytest.skip("chromium is not installed here (apt-get install chromium); CI installs it")


def screenshot(browser: str, page, png, profile, size="1400,900") -> None:
    done = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                           "--hide-scrollbars", f"--user-data-dir={profile}",
                           "--enable-logging=stderr", "--v=0",  # the page's console too
                           "--virtual-time-budget=5000", f"--window-size={size}",
                           f"--screenshot={png}", page.as_uri()],
                          capture_output=True, timeout=120)
    log = done.stderr.decode(errors="replace")
    assert done.returncode == 0 and png.exists(), log[-2000:]
    assert "Uncaught" not in log, [line for line in log.splitlines() if "CONSOLE" in line]


def pixels(png) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB bytes) of an 8-bit RGB or RGBA, non-interlaced PNG."""
    import struct
    import zlib

    data = png.read_bytes()
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _c, _f, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and color in (2, 6) and interlace == 0
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride, rows, previous = zlib.decompress(idat), width * channels, [], bytes(width * channels)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        previous = bytes(line)
        rows.append(bytes(b for i, b in enumerate(line) if i % channels < 3) if channels == 4 else bytes(line))
    return width, height, rows


def near(color: str, tolerance: int):
    want = [int(color[i:i + 2], 16) for i in (1, 3, 5)]
    return lambda rgb: all(abs(a - b) <= tolerance for a, b in zip(rgb, want, strict=True))


@pytest.fixture
def server():
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"127.0.0.1:{httpd.server_address[1]}", hits
    httpd.shutdown()


def test_the_report_in_headless_chromium(tmp_path, server):
    from annotator.domain.model import ParsedArticle

    browser = chromium()
    host, hits = server
    with sample_project(tmp_path / "p.sqlite") as project:
        hostile = (f'<img src="http://{host}/img.png"><link rel="stylesheet" href="http://{host}/'
                   f'css"> a third report, with markup that must stay text')
        project.add_article(ParsedArticle(hostile, "Third", source=f"http://{host}/source",
                                          url=f"http://{host}/page"))
        report = read_report(project)
    page = tmp_path / "report.html"
    page.write_text(render(report), "utf-8")
    png = tmp_path / "shot.png"
    screenshot(browser, page, png, tmp_path / "profile", size="1400,1300")
    if keep := os.environ.get("REPORT_SHOT"):
        shutil.copyfile(png, keep)
    width, height, rows = pixels(png)
    assert hits == []  # nothing fetched
    body = [row[x * 3:x * 3 + 3] for row in rows[140:] for x in range(width)]
    counts = Counter(body)
    white = counts[b"\xff\xff\xff"]
    assert len(body) - white > 0.05 * len(body), "the page looks blank"
    for tag in report.tags:  # each tag's stripes under the highlighted text
        found = sum(n for rgb, n in counts.items() if near(tag.color, 2)(rgb))
        assert found >= 150, f"{tag.name} ({tag.color}): {found} pixels"
    # the links drawn by the page's script in the gaps between the articles: the `same` and
    # the `contradicts` link of the samples (columns of 1400 px: the first gap is x = 429 to 493)
    for color in ("#1b7f3b", "#b0004f"):
        found = sum(1 for row in rows[140:] for x in range(433, 490) if near(color, 40)(row[x * 3:x * 3 + 3]))
        assert found >= 20, f"no link line of {color} drawn between the articles"
