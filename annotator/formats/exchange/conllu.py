"""CoNLL-U's word lines for the ``conll`` format (issue 11): Universal Dependencies' ten columns
(``ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC``), as UDPipe, Stanza and the UD treebanks
write them, turned into the tokens and tags the CoNLL reader builds its text and spans from.

- The token is the FORM (column 2), never the ID. A multiword token (``4-5  won't``) is one
  token, its words (``4 wo``, ``5 n't``) none; an empty node (``8.1``) is none.
- ``SpaceAfter=No`` in MISC glues the next token on, so ``rain.`` stays ``rain.``.
- The entity tag is MISC's ``NER=``, ``NE=`` or ``Entity=`` value (``NER=B-PER``; any case of
  the key; CorefUD's bracketed mentions, ``Entity=(e1-person-1``, are no tag); a word without
  one is outside. A multiword token takes its own line's tag, else its first word's that is
  not outside.
"""

from __future__ import annotations

import re

_ID = re.compile(r"[1-9]\d*")
_RANGE = re.compile(r"([1-9]\d*)-([1-9]\d*)")
_EMPTY = re.compile(r"\d+\.[1-9]\d*")
_KEYS = ("NER", "NE", "ENTITY")
_VALUE = re.compile(r"[^\s()]+")  # (a tag: not CorefUD's "(e1-person-1" or "e1)")
OUTSIDE = "O"


def is_conllu(columns: list[str]) -> bool:
    """Whether a first token line is CoNLL-U's: ten tab-separated columns, a word id first."""
    return len(columns) == 10 and bool(_ID.fullmatch(columns[0]) or _RANGE.fullmatch(columns[0]))


def _misc(value: str) -> tuple[str, bool]:
    """(the entity tag, whether a space follows) from a MISC column."""
    tag, space = OUTSIDE, True
    for item in value.split("|"):
        key, _, rest = item.partition("=")
        if key == "SpaceAfter" and rest == "No":
            space = False
        elif key.upper() in _KEYS and _VALUE.fullmatch(rest):
            tag = rest
    return tag, space


class Words:
    """Feeds CoNLL-U word lines, yields ``(token, tag, glued)``: ``glued`` when no space comes
    between it and the token before (the previous token's ``SpaceAfter=No``)."""

    def __init__(self) -> None:
        self.glue = False  # (the last token given said SpaceAfter=No)
        self.multi: tuple[str, int, bool] | None = None  # (form, last word id, space after)
        self.tag = OUTSIDE  # (a multiword token's tag so far)

    def sentence_end(self) -> tuple[str, str, bool] | None:
        """The sentence ended: a multiword token whose words did not all come is given as it
        is (or None)."""
        multi, tag, glued = self.multi, self.tag, self.glue
        self.glue, self.multi, self.tag = False, None, OUTSIDE
        return None if multi is None else (multi[0], tag, glued)

    def feed(self, columns: list[str]) -> tuple[str, str, bool] | None:
        """The token a word line gives, or None (a word of a multiword token before its last,
        an empty node); ValueError for an id that is none of CoNLL-U's."""
        ident, form, misc = columns[0], columns[1], columns[9]
        tag, space = _misc(misc)
        if (span := _RANGE.fullmatch(ident)) is not None:
            self.multi, self.tag = (form, int(span[2]), space), tag
            return None
        if _EMPTY.fullmatch(ident):
            return None
        if not _ID.fullmatch(ident):
            raise ValueError(f"its id {ident[:20]!r} is not a CoNLL-U word id (1, 4-5, 8.1)")
        if self.multi is not None:
            if self.tag == OUTSIDE:
                self.tag = tag
            if int(ident) < self.multi[1]:
                return None
            (form, _, space), tag = self.multi, self.tag
            self.multi = None
        glued, self.glue = self.glue, not space
        return form, tag, glued
