"""A saved web page -> its article text and metadata, with trafilatura.

Nothing is fetched: trafilatura gets the page as a string, and scripts, styles, images, iframes,
navigation, adverts and comments are dropped by it.
"""

from __future__ import annotations

import logging
import re

from ...domain.model import ParsedArticle
from ...domain.text import canonicalize
from ...errors import InputRefused
from .titles import first_line_title, safe_name
from ..encoding.decode import decode

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:8192])
    return match.group(1).decode("ascii").lower() if match else None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


_CONFIG = None


def _config():
    """trafilatura's settings, but its article found even when short: below 250 characters it
    took the whole page instead (a news brief, a few lines of Japanese came with the share
    buttons and the byline, on one line)."""
    global _CONFIG
    if _CONFIG is None:
        from trafilatura.settings import use_config

        _CONFIG = use_config()
        _CONFIG.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    return _CONFIG


def _too_deep(html: str) -> bool:
    """Whether libxml2's HTML parser (trafilatura's) stops at its depth limit in this page:
    then it leaves the rest of it out, and says so only in its error log."""
    from lxml import etree

    parser = etree.HTMLParser(encoding="utf-8")  # (bytes: a str declaring an encoding is
    try:  # refused by lxml)
        etree.fromstring(html.encode("utf-8", "surrogatepass"), parser)
    except (etree.LxmlError, ValueError):
        return False  # (the extraction says what is wrong)
    return any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)


def parse_html(data: bytes, source: str, forced: str | None = None) -> ParsedArticle:
    html, encoding = decode(data, source, declared=declared_charset(data), forced=forced)
    import trafilatura  # heavy (lxml, htmldate): only web pages pay for it

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    if _too_deep(html):
        raise InputRefused("nests its elements more than 256 deep, past which the HTML parser "
                           "leaves the page's text out", source)
    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=True,
            include_images=False, include_links=False, deduplicate=False, config=_config(),
        )
        text = getattr(doc, "text", None) or None
        if not text:  # short or unusual pages: take more rather than nothing
            text = trafilatura.extract(html, favor_recall=True, include_comments=False) or \
                trafilatura.html2txt(html)
    except (ValueError, TypeError, AttributeError) as exc:  # lxml parse failures
        raise InputRefused(f"could not be read as a web page ({exc})", source) from None
    if not text or not text.strip():
        raise InputRefused("has no article text that could be found in the page", source)
    text = canonicalize(text)
    meta = doc if isinstance(doc, dict) else doc.as_dict() if doc is not None else {}
    title = _clean(meta.get("title")) or first_line_title(text, safe_name(source.rsplit("/", 1)[-1]))
    return ParsedArticle(
        text=text,
        title=title,
        source=_clean(meta.get("sitename")),
        url=_clean(meta.get("url")),
        author=_clean(meta.get("author")),
        published=_clean(meta.get("date")),
        encoding=encoding,
    )
