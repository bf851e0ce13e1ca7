"""Errors that carry a message for the user (as opposed to bugs).

Anything raised as an ``AnnotatorError`` is shown as one clear line (command line) or a message
box (window); anything else is our bug and gets a traceback in the log.
"""



def shell_word(path) -> str:
    """A path as one word a shell reads back (quoted when it holds spaces or quotes)."""
    import shlex

    return shlex.quote(str(path))

class AnnotatorError(Exception):
    """Base for all errors whose message is meant for the user."""


class InputRefused(AnnotatorError):
    """A file (or part of one) was refused; nothing was written."""

    def __init__(self, reason: str, source: str | None = None):
        self.reason = reason
        self.source = source
        super().__init__(f"{source}: {reason}" if source else reason)


class ProjectError(AnnotatorError):
    """A project file cannot be opened or used (not SQLite, newer schema, damaged, locked...)."""


class SpanError(AnnotatorError, ValueError):
    """An annotation's offsets do not fit its article's text."""


class NotFound(AnnotatorError, LookupError):
    """An article, annotation or tag that does not exist."""


class ProjectDamaged(ProjectError):
    """The project file failed SQLite's checks. It is not written to; a backup may be offered."""

    def __init__(self, path, problem: str, backup=None):
        self.path, self.problem, self.backup = path, problem, backup
        offer = (f"The newest good backup is from {backup.describe()}: restore it with "
                 f"annotator --db {shell_word(path)} restore (the damaged file is kept in the backup "
                 "folder, not deleted)." if backup is not None else
                 "No good backup of it was found.")
        super().__init__(f"{path}: is damaged ({problem}); it was not changed. {offer}")


class Conflict(AnnotatorError):
    """Someone else changed (or deleted) an annotation or link since the caller read it; nothing
    was written. ``current`` is the row as it is now (None when it was deleted), ``who`` the
    annotator whose change it was (when the change log still says) and ``when`` its time (the
    row's: of a merged file's copy, the file's), ``logged`` when it was made in this project."""

    def __init__(self, what: str, ident: str, current=None, who: str | None = None,
                 when: str | None = None, logged: str | None = None):
        self.what, self.ident, self.current, self.who, self.when = what, ident, current, who, when
        self.logged = logged
        by = f" by {who}" if who else ""
        at = f" at {when}" if when else ""
        done = "changed" if current is not None else "deleted"
        super().__init__(f"this {what} was {done}{by}{at} since you read it; nothing was "
                         "changed")
