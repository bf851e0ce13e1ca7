"""Where projects live: --db, else $ANNOTATOR_DB, else the user data folder (appdirs); and which
files beside a project are its own."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

from .errors import AnnotatorError, InputRefused

APP_NAME = "annotator"
DEFAULT_PROJECT_NAME = "project.annotator.sqlite"


class UsageError(AnnotatorError):
    """The command line itself is wrong (exit status 2)."""



def lock_path(project: Path) -> Path:
    """'.<name>.lock' beside the project (hidden on Unix). It stays after closing: deleting a
    lock file other programs may be waiting on would let two of them in at once."""
    return project.with_name(f".{project.name}.lock")


def backup_dir(project: Path) -> Path:
    """Backups live beside the project, in '<file name>-backups/' (the whole name: study.db
    and study.sqlite must not share their copies)."""
    return project.with_name(project.name + "-backups")

def user_data_dir() -> Path:
    import appdirs

    return Path(appdirs.user_data_dir(APP_NAME, False))


def default_project() -> Path:
    return user_data_dir() / DEFAULT_PROJECT_NAME


def project_name_problem(cli_db: str | None, environ=os.environ) -> str | None:
    """Why the project named by --db or ANNOTATOR_DB cannot be meant (a usage error), or None.
    An empty or blank value is a mistake (an unset variable in a script), never the default."""
    if cli_db is not None:
        source, value = "--db", cli_db
    else:
        source, value = "ANNOTATOR_DB", environ.get("ANNOTATOR_DB")
    if value is None:
        return None
    if not value.strip():
        return f"{source} needs a file path (it is {'empty' if not value else 'only spaces'})"
    name = Path(value).name
    if name and not name.strip():
        return f"{source} needs a file name that is not only spaces ({value!r})"
    return None


def resolve_project(cli_db: str | None) -> tuple[Path, bool]:
    """The project path to use, and whether it is the default project (which starts with the
    bundled sample articles). A blank name is a UsageError; a symbolic link loop an
    AnnotatorError naming it."""
    problem = project_name_problem(cli_db)
    if problem:
        raise UsageError(problem)
    value = cli_db if cli_db is not None else os.environ.get("ANNOTATOR_DB")
    path, is_default = (Path(value), False) if value is not None else (default_project(), True)
    resolved(path)  # a loop is named now, not met later as "does not exist"
    return path.expanduser(), is_default


def resolved(path: Path | str) -> Path:
    """``path`` with ~ expanded, made absolute and its symbolic links followed. A loop of links
    is an AnnotatorError naming it (Path.resolve raises RuntimeError for one in 3.11)."""
    try:
        return Path(path).expanduser().resolve()
    except RuntimeError as exc:
        if "loop" in str(exc).lower():
            raise InputRefused("is a symbolic link loop", str(path)) from None
        raise InputRefused(f"cannot be found ({exc})", str(path)) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputRefused("is a symbolic link loop", str(path)) from None
        raise InputRefused(f"cannot be found ({exc.strerror or exc})", str(path)) from None


_OWN_HIDDEN = re.compile(r"\.(lock|restoring|[0-9a-f]{32}\.partial)(-wal|-shm|-journal)?$")


def project_file_role(project: Path, candidate: Path | str) -> str | None:
    """What ``candidate`` is to ``project`` ('the project file itself', 'the project's lock
    file', ...) if it is one of the project's own files, else None. Compared by resolved path
    and by (device, inode), so links and other spellings of the same file are caught."""

    project = resolved(project)
    target = resolved(candidate)
    roles = {project: "the project file itself", lock_path(project): "the project's lock file",
             backup_dir(project): "the project's backup folder"}
    for suffix in ("-wal", "-shm", "-journal"):
        roles[Path(f"{project}{suffix}")] = f"the project's {suffix} file"
    if target in roles:
        return roles[target]
    if target.parent == project.parent and target.name.startswith(f".{project.name}.") \
            and _OWN_HIDDEN.fullmatch(target.name[len(project.name) + 1:]):
        return "a working file of the project (a lock, a restore or a creation in progress)"
    identities: dict[tuple[int, int], str] = {}
    for path, role in roles.items():
        try:
            info = path.stat()
        except OSError:
            continue
        identities[(info.st_dev, info.st_ino)] = role
    folder = backup_dir(project)
    places = [target, *target.parents]
    for place in places:
        if place == folder:
            return "inside the project's backup folder"
        try:
            info = place.stat()
        except OSError:
            continue
        found = identities.get((info.st_dev, info.st_ino))
        if found is not None:
            return found if place == target else "inside the project's backup folder"
    return None


_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` with control characters shown as escapes (a newline as \\n, ESC as \\x1b): a
    file name or a title printed can neither spread a message over lines nor drive the terminal."""
    return _CONTROLS.sub(lambda m: _NAMED.get(m[0]) or (
        f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}"), text)


def user_config_dir() -> Path:
    import appdirs

    return Path(appdirs.user_config_dir(APP_NAME, False))


def user_log_dir() -> Path:
    import appdirs

    return Path(appdirs.user_log_dir(APP_NAME, False))
