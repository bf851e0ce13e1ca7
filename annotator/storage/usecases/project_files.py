"""The Project's use cases of files in and out: importing an article or a bundle of any format
of formats.registry, merging it, and writing the export. Mixed into Project; each write is one
transaction that announces its Change."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from ...domain.model import Change, utc_now
from ...errors import InputRefused

if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from sqlite3 import Connection

    from ..target import PgTarget


class FileUseCases:
    path: Path
    shared: PgTarget | None  # (None: a file)

    if TYPE_CHECKING:
        def _read(self) -> AbstractContextManager[Connection]: ...
        def _write(self) -> AbstractContextManager[Connection]: ...
        def _announce(self, change: Change) -> Change: ...
        def _log(self, conn, change: Change, changed: bool = True) -> Change: ...
        def articles(self) -> list: ...
        def add_article(self, parsed) -> tuple: ...
        def backup(self, reason: str = ...) -> Path | None: ...

    def import_file(self, path: Path, encoding: str | None = None,
                    format: str | None = None) -> list[tuple[str, str, bool]]:
        """Import one file or folder: an article (.txt .md .html .htm) or a bundle to merge (an
        export, or any format of formats.registry). Returns (id, title, created) per article.
        Raises InputRefused; then nothing is written. ``encoding`` overrides detection for
        article files; ``format`` (a registry name) overrides the format's detection."""
        return self.import_path(path, encoding, format).articles

    def import_path(self, path: Path, encoding: str | None = None, format: str | None = None):
        """As import_file, with what a caller tells: an ImportResult (format, articles, and for
        a bundle the MergeReport and the spans the reader refused)."""
        from ...formats.exchange.shared.foreign_write import no_gc
        from ...formats.registry import choose

        path = Path(path)
        self._refuse_own_file(path)
        chosen = choose(path, format)
        if chosen.article:
            article, created = self.add_article(chosen.read_article(path, encoding))
            return ImportResult(chosen, [(article.id, article.title, created)])
        # The collector stays paused until the Bundle is merged and freed: the readers pause it
        # while they make it, but once it ran again its first pass would walk every object
        # they made (0.03-0.05 s for 100,000 spans), none in a cycle and all about to be freed
        # by their reference counts; paused until they are, that pass walks what is left.
        with no_gc():
            bundle = chosen.read(path, now=utc_now())
            report = self.merge_bundle(bundle, str(path))
            result = ImportResult(chosen, report.articles, report if report.articles or not
                                  bundle.refused else None,  # (none of its texts came in)
                                  tuple(bundle.refused), tuple(bundle.said))
            del bundle
        return result

    def merge_export_file(self, path: Path):
        """Merge an export file (see storage.merge.merge); returns a MergeReport."""
        from ...formats.exchange.shared.foreign_write import no_gc
        from ...formats.registry import by_name

        self._refuse_own_file(Path(path))
        with no_gc():  # (as in import_path)
            return self.merge_bundle(by_name("json").read(Path(path), now=utc_now()), str(path))

    def merge_bundle(self, data, source: str):
        """Merge a reader's Bundle (domain.bundle) in one transaction; returns a MergeReport.
        Refused whole (InputRefused naming ``source``, nothing written) on any inconsistency."""
        from ..merge.bundle_resolve import resolve_references
        from ..merge.merge import MergeReport, merge
        from ..merge.near_copies import take_near_copies
        from ..merge.pg_ids import refuse_long_ids
        from ..writes.versions import serialize

        had_articles = bool(self.articles())
        with self._write() as conn:
            # (PostgreSQL: merges take turns, each reading what the one before it committed: two
            # adding the same tag, link type, actor or coder made it twice, and one failed)
            serialize(conn, "merge")
            take_near_copies(conn, data, source)  # (a colleague's copy of a project article)
            resolve_references(conn, data)  # (articles the file only points at)
            refuse_long_ids(conn, data, source)
            if data.refused and not data.articles:  # (none of its texts came in: nor do its
                return MergeReport()  # tags, link types and actors alone; nothing is written)
            report = merge(conn, data, source)
            if had_articles and report.changed:
                # A bulk change to existing work: keep a copy from just before it. The copy is
                # read through another connection, which under WAL sees only what is committed,
                # i.e. the project without this merge; the merge commits after it.
                self.backup("before-merge")
            change = self._log(conn, Change(  # (logged for other windows if it wrote)
                articles=True, tags=True, actors=True, link_types=True, links_reloaded=True,
                reloaded=frozenset(i for i, *_ in report.articles)), report.changed)
        self._announce(change)
        return report

    def bundle(self):
        """The whole project as a Bundle (domain.bundle), for the exchange formats' writers."""
        from ..reads.bundle_out import project_bundle

        with self._read() as conn:
            return project_bundle(conn)

    def own_file_role(self, path: Path | str) -> str | None:
        """What ``path`` is to the project ('the project file itself', 'the project's lock
        file', ...) when it is one of its own files, else None. A PostgreSQL project has no
        local files: its ``path`` is only a name for default file names."""
        if self.shared is not None:
            return None
        from ...paths import project_file_role

        return project_file_role(self.path, path)

    def _refuse_own_file(self, path: Path) -> None:
        """The project's own files are never opened as input: besides making no sense, opening
        and closing one would drop this process's SQLite locks on the project (POSIX)."""
        role = self.own_file_role(path)
        if role is not None:
            raise InputRefused(f"is {role}, not an article or an export", str(path))

    def write_export(self, out: BinaryIO, progress=None) -> tuple[int, int]:
        """Write the JSON export to a binary stream; returns (articles, annotations).
        ``progress(n)`` is called now and then with the annotations written so far."""
        from ..reads.export import export_project

        with self._read() as conn:
            return export_project(conn, out, progress=progress)


class ImportResult(NamedTuple):
    format: object  # the formats.registry.Format used
    articles: list[tuple[str, str, bool]]  # (id, title, created)
    report: object = None  # a MergeReport for a bundle; None for an article
    refused: tuple[str, ...] = ()  # spans the reader could not place, one sentence each
    said: tuple[str, ...] = ()  # what the reader wants told (re-anchored spans)

    @property
    def nothing_in(self) -> bool:
        """Whether none of the file's texts came in (its refusals are the whole file's)."""
        return self.report is None and not self.articles
