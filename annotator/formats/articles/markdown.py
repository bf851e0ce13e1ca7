"""Markdown -> plain text: headings, emphasis, links and lists become their words."""

from __future__ import annotations

from markdown_it import MarkdownIt

from ...domain.model import ParsedArticle
from ...domain.text import canonicalize
from ...errors import InputRefused
from .titles import first_line_title

_BLOCK_ENDS = {"paragraph_close", "heading_close", "code_block", "fence", "hr", "html_block"}


def _inline_text(token) -> str:
    parts: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content if child.type != "html_inline" else "")
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)  # the alt text
    return "".join(parts)


_NESTING = 100  # (lists in lists, quotes in quotes: markdown-it's commonmark preset stops at 20)


def markdown_to_text(source: str) -> tuple[str, str | None]:
    """Return (plain text, first heading) of a Markdown document; blocks separated by blank
    lines. Lists or quotes nested deeper than markdown-it reads (it leaves the rest of the
    document out, quietly) raise ValueError."""
    md = MarkdownIt("commonmark", {"maxNesting": _NESTING})
    tokens = md.parse(source)
    if max((t.level for t in tokens), default=0) + 1 >= _NESTING:  # (the parser's limit
        # reached: what is nested deeper is skipped)
        raise ValueError(f"its lists or quotes are nested about {_NESTING} deep, past which "
                         "markdown-it leaves text out")
    blocks: list[tuple[str, bool]] = []  # (text, inside a list)
    current: list[str] = []
    heading: str | None = None
    in_heading = False
    list_depth = 0
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
            if list_depth == 0:
                blocks.append(("", False))  # the next block starts a new paragraph
        elif token.type == "heading_open":
            in_heading = True
        elif token.type == "inline":
            text = _inline_text(token)
            current.append(text)
            if in_heading and heading is None:
                heading = text.strip()
        elif token.type in ("code_block", "fence"):
            current.append(token.content.rstrip("\n"))
        if token.type in _BLOCK_ENDS or token.type == "list_item_close":
            in_heading = False if token.type == "heading_close" else in_heading
            if current:
                blocks.append(("".join(current), list_depth > 0))
                current = []
    if current:
        blocks.append(("".join(current), list_depth > 0))
    out: list[str] = []
    previous_in_list = False
    for text, in_list in blocks:
        if not text.strip():
            previous_in_list = previous_in_list and in_list
            continue
        if out:
            out.append("\n" if in_list and previous_in_list else "\n\n")
        out.append(text)
        previous_in_list = in_list
    return "".join(out), heading


def parse_markdown(source: str, fallback_title: str, encoding: str,
                   where: str | None = None) -> ParsedArticle:
    try:
        text, heading = markdown_to_text(canonicalize(source))
    except ValueError as exc:
        raise InputRefused(str(exc), where) from None
    text = canonicalize(text)
    title = heading or first_line_title(text, fallback_title)
    return ParsedArticle(text=text, title=title, encoding=encoding)
