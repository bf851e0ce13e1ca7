"""`import` (and the import step of `open`): articles are added, annotation files merged (an
export, or any format of formats.registry, detected per file unless --format names one); one line
per article on standard output, one per refused file (or span) on standard error. A folder
that is no format's (a folder of articles) is its files (formats.folders)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import AnnotatorError, InputRefused
from .text import one_line, say


@dataclass
class Imported:
    """What an `import` (or `open`) did: the articles' ids, and what it said on standard error:
    files refused whole, spans refused (the rest of their files merged), the files left out of
    folders."""

    ids: list[str] = field(default_factory=list)
    files_refused: list[str] = field(default_factory=list)
    spans_refused: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return bool(self.files_refused or self.spans_refused)

    def notice(self) -> str | None:
        """The same, for the window of `open` (started from a desktop, nobody reads standard
        error); None when all was imported."""
        parts = []
        if self.files_refused:
            parts.append("These files were not imported; nothing of them was written:\n\n"
                         + "\n".join(self.files_refused))
        if self.spans_refused:
            parts.append("These annotations were not imported; the rest of their files was:\n\n"
                         + "\n".join(self.spans_refused))
        return "\n\n".join(parts + self.left_out) or None


def import_files(project, files: list[str], encoding: str | None,
                 format_name: str | None = None) -> Imported:
    """Import each file or folder. A file that fails never stops the others; spans a reader
    could not place are refused alone (the rest of that file is merged)."""
    from ..formats.folders import each_file
    from ..paths import resolved

    done = Imported()
    ids, refused = done.ids, done.files_refused
    paths, done.left_out = each_file([Path(name) for name in files], format_name)
    for line in done.left_out:
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
            (done.files_refused if result.nothing_in else done.spans_refused).append(line)
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
    return done
