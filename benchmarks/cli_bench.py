"""Command-line rows: JSON import, list, export, text import, web page import.

Each row times the whole `annotator ...` process against a floor process doing the same work
with the plainest tools (python + sqlite3 + json), in the same interpreter, alternately.
Run through run_all.py (or: python benchmarks/cli_bench.py [--quick] [--only NAME...]).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import synth
from harness import PY, compare, row

ANNOTATOR = str(Path(PY).with_name("annotator"))

# The project's tables, as plain SQL (the same columns, keys and indexes as storage/tables.py).
DDL = """
PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;
CREATE TABLE articles (id VARCHAR(36) PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, title TEXT NOT NULL,
  source TEXT, url TEXT, author TEXT, published TEXT, imported_at TEXT NOT NULL, text TEXT NOT NULL,
  text_sha256 VARCHAR(64) NOT NULL UNIQUE, filename TEXT, encoding TEXT);
CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, color VARCHAR(9) NOT NULL,
  description TEXT NOT NULL, shortcut TEXT, position INTEGER NOT NULL);
CREATE TABLE annotators (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE annotations (id VARCHAR(36) PRIMARY KEY,
  article_id VARCHAR(36) NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  tag_id INTEGER NOT NULL REFERENCES tags(id), start INTEGER NOT NULL, "end" INTEGER NOT NULL,
  text TEXT NOT NULL, note TEXT NOT NULL, annotator_id INTEGER NOT NULL REFERENCES annotators(id),
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, CHECK (start >= 0 AND "end" > start));
CREATE INDEX ix_annotations_article_extent ON annotations (article_id, start, "end");
CREATE INDEX ix_annotations_tag ON annotations (tag_id);
"""

FLOOR_IMPORT_JSON = """
import json, sqlite3, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
con = sqlite3.connect(sys.argv[2])
con.executescript(sys.argv[3])
with con:
    con.executemany("INSERT INTO tags (name, color, description, position) VALUES (?, ?, ?, ?)",
                    [(t["name"], t["color"], t["description"], i) for i, t in enumerate(doc["tags"])])
    tag = dict(con.execute("SELECT name, id FROM tags"))
    who = {}
    for seq, a in enumerate(doc["articles"], 1):
        con.execute("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)",
                    (a["id"], seq, a["title"], a["source"], a["url"], a["author"], a["published"],
                     a["imported_at"], a["text"], a["text_sha256"]))
        for n in {x["annotator"] for x in a["annotations"]} - who.keys():
            who[n] = con.execute("INSERT INTO annotators (name) VALUES (?)", (n,)).lastrowid
        con.executemany("INSERT INTO annotations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [(x["id"], a["id"], tag[x["tag"]], x["start"], x["end"], x["text"], x["note"],
                          who[x["annotator"]], x["created_at"], x["updated_at"]) for x in a["annotations"]])
"""

FLOOR_LIST = """
import sqlite3, sys
con = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
rows = con.execute("SELECT a.id, a.title, coalesce(c.n, 0) FROM articles a LEFT JOIN "
                   "(SELECT article_id, count(*) AS n FROM annotations GROUP BY article_id) c "
                   "ON c.article_id = a.id ORDER BY a.seq")
print("\\n".join(f"{i}\\t{' '.join(t.split())}\\t{n}" for i, t, n in rows))
"""

FLOOR_EXPORT = """
import json, os, sqlite3, sys
con = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
akeys = ("id", "title", "source", "url", "author", "published", "imported_at", "text_sha256", "text")
nkeys = ("id", "tag", "start", "end", "text", "note", "annotator", "created_at", "updated_at")
tmp = sys.argv[2] + ".tmp"
with open(tmp, "w", encoding="utf-8") as out:
    tags = [dict(zip(("name", "color", "description"), r)) for r in
            con.execute("SELECT name, color, description FROM tags ORDER BY position, id")]
    out.write('{"format":"annotator-export","version":1,"exported_at":"","offsets":"codepoints",'
              '"tags":' + dumps(tags) + ',"articles":[')
    cur = con.cursor()
    for n, row in enumerate(con.execute("SELECT " + ", ".join(akeys) + " FROM articles ORDER BY seq")):
        out.write(("," if n else "") + dumps(dict(zip(akeys, row)))[:-1] + ',"annotations":[')
        rows = cur.execute(
            'SELECT a.id, t.name, a.start, a."end", a.text, a.note, w.name, a.created_at, a.updated_at '
            "FROM annotations a JOIN tags t ON a.tag_id = t.id JOIN annotators w ON a.annotator_id = w.id "
            'WHERE a.article_id = ? ORDER BY a.start, a."end", t.name, a.id', (row[0],))
        out.write(",\\n".join(dumps(dict(zip(nkeys, r))) for r in rows) + "]}")
    out.write("]}\\n")
    out.flush()
    os.fsync(out.fileno())
os.replace(tmp, sys.argv[2])
"""

FLOOR_IMPORT_TEXT = """
import hashlib, sqlite3, sys, uuid
con = sqlite3.connect(sys.argv[1])
con.executescript(sys.argv[2])
for seq, name in enumerate(sys.argv[3:], 1):
    with open(name, encoding="utf-8") as handle:
        text = handle.read()
    with con:
        con.execute("INSERT INTO articles VALUES (?, ?, ?, NULL, NULL, NULL, NULL, '', ?, ?, ?, 'utf-8')",
                    (str(uuid.uuid4()), seq, text.split("\\n", 1)[0], text,
                     hashlib.sha256(text.encode()).hexdigest(), name))
    print(name)
"""

FLOOR_HTML = """
import sys, trafilatura
html = open(sys.argv[1], encoding="utf-8").read()
doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=True,
                                  include_images=False, include_links=False, deduplicate=False)
print(len(doc.text))
"""


def fresh(path: Path, template: Path | None = None):
    """A callable removing ``path`` and its companions, then copying ``template`` there."""
    def prepare() -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        (path.parent / f".{path.name}.lock").unlink(missing_ok=True)
        if template is not None:
            shutil.copyfile(template, path)
    return prepare


def count(db: Path, table: str) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


def import_json(tmp: Path, env: dict, runs: int, quick: bool) -> None:
    template = tmp / "empty.sqlite"
    if not template.exists():
        synth.empty_project(template)
    for total in ((2_000, 10_000) if quick else (20_000, 100_000)):
        source = tmp / f"export-{total}.sqlite"
        synth.many_articles(source, 100, total // 100)
        export = tmp / f"export-{total}.json"
        synth_run([ANNOTATOR, "--db", str(source), "export", "-o", str(export)], env)
        ours, floor = tmp / "ours.sqlite", tmp / "floor.sqlite"

        def check(_run, db=ours, n=total):
            assert count(db, "annotations") == n, "import incomplete"

        def check_floor(_run, db=floor, n=total):
            assert count(db, "annotations") == n

        m = compare(lambda: [ANNOTATOR, "--db", str(ours), "import", str(export)],
                    lambda: [PY, "-c", FLOOR_IMPORT_JSON, str(export), str(floor), DDL],
                    runs=runs, env=env, before=fresh(ours, template), before_floor=fresh(floor),
                    check=check, check_floor=check_floor)
        row(f"import a JSON export of {total:,} annotations", m, "s", 2.0)


def list_articles(tmp: Path, env: dict, runs: int, quick: bool) -> None:
    db = tmp / "list.sqlite"
    synth.many_articles(db, 100, 100 if quick else 1000)
    expected = {}

    def check(run):
        assert run.stdout.decode().split() == expected["lines"], "list printed other lines"

    def check_floor(run):
        expected["lines"] = run.stdout.decode().split()

    m = compare(lambda: [ANNOTATOR, "--db", str(db), "list"], lambda: [PY, "-c", FLOOR_LIST, str(db)],
                runs=runs, env=env, check=check, check_floor=check_floor)
    row(f"`annotator list` (100 articles, {count(db, 'annotations'):,} annotations)", m, "s", 1.5)


def export(tmp: Path, env: dict, runs: int, quick: bool) -> None:
    for articles in ((10, 100) if quick else (10, 100, 1000)):
        db = tmp / f"export-{articles}.sqlite"
        synth.many_articles(db, articles, 1000)
        ours, floor = tmp / "ours.json", tmp / "floor.json"

        def check(_run, path=ours, n=articles * 1000):
            doc = json.loads(path.read_bytes())
            assert sum(len(a["annotations"]) for a in doc["articles"]) == n

        m = compare(lambda: [ANNOTATOR, "--db", str(db), "export", "-o", str(ours)],
                    lambda: [PY, "-c", FLOOR_EXPORT, str(db), str(floor)],
                    runs=runs, env=env, check=check)
        check(None, floor)
        row(f"export {articles * 1000:,} annotations ({articles} articles), whole process", m, "s", 1.0)
        db.unlink()


def import_text(tmp: Path, env: dict, runs: int, quick: bool) -> None:
    template = tmp / "empty.sqlite"
    if not template.exists():
        synth.empty_project(template)
    folder = tmp / "texts"
    folder.mkdir(exist_ok=True)
    big = folder / "long.txt"
    big.write_text(synth.make_text(200_000 if quick else 2_000_000, 77), encoding="utf-8")
    small = []
    for i in range(20 if quick else 100):
        small.append(folder / f"text-{i:03}.txt")
        small[-1].write_text(synth.make_text(50_000, 500 + i), encoding="utf-8")
    for what, files in ((f"import one {big.stat().st_size / 1e6:.1f} MB text", [big]),
                        (f"import {len(small)} texts of 50 KB (one command)", small)):
        ours, floor = tmp / "ours.sqlite", tmp / "floor.sqlite"
        names = [str(f) for f in files]

        def check(_run, db=ours, n=len(files)):
            assert count(db, "articles") == n

        m = compare(lambda: [ANNOTATOR, "--db", str(ours), "import", *names],
                    lambda: [PY, "-c", FLOOR_IMPORT_TEXT, str(floor), DDL, *names],
                    runs=runs, env=env, before=fresh(ours, template), before_floor=fresh(floor),
                    check=check)
        row(what, m, "s", 2.0)


def import_html(tmp: Path, env: dict, runs: int, quick: bool, timeout: float = 300.0) -> None:
    template = tmp / "empty.sqlite"
    if not template.exists():
        synth.empty_project(template)
    paragraphs = 20_000 if quick else 200_000
    page = tmp / "page.html"
    page.write_text(synth.html_page(paragraphs), encoding="utf-8")
    ours = tmp / "ours.sqlite"
    m = compare(lambda: [ANNOTATOR, "--db", str(ours), "import", str(page)],
                lambda: [PY, "-c", FLOOR_HTML, str(page)], runs=runs, env=env,
                before=fresh(ours, template), timeout=timeout, warmup=quick)
    row(f"import a {page.stat().st_size / 1e6:.1f} MB web page of {paragraphs:,} paragraphs "
        "(floor: trafilatura alone)", m, "s", 2.0, timeout=timeout)


def synth_run(cmd: list[str], env: dict) -> None:
    import subprocess

    subprocess.run(cmd, env=env, check=True, capture_output=True)


GROUPS = {"import-json": import_json, "list": list_articles, "export": export,
          "import-text": import_text, "import-html": import_html}


if __name__ == "__main__":
    import run_all

    run_all.main(default_groups=list(GROUPS))
