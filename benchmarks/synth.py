"""Deterministic synthetic inputs: texts, projects (with actors and links), exports, web pages.

Texts are made of invented words (syllables from a seeded generator) with a sprinkling of
accented letters, quotation marks, an emoji and CJK characters, so code points and UTF-16
units differ as in real news. Projects are created by the program itself (an empty project),
then filled with plain sqlite3 so that building a million spans takes seconds.
"""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
import subprocess
import uuid
from datetime import UTC, datetime, timedelta
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
                  seed: int = 1, times: bool = False) -> list[str]:
    """A project holding ``texts`` ((title, text) pairs) with ``spans_per_article`` random spans
    each; returns the article ids in order. Every span is made at STAMP, or with ``times`` at
    its own moment (a second apart, a third of them edited later), as a real project's are."""
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
              rng.choice(tag_ids), s, e, text[s:e], who, *_times(times, seq, k, rng))
             for k, (s, e) in enumerate(spans(text, spans_per_article, rng))])
    con.commit()
    con.close()
    return ids


def _times(distinct: bool, seq: int, k: int, rng: random.Random) -> tuple[str, str]:
    """(created_at, updated_at) of the k-th span of the seq-th article."""
    if not distinct:
        return STAMP, STAMP
    made = datetime(2026, 11, 1, 9, tzinfo=UTC) + timedelta(seconds=seq * 5000 + k)
    edited = made + timedelta(seconds=rng.randrange(1, 90_000)) if rng.random() < 0.3 else made
    return _stamp(made), _stamp(edited)


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def many_articles(path: Path, n_articles: int, per_article: int, chars: int = 6000,
                  times: bool = False) -> None:
    build_project(path, [(f"Report {i}: {make_text(60, i).splitlines()[0][:40]}",
                          make_text(chars, 1000 + i)) for i in range(n_articles)], per_article,
                  times=times)


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


# -- the comparison layer: actors, attributes, links ------------------------------------------
CROSS_TYPES = ("same", "contradicts", "elaborates")
ACTOR_KINDS = ("person", "organization", "group", "place", "other")


def add_actors(path: Path, n_actors: int, seed: int = 7) -> None:
    """``n_actors`` actors (names and aliases of invented words); every actor-tagged span
    names one of them, and a third of the quote-tagged spans carry a ``quote_form``
    attribute (as the window and the export write them: JSON, keys sorted)."""
    rng = random.Random(seed)
    words = vocabulary(rng, 500)
    con = sqlite3.connect(path)
    actors = []
    for _ in range(n_actors):
        name = " ".join(rng.choice(words).capitalize() for _ in range(2))
        aliases = sorted({rng.choice(words).capitalize() for _ in range(rng.randint(0, 3))} - {name})
        actors.append((str(uuid.UUID(int=rng.getrandbits(128), version=4)), name,
                       json.dumps(aliases, ensure_ascii=False), rng.choice(ACTOR_KINDS), ""))
    con.executemany("INSERT INTO actors (id, name, aliases, kind, description) "
                    "VALUES (?, ?, ?, ?, ?)", actors)
    tag = dict(con.execute("SELECT name, id FROM tags"))
    rows = con.execute("SELECT id FROM annotations WHERE tag_id = ? ORDER BY id",
                       (tag["actor"],)).fetchall()
    con.executemany("UPDATE annotations SET actor_id = ? WHERE id = ?",
                    [(rng.choice(actors)[0], r[0]) for r in rows])
    rows = con.execute("SELECT id FROM annotations WHERE tag_id = ? ORDER BY id",
                       (tag["quote"],)).fetchall()
    forms = ("direct", "indirect", "paraphrase")
    con.executemany("UPDATE annotations SET attributes = ? WHERE id = ?",
                    [(json.dumps({"quote_form": rng.choice(forms)}, sort_keys=True,
                                 separators=(",", ":")), r[0])
                     for r in rows if rng.random() < 1 / 3])
    con.commit()
    con.close()


def add_links(path: Path, n_links: int, speaker_share: float = 0.1, seed: int = 11) -> int:
    """About ``n_links`` links between the spans of a project's first two articles, as two
    reports of one event would have them: most join a span of the first article to a span at
    about the same place in the second (same / contradicts / elaborates, undirected ones stored
    smaller id first), ``speaker_share`` of them join a quote to a nearby actor span of the same
    article. No link twice (type, from, to). Returns the number of links written."""
    rng = random.Random(seed)
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys = ON")
    types = {name: (ident, bool(directed)) for ident, name, directed in
             con.execute("SELECT id, name, directed FROM link_types")}
    who = con.execute("SELECT id FROM annotators WHERE name = 'bench'").fetchone()[0]
    articles = [r[0] for r in con.execute("SELECT id FROM articles ORDER BY seq LIMIT 2")]
    spans = {a: con.execute('SELECT a.id, t.name FROM annotations a JOIN tags t ON t.id = a.tag_id '
                            'WHERE a.article_id = ? ORDER BY a.start, a."end", a.id', (a,)).fetchall()
             for a in articles}
    seen: set[tuple] = set()
    rows = []

    def add(link_type: str, from_id: str, to_id: str) -> None:
        type_id, directed = types[link_type]
        if not directed and to_id < from_id:
            from_id, to_id = to_id, from_id
        if from_id == to_id or (type_id, from_id, to_id) in seen:
            return
        seen.add((type_id, from_id, to_id))
        rows.append((str(uuid.UUID(int=rng.getrandbits(128), version=4)), type_id, from_id,
                     to_id, "", who, STAMP, STAMP))

    first, second = spans[articles[0]], spans[articles[1]]
    speakers = round(n_links * speaker_share)
    while len(rows) < n_links - speakers:
        i = rng.randrange(len(first))
        j = round(i * len(second) / len(first)) + rng.randint(-15, 15)
        j = max(0, min(len(second) - 1, j))
        pair = (first[i][0], second[j][0]) if rng.random() < 0.5 else (second[j][0], first[i][0])
        add(rng.choice(CROSS_TYPES), *pair)
    while len(rows) < n_links:
        within = spans[rng.choice(articles)]
        i = rng.randrange(len(within))
        if within[i][1] != "quote":
            continue
        near = [s for s in within[max(0, i - 30):i + 30] if s[1] == "actor"]
        if near:
            add("speaker", within[i][0], rng.choice(near)[0])
    con.executemany("INSERT INTO links (id, type_id, from_id, to_id, note, annotator_id, "
                    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    con.commit()
    con.close()
    return len(rows)


def comparison_project(path: Path, n_articles: int, per_article: int, n_links: int,
                       n_actors: int = 200, claim_share: float = 0.02,
                       stories: int | None = None, seed: int = 13) -> dict[str, int]:
    """A project for `compare`: ``n_articles`` articles of ``per_article`` spans each (many
    outlets' reports of one event), of which ``claim_share`` are claims and the rest quotes and
    actor spans half and half; ``n_actors`` actors named by every actor span; about ``n_links``
    links across the whole project: 40% `speaker` (a quote to a nearby actor span of its
    article), 40% `same` (two claims of different articles telling one of ``stories`` facts,
    so that claims group by fact as an analyst's would), 10% `contradicts` (claims of two facts),
    10% `elaborates`; every tenth article ends with a not-article region (reader comments).
    ``stories`` defaults to a tenth of the claims. Returns the counts of what was made (claims,
    links by type, regions)."""
    if stories is None:
        stories = max(2, round(n_articles * per_article * claim_share / 10))
    many_articles(path, n_articles, per_article)
    rng = random.Random(seed)
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys = ON")
    tag = dict(con.execute("SELECT name, id FROM tags"))
    # the tags: claim_share claims, the rest quotes and actor spans
    rows = con.execute("SELECT id FROM annotations ORDER BY article_id, start, id").fetchall()
    con.executemany("UPDATE annotations SET tag_id = ? WHERE id = ?",
                    [(tag["claim"] if rng.random() < claim_share else
                      tag["quote"] if rng.random() < 0.5 else tag["actor"], r[0]) for r in rows])
    con.commit()
    con.close()
    add_actors(path, n_actors, seed=seed)
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys = ON")
    types = {name: (ident, bool(directed)) for ident, name, directed in
             con.execute("SELECT id, name, directed FROM link_types")}
    who = con.execute("SELECT id FROM annotators WHERE name = 'bench'").fetchone()[0]
    by_article: dict[str, list[tuple[str, int]]] = {}
    for ident, article, tag_id in con.execute(
            'SELECT id, article_id, tag_id FROM annotations ORDER BY article_id, start, "end", id'):
        by_article.setdefault(article, []).append((ident, tag_id))
    claims = [(ident, article) for article, spans in by_article.items()
              for ident, tag_id in spans if tag_id == tag["claim"]]
    story: dict[int, list[tuple[str, str]]] = {}
    for claim in claims:
        story.setdefault(rng.randrange(stories), []).append(claim)
    told = [members for members in story.values() if len(members) > 1]
    seen: set[tuple] = set()
    out: list[tuple] = []
    made = dict.fromkeys(("speaker", "same", "contradicts", "elaborates"), 0)

    def add(link_type: str, from_id: str, to_id: str) -> None:
        type_id, directed = types[link_type]
        if not directed and to_id < from_id:
            from_id, to_id = to_id, from_id
        if from_id == to_id or (type_id, from_id, to_id) in seen:
            return
        seen.add((type_id, from_id, to_id))
        made[link_type] += 1
        out.append((str(uuid.UUID(int=rng.getrandbits(128), version=4)), type_id, from_id, to_id,
                    "", who, STAMP, STAMP))

    articles = list(by_article)
    goals = {"speaker": 0.4, "same": 0.4, "contradicts": 0.1, "elaborates": 0.1}
    for link_type, share in goals.items():
        goal = made[link_type] + round(n_links * share)
        tries = 0
        while made[link_type] < goal and tries < 50 * n_links:
            tries += 1
            if link_type == "speaker":
                spans = by_article[rng.choice(articles)]
                i = rng.randrange(len(spans))
                near = [s for s in spans[max(0, i - 20):i + 20] if s[1] == tag["actor"]]
                if spans[i][1] == tag["quote"] and near:
                    add("speaker", spans[i][0], rng.choice(near)[0])
            elif link_type == "same":
                members = rng.choice(told)
                a, b = rng.sample(members, 2)
                if a[1] != b[1]:
                    add("same", a[0], b[0])
            else:
                a, b = rng.choice(rng.choice(told)), rng.choice(rng.choice(told))
                add(link_type, a[0], b[0])
    con.executemany("INSERT INTO links (id, type_id, from_id, to_id, note, annotator_id, "
                    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", out)
    region = con.execute("INSERT INTO tags (name, color, description, shortcut, position) VALUES "
                         "('not-article', '#9e9e9e', '', NULL, 99)").lastrowid
    regions = []
    for n, (article, size) in enumerate(con.execute("SELECT id, length(text) FROM articles "
                                                    "ORDER BY seq").fetchall()):
        if n % 10 == 9:
            start = size - size // 20
            text = con.execute("SELECT substr(text, ?, ?) FROM articles WHERE id = ?",
                               (start + 1, size - start, article)).fetchone()[0]
            regions.append((str(uuid.UUID(int=rng.getrandbits(128), version=4)), article, region,
                            start, size, text, who))
    con.executemany('INSERT INTO annotations (id, article_id, tag_id, start, "end", text, note, '
                    "annotator_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '', ?, "
                    f"'{STAMP}', '{STAMP}')", regions)
    con.commit()
    con.close()
    return {"claims": len(claims), "regions": len(regions), **made}
