"""Command line (DESIGN.md section 4). Nothing heavy is imported until a command needs it:
no Qt for import/export/list, no Alembic unless a project needs an upgrade."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .errors import AnnotatorError, InputRefused, ProjectDamaged
from .paths import printable

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help="project file (default: $ANNOTATOR_DB, else the user data folder)")
    parser = argparse.ArgumentParser(
        prog="annotator", parents=[common],
        description="Tag claims, quotes and actors in news articles side by side, "
                    "and export the spans to JSON with exact code-point offsets.")
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    encoding = argparse.ArgumentParser(add_help=False)
    encoding.add_argument("--encoding", metavar="NAME",
                          help="read article files in this encoding (e.g. cp1250) instead of "
                               "detecting it")
    p = sub.add_parser("open", parents=[common, encoding],
                       help="import files if new and show them side by side")
    p.add_argument("files", nargs="+", metavar="FILE")
    p = sub.add_parser("import", parents=[common, encoding],
                       help="add articles (.txt .md .html .htm) or merge an export (.json)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p = sub.add_parser("export", parents=[common], help="write the JSON export")
    p.add_argument("--format", choices=["json"], default="json")
    p.add_argument("-o", "--output", metavar="FILE", help="output file (default: standard output)")
    sub.add_parser("list", parents=[common], help="one line per article: id, title, annotations")
    sub.add_parser("backup", parents=[common], help="make a verified backup copy now")
    sub.add_parser("backups", parents=[common], help="list the project's backups, newest first")
    p = sub.add_parser("restore", parents=[common],
                       help="put a backup in the project's place (default: the newest good one)")
    p.add_argument("backup", nargs="?", metavar="BACKUP", help="a backup file (see 'backups')")
    return parser


def _say(message: str) -> None:
    print(f"annotator: {printable(message)}", file=sys.stderr)


READING = ("list", "export", "backups", "backup")


def _open_project(args):
    from .paths import resolve_project, resolved
    from .storage.project import open_project

    path, is_default = resolve_project(getattr(args, "db", None))
    reading = args.command in READING
    if not reading:
        from .storage.location import risky_location, warning_text

        if risk := risky_location(resolved(path)):
            _say("warning: " + warning_text(risk))
    # Reading commands never create a project from a mistyped path, and take no lock: they
    # work while the window is open. Writers take it: a command waits for another command,
    # and is refused while a window has the project.
    lock = None if reading else ("cli" if args.command == "import" else "window")
    # (An existing empty file that is not named like a project is refused by Project before
    # any lock file is made beside it.)
    # Readers open the file read-only: they can never checkpoint or remove the -wal of a
    # window writing to it, and they work in read-only folders.
    readonly = reading and path.expanduser().exists()
    project = open_project(path, create=is_default or not reading, lock=lock, wait=30.0,
                           readonly=readonly)
    if is_default and project.status == "created":
        from .samples import add_samples

        add_samples(project)
    return project


def _import(project, files: list[str], encoding: str | None) -> tuple[list[str], list[str]]:
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
                _say(f"{name}: merged: {report.summary()}")
            else:
                results = project.import_file(Path(name), encoding)
        except AnnotatorError as exc:
            refused.append(str(exc) if isinstance(exc, InputRefused) and exc.source
                           else f"{name}: {exc}")
            _say(refused[-1])
            continue
        except Exception as exc:  # noqa: BLE001  (our bug: say so, go on with the other files)
            refused.append(f"{name}: not imported because of an internal error "
                           f"({type(exc).__name__}: {exc}); please report it")
            _say(refused[-1])
            continue
        for article_id, title, created in results:
            print(f"{article_id}\t{_one_line(title)}", flush=True)
            ids.append(article_id)
            if not created and not name.lower().endswith(".json"):
                _say(f"{name}: already in the project (same text), not imported again")
            elif created and not name.lower().endswith(".json"):
                used = project.article(article_id).encoding
                if used and used not in ("utf-8", "ascii"):
                    _say(f"{name}: read as {used}")
    return ids, refused


def _one_line(value: str) -> str:
    return printable(" ".join(value.split()))


def _export(project, output: str | None) -> None:
    if output is None:
        project.write_export(sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    from .fileutil import atomic_write
    from .paths import project_file_role, resolved
    from .storage.checks import SQLITE_MAGIC

    target = Path(output)
    # Every file of the project is guarded, not only the database: an export over the lock file
    # would let a second writer in beside an open window.
    if role := project_file_role(project.path, target):
        raise AnnotatorError(f"{output}: is {role}; choose another file name")
    final = resolved(target)
    if final.is_file():
        with open(final, "rb") as handle:
            if handle.read(16) == SQLITE_MAGIC:
                raise AnnotatorError(f"{output}: is a SQLite database; an export will not "
                                     "overwrite it")
    with atomic_write(target) as handle:
        articles, annotations = project.write_export(handle)
    _say(f"exported {articles} article{'s' if articles != 1 else ''} and {annotations} "
         f"annotation{'s' if annotations != 1 else ''} to {output}")


def _list(project) -> None:
    for article in project.articles():
        print(f"{article.id}\t{_one_line(article.title)}\t{article.annotation_count}")


def _offer_restore(error) -> bool:
    """The window was asked for but the project is damaged: offer its newest good backup."""
    from .display import display_problem

    if display_problem():
        return False
    from .ui.app import offer_restore_at_start

    return offer_restore_at_start(error)


def _window_message(message: str) -> None:
    from .display import display_problem

    if display_problem() is None:
        from .ui.app import show_error

        show_error(message)


def _window(project, open_ids: list[str] | None, refusals: list[str] | None = None) -> int:
    from .display import display_problem

    problem = display_problem()
    if problem:
        _say(problem)
        return EXIT_REFUSED
    from .ui.app import run

    return run(project, open_ids, refusals)


def _backups(path_arg) -> None:
    from .paths import resolve_project, resolved
    from .storage.backup import backup_dir, backup_problem, list_backups

    path = resolved(resolve_project(path_arg)[0])
    backups = list_backups(path)
    if not backups:
        folder = backup_dir(path)
        _say(f"{path}: no backups yet (they are kept in {folder.name}/ beside it"
             + ("; a file has that name, so none can be made)" if folder.exists()
                and not folder.is_dir() else ")"))
    for b in backups:
        state = "DAMAGED" if backup_problem(b.path) else "ok"
        print(f"{b.taken.astimezone():%Y-%m-%d %H:%M:%S}\t{b.reason}\t{b.size:,} bytes\t"
              f"{state}\t{printable(str(b.path))}")


def _restore(path_arg, chosen: str | None) -> None:
    from .paths import resolve_project, resolved
    from .storage.backup import backup_problem, newest_good_backup
    from .storage.checks import check, project_id_of
    from .storage.lock import ProjectLock
    from .storage.restore import restore

    path = resolved(resolve_project(path_arg)[0])
    source = resolved(chosen) if chosen else None
    lock = ProjectLock(path, "cli")
    try:
        lock.acquire(wait=30)
    except OSError as exc:  # a read-only folder: no lock file can be made, nor a restore
        raise AnnotatorError(f"{exc.filename or lock.path}: cannot be written "
                             f"({exc.strerror or exc}); a restore writes beside the project, "
                             "nothing was changed") from None
    with lock:
        if source is not None:
            if not source.is_file():
                raise AnnotatorError(f"{chosen}: no such backup file")
            if problem := backup_problem(source, full=True):
                raise AnnotatorError(f"{chosen}: is not a usable backup ({problem}); nothing "
                                     "was restored")
        else:
            newest = newest_good_backup(path, project_id_of(path) if path.exists() else None)
            if newest is None:
                raise AnnotatorError(f"{path}: there is no good backup to restore")
            source = newest.path
        damaged = path.exists() and check(path) != "ok"
        aside = restore(path, source, damaged=damaged)
    _say(f"restored {path} from {source}" + (f"; the previous file is kept as {aside}" if aside else ""))


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    from .paths import project_name_problem

    if problem := project_name_problem(getattr(args, "db", None)):
        parser.error(printable(problem))
    # Titles are printed as they are; a terminal that cannot show a character gets an escape
    # instead of a crash.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        if args.command == "backups":
            _backups(getattr(args, "db", None))
            return EXIT_OK
        if args.command == "restore":
            _restore(getattr(args, "db", None), args.backup)
            return EXIT_OK
        try:
            project = _open_project(args)
        except ProjectDamaged as exc:
            if args.command not in (None, "open") or not _offer_restore(exc):
                raise
            project = _open_project(args)
        try:
            if args.command == "import":
                return EXIT_REFUSED if _import(project, args.files, args.encoding)[1] else EXIT_OK
            if args.command == "export":
                _export(project, args.output)
            elif args.command == "list":
                _list(project)
            elif args.command == "backup":
                _say(f"backup written to {project.backup('manual')}")
            elif args.command == "open":
                ids, refused = _import(project, args.files, args.encoding)
                status = _window(project, ids, refused)  # shown in the window too
                return status or (EXIT_REFUSED if refused else EXIT_OK)
            else:
                return _window(project, None)
        finally:
            project.close()
    except AnnotatorError as exc:
        _say(str(exc))
        if args.command in (None, "open"):
            _window_message(str(exc))  # launched from a desktop, nobody reads standard error
        return EXIT_REFUSED
    except BrokenPipeError:  # `annotator export | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:  # the disk or a file, not our logic: one sentence naming the file
        _say(f"{exc.filename}: {exc.strerror}" if exc.filename and exc.strerror else str(exc))
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return 130
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
