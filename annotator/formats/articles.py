"""Read an article file (.txt, .md, .html, .htm) into a ParsedArticle with canonical text."""

from __future__ import annotations

import re
from pathlib import Path

from ..domain.model import ParsedArticle
from ..domain.text import canonicalize, check_storable
from ..errors import InputRefused
from .decode import check_text_size, decode, read_capped

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
_TITLE_MAX = 200
# Parsing markup costs far more per byte than plain text: a 15 MB Markdown file took 40 s.
MARKUP_MAX_BYTES = 5 * 1024 * 1024


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


def read_article(path: Path, encoding: str | None = None) -> ParsedArticle:
    """Parse one article file. Raises InputRefused (naming the file) for anything unusable.
    ``encoding`` overrides detection (the user knows best)."""
    suffix = path.suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        raise InputRefused(
            f"has an unsupported extension {suffix or '(none)'!r}; "
            "use .txt, .md, .html, .htm, or .json for an annotator export",
            str(path),
        )
    markup = suffix not in (".txt",)
    data = read_capped(path, MARKUP_MAX_BYTES) if markup else read_capped(path)
    source = str(path)
    if suffix in (".html", ".htm"):
        from .html import parse_html  # lxml and trafilatura load only for web pages

        parsed = parse_html(data, source, encoding)
    elif suffix in (".md", ".markdown"):
        from .markdown import parse_markdown

        text, used = decode(data, source, forced=encoding)
        parsed = parse_markdown(text, safe_name(path.stem), used)
    else:
        text, used = decode(data, source, forced=encoding)
        text = canonicalize(text)
        parsed = ParsedArticle(text=text, title=first_line_title(text, safe_name(path.stem)),
                               encoding=used)
    check_storable(parsed.text, source)
    check_text_size(parsed.text, source)
    return parsed._replace(filename=safe_name(path.name))
