"""Read an article file (.txt, .md, .html, .htm) into a ParsedArticle with canonical text."""

from __future__ import annotations

from pathlib import Path

from ...domain.model import ParsedArticle
from ...domain.text import canonicalize, check_storable
from ...errors import InputRefused
from ..encoding.decode import MAX_INPUT_BYTES, check_text_size, decode, read_capped
from .titles import first_line_title, safe_name

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
# Parsing markup costs far more per byte than plain text: a 15 MB Markdown file took 40 s.
MARKUP_MAX_BYTES = 5 * 1024 * 1024


_KINDS = {"txt": ".txt", "markdown": ".md", "html": ".html"}  # (the registry's names)


def read_article(path: Path, encoding: str | None = None, kind: str | None = None) -> ParsedArticle:
    """Parse one article file. Raises InputRefused (naming the file) for anything unusable.
    ``encoding`` overrides detection (the user knows best); so does ``kind`` (``txt``,
    ``markdown`` or ``html``: --format) the file's ending."""
    suffix = _KINDS[kind] if kind in _KINDS else path.suffix.lower()
    if path.is_dir():
        raise InputRefused("is a folder, not a file (name the files in it)", str(path))
    if suffix not in ARTICLE_SUFFIXES:
        raise InputRefused(
            f"has an unsupported extension {suffix or '(none)'!r}; "
            "use .txt, .md, .html, .htm, or .json for an annotator export",
            str(path),
        )
    markup = suffix not in (".txt",)
    data = read_capped(path, MARKUP_MAX_BYTES if markup else MAX_INPUT_BYTES, forced=encoding)
    source = str(path)
    if suffix in (".html", ".htm"):
        from .html import parse_html  # lxml and trafilatura load only for web pages

        parsed = parse_html(data, source, encoding)
    elif suffix in (".md", ".markdown"):
        from .markdown import parse_markdown

        text, used = decode(data, source, forced=encoding)
        parsed = parse_markdown(text, safe_name(path.stem), used, source)
    else:
        text, used = decode(data, source, forced=encoding)
        text = canonicalize(text)
        parsed = ParsedArticle(text=text, title=first_line_title(text, safe_name(path.stem)),
                               encoding=used)
    check_storable(parsed.text, source)
    check_text_size(parsed.text, source)
    return parsed._replace(filename=safe_name(path.name))
