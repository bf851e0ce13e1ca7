"""Titles and names shared by the readers of every kind of file (articles.py, html.py,
markdown.py import from here, never from each other)."""

from __future__ import annotations

import re

_TITLE_MAX = 200


def safe_name(name: str) -> str:
    """A file name as text even when it is not valid UTF-8 on disk."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


# Lines a scraped page begins with that are never its headline.
_BOILERPLATE = re.compile(
    r"^(skip to|jump to|go to|menu\b|home\b|search\b|sign in|log ?in|subscribe|advertisement"
    r"|share\b|email (this )?story|print (this )?story|comment on this story|cookies?\b|accept\b)",
    re.IGNORECASE)


def first_line_title(text: str, fallback: str) -> str:
    """The first non-blank line that is short enough to be a headline and is not a scraped
    page's navigation ("Skip to: Content"), else ``fallback``."""
    for line in text.split("\n")[:60]:
        line = line.strip()
        if line and len(line) <= _TITLE_MAX and not _BOILERPLATE.match(line):
            return line
    return fallback
