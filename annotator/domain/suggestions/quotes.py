"""Text in quotation marks, found in a canonical text: straight "…" and '…', curly “…” and
‘…’, guillemets « » and ‹ › (either way round), „…“ and ‚…‘, Swedish ”…”, CJK corner
brackets 「」『』, nested quotes, and a quote running over paragraphs (each paragraph opens it
again, only the last closes it). Apostrophes (it's, Wang’s, the ’90s) are not quotes.

Qt-free and without a model: one pass over the marks (a regular expression finds them) with a
stack of open marks per paragraph."""

from __future__ import annotations

import re
from typing import NamedTuple

MARKS = re.compile("[\"'\u201c\u201d\u201e\u2018\u2019\u201a\u00ab\u00bb\u2039\u203a"
                   "\u300c\u300d\u300e\u300f\n]")
OPENING_BEFORE = set("([{/\u2014\u2013-\u201c\u201e\u2018\u201a\u00ab\u00bb\u2039\u203a"
                     "\u300c\u300e\"'")
_NON_SPACE = re.compile(r"\S")
# Which marks close a quote opened by each mark (a mark may open either way round).
CLOSERS = {
    '"': '"', "'": "'",
    "\u201c": "\u201d",             # “ … ”
    "\u201e": "\u201c\u201d",       # „ … “ (German) or „ … ” (Polish)
    "\u201d": "\u201d",             # ” … ” (Swedish)
    "\u2018": "\u2019",             # ‘ … ’
    "\u201a": "\u2018\u2019",       # ‚ … ‘
    "\u00ab": "\u00bb", "\u00bb": "\u00ab",   # « … » and » … «
    "\u2039": "\u203a", "\u203a": "\u2039",   # ‹ … › and › … ‹
    "\u300c": "\u300d", "\u300e": "\u300f",   # 「 … 」 『 … 』
}
SINGLE = set("'\u2018\u201a\u2039\u203a\u300e")  # marks of the inner level in most styles


class Quote(NamedTuple):
    open: int    # offset of the opening mark
    close: int   # offset of the closing mark (the quote's text is open+1 .. close)
    depth: int   # 0 for a quote in no other quote
    mark: str    # the opening mark

    @property
    def single(self) -> bool:
        return self.mark in SINGLE


def find_quotes(text: str) -> list[Quote]:
    """Every quote in ``text`` (outer and nested), sorted by where it opens."""
    found: list[Quote] = []
    stack: list[tuple[str, int]] = []  # (opening mark, offset)
    carried: tuple[str, int] | None = None  # an outer quote going on in the next paragraph
    resume_at = -1  # the mark that goes on with it
    for match in MARKS.finditer(text):
        pos = match.start()
        c = text[pos]
        if c == "\n":
            if stack:
                carried, resume_at = _paragraph_end(text, pos, stack)
                stack = []
            continue
        if pos == resume_at and carried is not None:
            stack, carried = [carried], None
            continue
        before = text[pos - 1] if pos else ""
        after = text[pos + 1] if pos + 1 < len(text) else ""
        level = _open_level(stack, c)
        if _closes(c, level, before, after):
            assert level is not None
            mark, start = stack[level]
            del stack[level:]  # quotes opened inside it and never closed are dropped
            if pos - start > 3 or mark not in "'\u2018":  # not rock 'n' roll
                found.append(Quote(start, pos, level, mark))
        elif _opens(c, before, after):
            stack.append((c, pos))
    found.sort()
    return found


def _closes(c: str, level: int | None, before: str, after: str) -> bool:
    if level is None:
        return False
    if c in "\"'\u2019":  # straight marks and ’ close after a character; ' and ’ not in a word
        return bool(before) and not before.isspace() and (c == '"' or not after.isalnum())
    return True


def _opens(c: str, before: str, after: str) -> bool:
    if c not in CLOSERS:
        return False  # ’ and the closing CJK brackets never open
    spaced_before = not before or before.isspace() or before in OPENING_BEFORE
    if c in "\"'\u2018\u201a\u201d":  # these open only before a word, after a space
        if c in "'\u2018" and after.isdigit():
            return False  # the '90s
        return spaced_before and bool(after) and not after.isspace()
    if c in "\u00bb\u203a":  # » … « : only before a word
        return bool(after) and not after.isspace()
    return True


def _open_level(stack: list[tuple[str, int]], c: str) -> int | None:
    """The innermost open quote that ``c`` closes."""
    for i in range(len(stack) - 1, -1, -1):
        if c in CLOSERS[stack[i][0]]:
            return i
    return None


def _paragraph_end(text: str, pos: int, stack: list[tuple[str, int]]
                   ) -> tuple[tuple[str, int] | None, int]:
    """At a line's end an open quote goes on only when the next paragraph opens it again."""
    if not stack:
        return None, -1
    nxt = _NON_SPACE.search(text, pos)
    if nxt is None:
        return None, -1
    mark = stack[0][0]
    c = text[nxt.start()]
    if c == mark or (c in CLOSERS and CLOSERS[c] == CLOSERS[mark]):
        return stack[0], nxt.start()
    return None, -1
