"""`backups` and `restore`: they work on the project's file and its backups folder, without
opening the project (a damaged one included)."""

from __future__ import annotations

from ..errors import AnnotatorError
from ..paths import printable
from .text import say


def _refuse_shared(path_arg) -> None:
    """A PostgreSQL project has no backup files: it is backed up with pg_dump."""
    from .open import shared_target

    if (target := shared_target(path_arg)) is not None:
        from ..storage.server.backend_pg import no_backups

        raise no_backups(target)


def list_backups(path_arg) -> None:
    _refuse_shared(path_arg)
    from ..paths import resolve_project, resolved
    from ..storage.files.backup import backup_dir, backup_problem, list_backups as listed

    path = resolved(resolve_project(path_arg)[0])
    backups = listed(path)
    if not backups:
        folder = backup_dir(path)
        say(f"{path}: no backups yet (they are kept in {folder.name}/ beside it"
            + ("; a file has that name, so none can be made)" if folder.exists()
               and not folder.is_dir() else ")"))
    for b in backups:
        state = "DAMAGED" if backup_problem(b.path) else "ok"
        print(f"{b.taken.astimezone():%Y-%m-%d %H:%M:%S}\t{b.reason}\t{b.size:,} bytes\t"
              f"{state}\t{printable(str(b.path))}")


def restore(path_arg, chosen: str | None) -> None:
    _refuse_shared(path_arg)
    from ..paths import resolve_project, resolved
    from ..storage.files.checks import check
    from ..storage.files.lock import ProjectLock
    from ..storage.files.restore import restore as put_back

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
        try:
            source = _source(path, source, chosen)
        except AnnotatorError:
            lock.discard()  # (nothing restored: no lock file left beside a project not there)
            raise
        damaged = path.exists() and check(path) != "ok"
        aside = put_back(path, source, damaged=damaged)
    say(f"restored {path} from {source}" + (f"; the previous file is kept as {aside}" if aside else ""))


def _source(path, source, chosen: str | None):
    """The backup to restore: the one named (checked), else the newest good one."""
    from ..storage.files.backup import backup_problem, newest_good_backup
    from ..storage.files.checks import project_id_of

    if source is not None:
        if not source.is_file():
            raise AnnotatorError(f"{chosen}: no such backup file")
        if problem := backup_problem(source, full=True):
            raise AnnotatorError(f"{chosen}: is not a usable backup ({problem}); nothing was "
                                 "restored")
        return source
    newest = newest_good_backup(path, project_id_of(path) if path.exists() else None)
    if newest is None:
        raise AnnotatorError(f"{path}: there is no good backup to restore")
    return newest.path
