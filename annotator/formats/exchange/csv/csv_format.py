"""The registry's ``csv`` format (DESIGN.md section 10, issue 11): RFC 4180, UTF-8, a header row.

Two layouts:
- a folder (``export --format csv -o DIR``; ``import DIR``): six tables that hold the whole
  project, so an import rebuilds it with nothing lost:
  ``articles.csv`` (with the texts), ``spans.csv``, ``links.csv``, ``actors.csv``, ``tags.csv``,
  ``link_types.csv``;
- one file (``-o FILE.csv`` or standard output; ``import FILE.csv``): the spans table alone.
  Links, actors' aliases/kinds/descriptions and the article texts are not in it (counted on
  standard error before writing); importing it adds spans to articles already in the project,
  found by ``article_id``, else by ``article_sha256`` (the SHA-256 of the text, as in the
  export: the same text imported into another project).

Rows end in CRLF; every file may begin with a UTF-8 BOM (``--bom``, for Excel); readers skip one.
Empty cell = none (a null source, no actor, no attributes). ``attributes`` and an actor's
``aliases`` are JSON (an object, a list). ``directed`` is ``true`` or ``false``.

Formula guard: a text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a CR, or with
one or more ``'`` followed by one of those, is written with one ``'`` in front (a spreadsheet then
shows it as text). On import, a cell that begins with ``'`` and, after its leading ``'``s, one of
those characters loses exactly one ``'``: so every cell reads back as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ....domain.bundle import Bundle
    from ....domain.loss import LossReport

SPANS = ("article_id", "annotation_id", "tag", "start", "end", "text", "note", "annotator",
         "created_at", "updated_at", "actor_id", "actor", "attributes", "article_title",
         "article_source", "article_sha256")
ARTICLES = ("article_id", "title", "source", "url", "author", "published", "imported_at",
            "text_sha256", "text")
LINKS = ("link_id", "type", "from_id", "to_id", "from_article", "to_article", "note",
         "annotator", "created_at", "updated_at")
ACTORS = ("actor_id", "name", "aliases", "kind", "description")
TAGS = ("tag", "color", "description")
LINK_TYPES = ("link_type", "directed", "description")
TABLES = {"articles.csv": ARTICLES, "spans.csv": SPANS, "links.csv": LINKS,
          "actors.csv": ACTORS, "tags.csv": TAGS, "link_types.csv": LINK_TYPES}
SPANS_FILE = "spans.csv"

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def guard(cell: str) -> str:
    """A cell as written: formula-like cells get one ' in front (see the module's text)."""
    if cell and cell.lstrip("'")[:1] in _TRIGGERS and cell.lstrip("'"):
        return "'" + cell
    return cell


def unguard(cell: str) -> str:
    """A cell as read: exactly what guard() was given."""
    if cell[:1] == "'" and cell.lstrip("'")[:1] in _TRIGGERS and cell.lstrip("'"):
        return cell[1:]
    return cell


def detect(path: Path, head: bytes) -> bool:
    """A folder holding spans.csv and another of the tables (a folder of articles with a spans
    table among them is not: it is its files), or a file whose header row is the spans
    table's."""
    path = Path(path)
    if path.is_dir():
        return (path / SPANS_FILE).is_file() and any(
            (path / name).is_file() for name in TABLES if name != SPANS_FILE)
    first = head.removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0].rstrip(b"\r")
    columns = {c.strip().strip('"') for c in first.decode("utf-8", "replace").split(",")}
    return {"article_id", "tag", "start", "end", "text"} <= columns


def read(path: Path, *, now: str) -> Bundle:
    from .csv_read import read_csv

    return read_csv(Path(path), now)


def write(source, target, *, before=None, bom: bool = False) -> LossReport:
    from .csv_write import write_csv

    return write_csv(source.bundle(), target, before=before, bom=bom)
