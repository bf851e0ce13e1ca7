"""How a sentence about a file lists the names it leaves out or cannot place: the first five,
then how many more."""

from __future__ import annotations

from pathlib import Path

__all__ = ["some"]


def some(names: list[str], shown: int = 5) -> str:
    """'a, b, c' or 'a, b, c, d, e and 12 more'."""
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more:,} more" if more > 0 else "")


def others_left_out(folder: Path, read: set[str], how: str) -> str | None:
    """The sentence naming the files of a format's ``folder`` its reader does not read (``read``:
    the names it reads; hidden files passed over, as a file manager does; ``how``: what the
    folder is read as), or None."""
    try:
        names = sorted(p.name + ("/" if p.is_dir() else "") for p in folder.iterdir()
                       if p.name not in read and not p.name.startswith("."))
    except OSError:
        return None
    if not names:
        return None
    return (f"{folder}: {some(names)} left out: {how} (import "
            f"{'it' if len(names) == 1 else 'them'} by name)")
