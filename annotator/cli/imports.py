"""`import` (and the import step of `open`): articles are added, annotation files merged (an
export, or any format of formats.registry, detected per file unless --format names one); one line
per article on standard output, one per refused file (or span) on standard error. A folder
that is no format's (a folder of articles) is its files (formats.folders)."""

from __future__ import annotations

from pathlib import Path

from ..errors import AnnotatorError, InputRefused
from .text import one_line, say


def import_files(project, files: list[str], encoding: str | None,
                 format_name: str | None = None) -> tuple[list[str], list[str]]:
    """Import each file or folder; returns (article ids, the refusals said). A file that fails
    never stops the others; spans a reader could not place are refusals too (the rest of that
    file is merged)."""
    from ..formats.folders import each_file
    from ..paths import resolved

    ids: list[str] = []
    refused: list[str] = []
    paths, left_out = each_file([Path(name) for name in files], format_name)
    for line in left_out:
        say(line)
    for name in map(str, paths):
        try:
            resolved(name)  # a symbolic link loop is named as one, not "does not exist"
            result = project.import_path(Path(name), encoding, format_name)
        except AnnotatorError as exc:
            refused.append(str(exc) if isinstance(exc, InputRefused) and exc.source
                           else f"{name}: {exc}")
            say(refused[-1])
            continue
        except Exception as exc:  # noqa: BLE001  (our bug: say so, go on with the other files)
            refused.append(f"{name}: not imported because of an internal error "
                           f"({type(exc).__name__}: {exc}); please report it")
            say(refused[-1])
            continue
        if result.report is not None:
            say(f"{name}: merged: {result.report.summary()}")
        for line in result.said:
            say(line)
        for line in result.refused:
            refused.append(line)
            say(line)
        for article_id, title, created in result.articles:
            print(f"{article_id}\t{one_line(title)}", flush=True)
            ids.append(article_id)
            if result.report is not None:
                continue
            if not created:
                say(f"{name}: already in the project (same text), not imported again")
            else:
                used = project.article(article_id).encoding
                if used and used not in ("utf-8", "ascii"):
                    say(f"{name}: read as {used}")
    return ids, refused
