"""What the command line writes: messages on standard error (one line each, control characters
escaped) and values made fit for one tab-separated line of standard output."""

from __future__ import annotations

import sys

from ..paths import printable


def say(message: str) -> None:
    print(f"annotator: {printable(message)}", file=sys.stderr)


def one_line(value: str) -> str:
    """A title or a name in one field: runs of white space (tabs, newlines) become one space,
    other control characters are shown as escapes."""
    return printable(" ".join(value.split()))


def joined(values) -> str:
    """Values in one field, separated by |: inside a value, \\ is written \\\\ and | is \\|, so
    that the field splits back unambiguously."""
    return "|".join(one_line(v.replace("\\", "\\\\").replace("|", "\\|")) for v in values)
