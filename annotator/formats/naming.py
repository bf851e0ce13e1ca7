"""How a sentence about a file lists the names it leaves out or cannot place: the first five,
then how many more."""

from __future__ import annotations

__all__ = ["some"]


def some(names: list[str], shown: int = 5) -> str:
    """'a, b, c' or 'a, b, c, d, e and 12 more'."""
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more:,} more" if more > 0 else "")
