"""The commands that print what a project holds: list, actors, export. None of them writes to
the project (it is opened read-only)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import AnnotatorError
from .text import joined, one_line, say


def list_articles(project) -> None:
    for article in project.articles():
        print(f"{article.id}\t{one_line(article.title)}\t{article.annotation_count}")


def list_actors(project) -> None:
    """<id> <name> <aliases joined by |> <mentions>, tab-separated, in the project's order;
    mentions count every article's annotations naming the actor outside not-article regions."""
    counts = project.actor_counts()
    for actor in project.actors():
        mentions = sum(m for m, _ in counts.get(actor.id, {}).values())
        print(f"{actor.id}\t{one_line(actor.name)}\t{joined(actor.aliases)}\t{mentions}")


def writes_folder(format_name: str | None) -> bool:
    """Whether the format always writes a folder (brat): without -o, a usage error."""
    from ..formats.registry import by_name

    return format_name is not None and by_name(format_name, writing=True).is_folder


def export(project, output: str | None, format_name: str = "json", *, bom: bool = False) -> None:
    """Write the project in a format of formats.registry: to standard output, ``-o FILE``, or
    ``-o DIR`` for a format of many files. What the format cannot hold is said on standard
    error before anything is written."""
    from ..formats.registry import by_name

    chosen = by_name(format_name, writing=True)
    options: dict = {"bom": True} if bom else {}

    def before(report) -> None:
        for line in report.lines():
            say(line)

    if output is None:
        chosen.write(project, sys.stdout.buffer, before=before, **options)
        sys.stdout.buffer.flush()
        return
    report = chosen.write_to(project, output_target(project, output), before=before, **options)
    articles, annotations = report.articles, report.annotations
    say(f"exported {articles} article{'s' if articles != 1 else ''} and {annotations} "
        f"annotation{'s' if annotations != 1 else ''} to {output}")


def output_target(project, output: str) -> Path:
    """``-o FILE`` of a command writing a file (export, compare), refused when it is one of the
    project's own files or a SQLite database."""
    from ..paths import resolved
    from ..storage.files.checks import SQLITE_MAGIC

    target = Path(output)
    # Every file of the project is guarded, not only the database: an export over the lock file
    # would let a second writer in beside an open window.
    if role := project.own_file_role(target):
        raise AnnotatorError(f"{output}: is {role}; choose another file name")
    final = resolved(target)
    if final.is_file():
        with open(final, "rb") as handle:
            if handle.read(16) == SQLITE_MAGIC:
                raise AnnotatorError(f"{output}: is a SQLite database; an export will not "
                                     "overwrite it")
    return target
