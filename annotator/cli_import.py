"""`import` (and the import step of `open`): articles are added, exports merged; one line per
article on standard output, one per refused file on standard error."""

from __future__ import annotations

from pathlib import Path

from .cli_text import one_line, say
from .errors import AnnotatorError, InputRefused


def import_files(project, files: list[str], encoding: str | None) -> tuple[list[str], list[str]]:
    """Import each file; returns (article ids, the refusals said). A file that fails never
    stops the others."""
    from .paths import resolved

    ids: list[str] = []
    refused: list[str] = []
    for name in files:
        try:
            resolved(name)  # a symbolic link loop is named as one, not "does not exist"
            if name.lower().endswith(".json"):
                report = project.merge_export_file(Path(name))
                results = report.articles
                say(f"{name}: merged: {report.summary()}")
            else:
                results = project.import_file(Path(name), encoding)
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
        for article_id, title, created in results:
            print(f"{article_id}\t{one_line(title)}", flush=True)
            ids.append(article_id)
            if not created and not name.lower().endswith(".json"):
                say(f"{name}: already in the project (same text), not imported again")
            elif created and not name.lower().endswith(".json"):
                used = project.article(article_id).encoding
                if used and used not in ("utf-8", "ascii"):
                    say(f"{name}: read as {used}")
    return ids, refused
