"""The least an import of one exchange file can take on this machine, in Python and SQLite: a
process that only tokenizes the file with the standard library and inserts the same project rows
with sqlite3, nothing else (formats_bench's ``formats-bound`` group times it against the JSON
export, as the imports are).

    python import_bound.py FORMAT FILE PROJECT DB

- FORMAT's file is read the cheapest way that still looks at every record, with the libraries
  the program has: orjson's ``loads`` of the file (w3c, labelstudio) or of each line (doccano,
  spacy), ``csv.reader`` over every table (csv), the .txt read and each .ann line split at tabs,
  with the JSON of our ``#`` note lines loaded (brat), the .qde unzipped and made into lxml's
  tree, all in C (refi). The garbage collector is off, as in the program's readers. Nothing is
  checked or converted, no object of ours made.
- PROJECT (the one FILE was exported from): its tags, annotators, articles and annotations are
  copied into DB (a copy of an empty project) by SQLite itself (``INSERT ... SELECT`` from the
  project attached), cheaper than any import's binding of rows from Python, otherwise as the
  program inserts them: the same pragmas, one transaction, the annotations' indexes dropped and
  made again after the rows (in the file's order: article by article), one commit.

It gives a bound, not a goal: the program must do more (check every span against its text, map
tags, annotators and actors, report what it refuses).
"""

from __future__ import annotations

import csv
import gc
import sqlite3
import sys
import zipfile
from pathlib import Path

import orjson
from lxml import etree

_ANNOTATION = ('id, article_id, tag_id, start, "end", text, note, annotator_id, created_at, '
               'updated_at')
_ARTICLE = ("id, seq, title, source, url, author, published, imported_at, text, text_sha256, "
            "filename, encoding")


def _files(path: Path, suffix: str) -> list[Path]:
    return sorted(path.glob(f"*{suffix}")) if path.is_dir() else [path]


def tokenize(fmt: str, path: Path) -> int:
    """How many records ``path`` holds, read the least way (see the module's text)."""
    if fmt in ("w3c", "labelstudio"):
        names = [p for p in _files(path, ".json") if p.name != "config.xml"]
        return sum(len(orjson.loads(p.read_bytes())) for p in names)
    if fmt in ("doccano", "spacy"):
        with path.open("rb") as lines:
            return sum(1 for line in lines if orjson.loads(line))
    if fmt == "csv":
        return sum(sum(1 for _ in csv.reader(p.open(encoding="utf-8-sig", newline="")))
                   for p in _files(path, ".csv"))
    if fmt == "brat":
        n = 0
        for ann in _files(path, ".ann"):
            ann.with_suffix(".txt").read_text(encoding="utf-8")
            for line in ann.open(encoding="utf-8"):
                cells = line.rstrip("\n").split("\t")
                if cells[0].startswith("#"):
                    orjson.loads(cells[2])
                n += 1
        return n
    if fmt == "refi":
        with zipfile.ZipFile(path) as z:
            data = z.read(next(n for n in z.namelist() if n.endswith(".qde")))
        return len(etree.fromstring(data, etree.XMLParser(huge_tree=True)))
    raise SystemExit(f"import_bound: no way to read {fmt}")


def insert(project: Path, db: Path) -> None:
    """``project``'s tags, annotators, articles and annotations copied into ``db`` by SQLite
    itself, as the program inserts rows (see the module's text)."""
    con = sqlite3.connect(db, isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON",
                   "cache_size = -262144"):
        con.execute(f"PRAGMA {pragma}")
    con.execute("ATTACH DATABASE ? AS source", (f"file:{project}?mode=ro",))
    con.execute("BEGIN")
    con.execute("DELETE FROM tags")
    con.execute("INSERT INTO tags SELECT * FROM source.tags")
    con.execute("INSERT OR REPLACE INTO annotators SELECT * FROM source.annotators")
    con.execute(f"INSERT INTO articles ({_ARTICLE}) SELECT {_ARTICLE} FROM source.articles")
    indexes = con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                          "tbl_name = 'annotations' AND sql IS NOT NULL").fetchall()
    for name, _ in indexes:
        con.execute(f'DROP INDEX "{name}"')
    con.execute(f"INSERT INTO annotations ({_ANNOTATION}) SELECT {_ANNOTATION} "
                "FROM source.annotations ORDER BY article_id, start")
    for _, sql in indexes:
        con.execute(sql)
    con.execute("COMMIT")
    con.close()


def main(argv: list[str]) -> None:
    fmt, path, project, db = argv
    gc.disable()
    if tokenize(fmt, Path(path)) <= 0:
        raise SystemExit(f"import_bound: nothing read from {path}")
    insert(Path(project), Path(db))


if __name__ == "__main__":
    main(sys.argv[1:])
