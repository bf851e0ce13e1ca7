"""Which project, opened how, by whom (--as / ANNOTATOR_NAME), and the window."""

from __future__ import annotations

import os

from .text import say

READING = ("list", "actors", "export", "compare", "agreement", "backups", "backup")


def annotator_name(given: str | None, environ=os.environ) -> tuple[str | None, str | None]:
    """(who annotates, or None for the default: the operating-system user; the usage problem,
    or None). ``given`` is --as; without it the environment variable ANNOTATOR_NAME counts. A
    name given but empty, blank, with control characters or too long is a usage error, never
    quietly the default. Runs of spaces become one, as in the window."""
    source, value = ("--as", given) if given is not None else \
        ("ANNOTATOR_NAME", environ.get("ANNOTATOR_NAME"))
    if value is None:
        return None, None
    from ..domain.annotators import clean_annotator_name

    name, problem = clean_annotator_name(value)
    if problem is not None:
        return None, f"{source} needs a name: {value[:40]!r} {problem}"
    return name, None


def shared_target(db: str | None):
    """The PostgreSQL database --db (or ANNOTATOR_DB) names, or None for a file project."""
    value = db if db is not None else os.environ.get("ANNOTATOR_DB")
    from ..storage.target import is_url, parse_url

    return parse_url(value) if value is not None and is_url(value) else None


def init(db: str | None) -> None:
    """`annotator init`: make a new project, in an empty PostgreSQL database or a new file;
    anything that is already there (ours or not) is refused untouched."""
    from ..errors import AnnotatorError

    target = shared_target(db)
    if target is not None:
        from ..storage.server.backend_pg import init as init_database

        init_database(target)
        say(f"created an annotator project in the {target.where}")
        return
    from ..paths import resolve_project, resolved
    from ..storage.project import open_project as opened
    from ..storage.schema import check_file

    path = resolved(resolve_project(db)[0])
    revision = check_file(path, thorough=False) if path.exists() else None
    if revision is not None:
        raise AnnotatorError(f"{path}: is already an annotator project; nothing was changed")
    if path.exists() and path.stat().st_size > 0:
        raise AnnotatorError(f"{path}: is an existing SQLite database, not an annotator project; "
                             "nothing was changed")
    opened(path, create=True, lock="cli").close()
    say(f"created an annotator project in {path}")


def open_project(args, annotator: str | None):
    from ..paths import resolve_project, resolved
    from ..storage.project import open_project as opened

    reading = args.command in READING
    if (target := shared_target(getattr(args, "db", None))) is not None:
        # The server arbitrates between writers: no lock; an empty database is made a project
        # only by `annotator --db URL init`.
        return opened(target, create=False, readonly=reading, annotator=annotator)
    path, is_default = resolve_project(getattr(args, "db", None))
    if not reading:
        from ..storage.files.location import risky_location, warning_text

        if risk := risky_location(resolved(path)):
            say("warning: " + warning_text(risk))
    # Reading commands never create a project from a mistyped path, and take no lock: they
    # work while the window is open. Writers take it: a command waits for another command,
    # and is refused while a window has the project.
    lock = None if reading else ("cli" if args.command == "import" else "window")
    # (An existing empty file that is not named like a project is refused by Project before
    # any lock file is made beside it.)
    # Readers open the file read-only: they can never checkpoint or remove the -wal of a
    # window writing to it, and they work in read-only folders.
    readonly = reading and path.expanduser().exists()
    project = opened(path, create=is_default or not reading, lock=lock, wait=30.0,
                     readonly=readonly, annotator=annotator)
    if is_default and project.status == "created":
        from ..samples import add_samples

        add_samples(project)
    return project


def offer_restore(error) -> bool:
    """The window was asked for but the project is damaged: offer its newest good backup."""
    from ..display import display_problem

    if display_problem():
        return False
    from ..ui.app import offer_restore_at_start

    return offer_restore_at_start(error)


def window_message(message: str) -> None:
    from ..display import display_problem

    if display_problem() is None:
        from ..ui.app import show_error

        show_error(message)


def window(project, open_ids: list[str] | None, notice: str | None = None, *,
           annotator_explicit: bool = False) -> int:
    """Run the window (``notice``: what an import refused or left out, shown in a message);
    1 (refused) when no display can show it."""
    from ..display import display_problem

    problem = display_problem()
    if problem:
        say(problem)
        return 1
    from ..ui.app import run

    return run(project, open_ids, notice, annotator_explicit=annotator_explicit)
