"""Command line (DESIGN.md sections 4 and 10): the options and the dispatch. The commands live in
this package's modules: open (which project, by whom; the window), imports, read (list, actors,
export), compare, agreement, adjudicate and backups; text says things. Nothing heavy is imported
until a command needs it: no Qt for import/export/list/compare, no Alembic unless a project needs
an upgrade."""

from __future__ import annotations

import argparse
import os
import sys

from .. import __version__
from ..errors import AnnotatorError, ProjectDamaged
from ..paths import printable
from .text import say

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH|URL", default=argparse.SUPPRESS,
                        help="project file, or a shared PostgreSQL project as "
                             "postgresql+psycopg://USER@HOST:PORT/DBNAME (password from PGPASSWORD "
                             "or ~/.pgpass) (default: $ANNOTATOR_DB, else the user data folder)")
    common.add_argument("--as", dest="as_name", metavar="NAME", default=argparse.SUPPRESS,
                        help="who is annotating (default: $ANNOTATOR_NAME, else your login name)")
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
    from ..formats import registry  # (a list of names: nothing is imported for a format)

    p = sub.add_parser("import", parents=[common, encoding],
                       help="add articles (.txt .md .html .htm .pdf .docx) or merge annotations (an export "
                            "or another format: see --format)")
    p.add_argument("--format", choices=registry.names(), metavar="NAME",
                   help="read every file as this format (default: detected per file): "
                        + ", ".join(registry.names()))
    p.add_argument("files", nargs="+", metavar="FILE|DIR")
    p = sub.add_parser("export", parents=[common], help="write the export (JSON by default)")
    p.add_argument("--format", choices=registry.export_names(), default="json", metavar="NAME",
                   help="json (the default, export version 2), "
                        + ", ".join(registry.export_names()[1:]))
    p.add_argument("--bom", action="store_true",
                   help="csv: begin each file with a UTF-8 byte-order mark (for Excel)")
    p.add_argument("-o", "--output", metavar="PATH",
                   help="output file, or folder for a format of many files "
                        "(default: standard output)")
    p = sub.add_parser("compare", parents=[common],
                       help="the articles compared: actors' mentions and quotes, claim groups")
    p.add_argument("--format", choices=["json", "csv", "html"], default="json",
                   help="json (the default), csv (one table, a `view` column) or html (a report "
                        "to open in a browser)")
    p.add_argument("-o", "--output", metavar="FILE", help="output file (default: standard output)")
    p = sub.add_parser("agreement", parents=[common],
                       help="how far two annotators agree: F1, Krippendorff's alpha and alpha_U")
    p.add_argument("--format", choices=["json", "text"], default="json",
                   help="json (the default) or text (a table with the verdicts)")
    p.add_argument("--annotators", metavar="A,B",
                   help="the two annotators (default: the project's only two)")
    sub.add_parser("init", parents=[common],
                   help="create a new project: an empty PostgreSQL database (--db URL) or a new "
                        "file")
    from .adjudicate import add_parser as add_adjudicate

    add_adjudicate(sub, common)
    sub.add_parser("list", parents=[common], help="one line per article: id, title, annotations")
    sub.add_parser("actors", parents=[common],
                   help="one line per actor: id, name, aliases (joined by |), mentions")
    sub.add_parser("backup", parents=[common], help="make a verified backup copy now")
    sub.add_parser("backups", parents=[common], help="list the project's backups, newest first")
    p = sub.add_parser("restore", parents=[common],
                       help="put a backup in the project's place (default: the newest good one)")
    p.add_argument("backup", nargs="?", metavar="BACKUP", help="a backup file (see 'backups')")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    from ..paths import project_name_problem

    if problem := project_name_problem(getattr(args, "db", None)):
        parser.error(printable(problem))
    # Titles are printed as they are; a terminal that cannot show a character gets an escape
    # instead of a crash.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    from . import open as cli_open

    annotator, problem = cli_open.annotator_name(getattr(args, "as_name", None))
    if problem:
        say(problem)
        return EXIT_USAGE
    try:
        return _run(args, annotator)
    except AnnotatorError as exc:
        say(str(exc))
        if args.command in (None, "open"):
            cli_open.window_message(str(exc))  # launched from a desktop, nobody reads stderr
        return EXIT_REFUSED
    except BrokenPipeError:  # `annotator export | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:  # the disk or a file, not our logic: one sentence naming the file
        say(f"{exc.filename}: {exc.strerror}" if exc.filename and exc.strerror else str(exc))
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return 130


def _run(args, annotator: str | None) -> int:
    """Carry out the command; ``annotator`` is who annotates when --as or ANNOTATOR_NAME said
    it, else None (the operating-system user, or the window's setting)."""
    from . import open as cli_open

    if args.command == "init":
        cli_open.init(getattr(args, "db", None))
        return EXIT_OK
    if args.command in ("backups", "restore"):
        from . import backups as cli_backups

        if args.command == "backups":
            cli_backups.list_backups(getattr(args, "db", None))
        else:
            cli_backups.restore(getattr(args, "db", None), args.backup)
        return EXIT_OK
    try:
        project = cli_open.open_project(args, annotator)
    except ProjectDamaged as exc:
        if args.command not in (None, "open") or not cli_open.offer_restore(exc):
            raise
        project = cli_open.open_project(args, annotator)
    explicit = annotator is not None
    with project:
        if args.command in ("import", "open"):
            from .imports import import_files

            done = import_files(project, args.files, args.encoding, getattr(args, "format", None))
            if args.command == "open":  # what was refused or left out is shown in the window too
                status = cli_open.window(project, done.ids, done.notice(),
                                         annotator_explicit=explicit)
                if status:
                    return status
            return EXIT_REFUSED if done.refused else EXIT_OK
        if args.command in ("list", "actors", "export"):
            from . import read as cli_read

            if args.command == "export":
                if args.bom and args.format != "csv":
                    say("--bom is for --format csv")
                    return EXIT_USAGE
                if args.output is None and cli_read.writes_folder(args.format):
                    say(f"--format {args.format} writes a folder: name it with -o")
                    return EXIT_USAGE
                cli_read.export(project, args.output, args.format, bom=args.bom)
            else:
                (cli_read.list_articles if args.command == "list" else cli_read.list_actors)(project)
        elif args.command == "compare":
            from .compare import compare

            compare(project, args.format, args.output)
        elif args.command == "agreement":
            from .agreement import agreement

            agreement(project, args.format, args.annotators)
        elif args.command == "adjudicate":
            from .adjudicate import adjudicate

            adjudicate(project, args)
        elif args.command == "backup":
            say(f"backup written to {project.backup('manual')}")
        else:
            return cli_open.window(project, None, annotator_explicit=explicit)
    return EXIT_OK

