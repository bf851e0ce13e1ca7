"""Export benchmark: 1,000 articles and 1,000,000 annotations.

Times `Project.write_export` against a floor measured in the same run: the same rows read with
the plain sqlite3 module and written with the json module. Each measurement runs in its own
process, so peak memory (max RSS) is that of the export alone. Prints the figures.

    python benchmarks/export.py [--articles 1000] [--per-article 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

WORDS = ("council mayor bridge said river “report” claims minister police Zoë Brückford 🌉 中文 "
         "government officials agency investigation company residents statement").split()

CHILD_OURS = """
import resource, sys, time
from annotator.storage.project import Project
project = Project(sys.argv[1])
t = time.perf_counter()
with open(sys.argv[2], "wb") as out:
    project.write_export(out)
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

CHILD_FLOOR = """
import json, resource, sqlite3, sys, time
t = time.perf_counter()
con = sqlite3.connect(sys.argv[1])
keys = ("id", "tag", "start", "end", "text", "note", "annotator", "created_at", "updated_at")
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write('{"format": "annotator-export", "version": 1, "articles": [')
    articles = con.execute("SELECT id, title, source, url, author, published, imported_at, "
                           "text_sha256, text FROM articles ORDER BY seq")
    for n, row in enumerate(articles):
        article = dict(zip(("id", "title", "source", "url", "author", "published",
                            "imported_at", "text_sha256", "text"), row))
        out.write(("," if n else "") + json.dumps(article, ensure_ascii=False)[:-1] + ', "annotations": [')
        rows = con.execute(
            "SELECT a.id, t.name, a.start, a.\\"end\\", a.text, a.note, w.name, a.created_at, "
            "a.updated_at FROM annotations a JOIN tags t ON a.tag_id = t.id "
            "JOIN annotators w ON a.annotator_id = w.id WHERE a.article_id = ? "
            "ORDER BY a.start, a.\\"end\\", t.name, a.id", (row[0],))
        out.write(",".join(json.dumps(dict(zip(keys, r)), ensure_ascii=False) for r in rows))
        out.write("]}")
    out.write("]}")
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def build(path: Path, n_articles: int, per_article: int) -> None:
    from sqlalchemy import insert

    from annotator.domain.text import text_sha256
    from annotator.storage.edits import annotator_id
    from annotator.storage.tables import annotations, articles, tags
    from annotator.storage.project import Project

    rng = random.Random(42)
    project = Project(path)
    stamp = "2026-11-22T09:00:00.000Z"
    with project._write() as conn:
        tag_ids = [row[0] for row in conn.execute(tags.select().with_only_columns(tags.c.id))]
        who = annotator_id(conn, "bench")
        for i in range(n_articles):
            text = " ".join(rng.choice(WORDS) for _ in range(900)) + f" #{i}"
            article_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            conn.execute(insert(articles).values(
                id=article_id, seq=i + 1, title=f"Article {i}", source="Bench", url=None,
                author=None, published=None, imported_at=stamp, text=text,
                text_sha256=text_sha256(text), filename=None, encoding=None))
            rows = []
            for _ in range(per_article):
                start = rng.randrange(len(text) - 60)
                end = start + rng.randrange(1, 60)
                rows.append(dict(id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                                 article_id=article_id, tag_id=rng.choice(tag_ids), start=start,
                                 end=end, text=text[start:end], note="", annotator_id=who,
                                 created_at=stamp, updated_at=stamp))
            conn.execute(insert(annotations), rows)
    project.close()


def measure(code: str, db: Path, out: Path) -> tuple[float, float]:
    done = subprocess.run([sys.executable, "-c", code, str(db), str(out)], capture_output=True,
                          text=True, check=True)
    seconds, rss_kb = done.stdout.split()
    return float(seconds), int(rss_kb) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--per-article", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite"
        t = time.perf_counter()
        build(db, args.articles, args.per_article)
        total = args.articles * args.per_article
        print(f"built {args.articles:,} articles, {total:,} annotations "
              f"in {time.perf_counter() - t:.1f} s ({db.stat().st_size / 1e6:.0f} MB)")
        ours, floor = [], []
        for _ in range(args.repeat):
            floor.append(measure(CHILD_FLOOR, db, Path(tmp) / "floor.json"))
            ours.append(measure(CHILD_OURS, db, Path(tmp) / "ours.json"))
        (ft, fm), (ot, om) = min(floor), min(ours)
        size = (Path(tmp) / "ours.json").stat().st_size / 1e6
        doc = json.loads((Path(tmp) / "ours.json").read_bytes())
        assert sum(len(a["annotations"]) for a in doc["articles"]) == total
        print(f"floor (sqlite3 + json): {ft:.2f} s, peak {fm:.0f} MB")
        print(f"annotator export:       {ot:.2f} s, peak {om:.0f} MB, {size:.0f} MB written")
        print(f"ratio to floor: {ot / ft:.2f}x (target <= 1.3x); peak memory {om:.0f} MB "
              f"(target < 200 MB)")


if __name__ == "__main__":
    main()
