"""The annotations table's filter box: plain words search the text and the note; a few
`key:value` words search what the comparison layer adds.

    actor:gu          the span names an actor whose name contains "gu"
    speaker:tkacik    the quote's speaker's name contains "tkacik"
    form:direct       the quote's form (direct, indirect, paraphrase; form:none for unset)
    annotator:ali     the span's annotator's name contains "ali" (annotator:"alice" is exactly
                      alice; several annotator: words: any of them)
    anonymous         the quote is from an anonymous source (-anonymous: it is not)

A quoted value is a whole name: actor:"gu kailai" (unquoted, part of one). Everything is
case-insensitive. The Links table's filter takes annotator: too (LinkFilter: the same parsing,
the rest of the text searched as plain words).
"""

from __future__ import annotations

import re

from ...domain.model import Annotation

_KEYED = re.compile(r'(?<!\S)(actor|speaker|form|annotator):(?:"([^"]*)"?|(\S*))')
_ANONYMOUS = re.compile(r"(?<!\S)(-?)(anonymous|anon)(?!\S)")


def form_text(attributes: dict) -> str:
    """What the Form column shows: "direct", "indirect · anonymous", "anonymous" or ""."""
    parts = [str(attributes["quote_form"])] if attributes.get("quote_form") else []
    if attributes.get("anonymous") is True:
        parts.append("anonymous")
    return " · ".join(parts)


def annotator_passes(annotators: list[tuple[str, bool]], name: str) -> bool:
    """Whether an annotator's name passes the annotator: words (value, whole name) of a filter
    (no such words: every name)."""
    if not annotators:
        return True
    who = name.casefold()
    return any(who == value if whole else value in who for value, whole in annotators)


class TableFilter:
    def __init__(self, text: str, keys: tuple[str, ...] | None = None):
        """``keys``: the key: words taken (the others, and anonymous, stay plain words);
        None: all of them."""
        self.keyed: list[tuple[str, str, bool]] = []  # (key, value, whole name)
        self.anonymous: bool | None = None
        self._keys = keys
        rest = _KEYED.sub(self._take, text.casefold())
        if keys is None:
            rest = _ANONYMOUS.sub(self._take_anonymous, rest)
        plain = not self.keyed and self.anonymous is None
        self.words = text.casefold().strip() if plain else " ".join(rest.split())
        self.uses_names = any(key in ("actor", "speaker") for key, _, _ in self.keyed)
        self.annotators = [(value, whole) for key, value, whole in self.keyed
                           if key == "annotator"]

    def _take(self, match: re.Match) -> str:
        if self._keys is not None and match.group(1) not in self._keys:
            return match.group(0)
        quoted = match.group(2) is not None
        self.keyed.append((match.group(1), (match.group(2) or match.group(3) or "").strip(), quoted))
        return " "

    def _take_anonymous(self, match: re.Match) -> str:
        self.anonymous = not match.group(1)
        return " "

    def passes(self, a: Annotation, actor_name: str, speaker: str) -> bool:
        if not annotator_passes(self.annotators, a.annotator):
            return False
        for key, value, whole in self.keyed:
            if key in ("actor", "speaker"):
                names = actor_name if key == "actor" else speaker
                found = [n.strip().casefold() for n in names.split(",")] if names else []
                if not any(value == n if whole else value in n for n in found):
                    return False
            if key == "form":
                form = str(a.attributes.get("quote_form") or "")
                if (value == "none" and form) or (value != "none" and not form.startswith(value)):
                    return False
                if not value and not form:
                    return False
        if self.anonymous is not None and (a.attributes.get("anonymous") is True) != self.anonymous:
            return False
        return not self.words or self.words in a.text.casefold() or self.words in a.note.casefold()


class LinkFilter:
    """The Links table's filter box: annotator: words parsed as by TableFilter, the rest of the
    text searched as plain words (in both ends' texts, the note and the articles' titles)."""

    def __init__(self, text: str):
        parsed = TableFilter(text, keys=("annotator",))
        self.annotators, self.words = parsed.annotators, parsed.words

    def __bool__(self) -> bool:
        return bool(self.annotators or self.words)

    def passes(self, annotator: str, hay: str) -> bool:
        return annotator_passes(self.annotators, annotator) and \
            (not self.words or self.words in hay.casefold())
