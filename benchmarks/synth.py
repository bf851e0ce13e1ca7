"""Deterministic synthetic inputs: texts, projects, exports, web pages.

Texts are made of invented words (syllables from a seeded generator) with a sprinkling of
accented letters, quotation marks, an emoji and CJK characters, so code points and UTF-16
units differ as in real news. Projects are created by the program itself (an empty project),
then filled with plain sqlite3 so that building a million spans takes seconds.
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
import subprocess
import uuid
from pathlib import Path

from harness import PY

SYLLABLES = ["ka", "lo", "mer", "tis", "van", "dru", "zé", "ös", "pri", "nu", "bel", "tor", "gan", "si", "ré", "mo", "lu", "ber", "fa", "quin", "sto", "par", "ven", "ol", "ith", "ak", "dör", "ma", "ne", "hü", "sal", "cor", "bri"]
EXTRAS = ("🌉", "中文", "报道", "“", "”", "—", "4.2%", "1,300")
STAMP = "2026-11-22T09:00:00.000Z"


def vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    return ["".join(rng.choice(SYLLABLES) for _ in range(rng.choice((1, 2, 2, 3, 3, 4))))
            for _ in range(size)]


def sentence(rng: random.Random, words: list[str]) -> str:
    out = [rng.choice(words) for _ in range(rng.randint(6, 22))]
    out[0] = out[0].capitalize()
    if rng.random() < 0.15:
        out.insert(rng.randrange(len(out)), rng.choice(EXTRAS))
    if rng.random() < 0.2:
        i = rng.randrange(len(out))
        out[i] = out[i].capitalize()
    return " ".join(out) + rng.choice(".....?!")


def make_text(n_chars: int, seed: int) -> str:
    """About ``n_chars`` code points: a title line, then paragraphs of 2-7 sentences."""
    rng = random.Random(seed)
    words = vocabulary(rng)
    parts = [sentence(rng, words)[:-1] + f" {seed}"]
    size = len(parts[0])
    while size < n_chars:
        paragraph = " ".join(sentence(rng, words) for _ in range(rng.randint(2, 7)))
        parts.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(parts)[:n_chars].rstrip() + "."


def spans(text: str, n: int, rng: random.Random) -> list[tuple[int, int]]:
    """``n`` spans of 1-80 code points (overlapping freely), none starting or ending on a
    space."""
    out = []
    limit = len(text) - 1
    while len(out) < n:
        start = rng.randrange(limit)
        end = min(len(text), start + rng.randint(1, 80))
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end))
    return out


def empty_project(path: Path) -> None:
    """An empty project made by the program (its schema, tags, info), in a process of its own."""
    subprocess.run([PY, "-c", "import sys; from annotator.storage.project import Project; "
                    "Project(sys.argv[1]).close()", str(path)], check=True)


def build_project(path: Path, texts: list[tuple[str, str]], spans_per_article: int,
                  seed: int = 1) -> list[str]:
    """A project holding ``texts`` ((title, text) pairs) with ``spans_per_article`` random spans
    each; returns the article ids in order."""
    empty_project(path)
    rng = random.Random(seed)
    con = sqlite3.connect(path)
    tag_ids = [r[0] for r in con.execute("SELECT id FROM tags ORDER BY position")]
    con.execute("INSERT OR IGNORE INTO annotators (name) VALUES ('bench')")
    who = con.execute("SELECT id FROM annotators WHERE name = 'bench'").fetchone()[0]
    ids = []
    for seq, (title, text) in enumerate(texts, 1):
        article_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        ids.append(article_id)
        con.execute("INSERT INTO articles (id, seq, title, source, url, author, published, "
                    "imported_at, text, text_sha256, filename, encoding) VALUES "
                    "(?, ?, ?, 'Bench', NULL, NULL, NULL, ?, ?, ?, NULL, NULL)",
                    (article_id, seq, title, STAMP, text,
                     hashlib.sha256(text.encode()).hexdigest()))
        con.executemany(
            'INSERT INTO annotations (id, article_id, tag_id, start, "end", text, note, '
            "annotator_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '', ?, ?, ?)",
            [(str(uuid.UUID(int=rng.getrandbits(128), version=4)), article_id,
              rng.choice(tag_ids), s, e, text[s:e], who, STAMP, STAMP)
             for s, e in spans(text, spans_per_article, rng)])
    con.commit()
    con.close()
    return ids


def many_articles(path: Path, n_articles: int, per_article: int, chars: int = 6000) -> None:
    build_project(path, [(f"Report {i}: {make_text(60, i).splitlines()[0][:40]}",
                          make_text(chars, 1000 + i)) for i in range(n_articles)], per_article)


def html_page(n_paragraphs: int, seed: int = 5) -> str:
    """A saved web page: a header, navigation, an article of ``n_paragraphs`` short paragraphs
    (about 20 bytes each with their tags: 4 MB for 200,000), a footer."""
    rng = random.Random(seed)
    words = vocabulary(rng)
    paras = []
    for i in range(n_paragraphs):
        line = " ".join(rng.choice(words) for _ in range(rng.randint(1, 2))).capitalize()
        paras.append(f"<p>{line}.</p>")
    nav = "".join(f'<li><a href="/s{i}">{w}</a></li>' for i, w in enumerate(words[:12]))
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>Vantis kalo: a long report</title>"
            "<meta name=\"author\" content=\"Mer Tisdru\"></head><body>"
            f"<header><nav><ul>{nav}</ul></nav></header><main><article>"
            "<h1>Vantis kalo: a long report</h1>\n" + "\n".join(paras) +
            "\n</article></main><footer><p>© Bench Courier</p></footer></body></html>\n")
