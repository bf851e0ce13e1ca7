"""Actors: one person, organisation or place named differently across articles (DESIGN.md
section 9). Names match case-insensitively after NFC; mentions are found as whole words, by the
same rules as a selection snapped to words (spans.py)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ...errors import InputRefused
from ..spans import _inside_word, _possessive_at

KINDS = ("person", "organization", "group", "place", "other")
MAX_NAME = 200


def name_key(name: str) -> str:
    """The form under which two names are the same actor: NFC, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def clean_name(name: str, what: str = "an actor's name") -> str:
    cleaned = " ".join(unicodedata.normalize("NFC", name).split())
    if not cleaned or len(cleaned) > MAX_NAME or any(unicodedata.category(c) == "Cc"
                                                     for c in cleaned):
        raise InputRefused(f"{what} must be 1 to {MAX_NAME} characters without control "
                           f"characters, not {name[:40]!r}")
    return cleaned


def clean_aliases(name: str, aliases: Iterable[str]) -> tuple[str, ...]:
    """Aliases sorted and unique (case-insensitively), never repeating the name."""
    seen = {name_key(name)}
    kept: dict[str, str] = {}
    for alias in aliases:
        alias = clean_name(alias, "an alias")
        key = name_key(alias)
        if key not in seen:
            seen.add(key)
            kept[key] = alias
    return tuple(sorted(kept.values()))


def check_kind(kind: str | None) -> str | None:
    if kind in (None, ""):
        return None
    if kind not in KINDS:
        raise InputRefused(f"an actor's kind is one of {', '.join(KINDS)}, not {kind!r}")
    return kind


def matching(names: Iterable[tuple[str, Iterable[str]]], text: str) -> list[int]:
    """Indexes of the (name, aliases) entries one of whose names is ``text`` (case-insensitive)."""
    key = name_key(text)
    return [i for i, (name, aliases) in enumerate(names)
            if key == name_key(name) or any(key == name_key(a) for a in aliases)]


def find_mentions(text: str, names: Iterable[str],
                  excluded: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Every whole-word occurrence of any of ``names`` in ``text`` (case-insensitive), outside
    the ``excluded`` ranges, as sorted (start, end). Where names overlap ("Bo" inside "Bo
    Xilai") the longest wins."""
    wanted = sorted({n for n in (" ".join(x.split()) for x in names) if n},
                    key=lambda n: (-len(n), n))
    if not wanted:
        return []
    pattern = re.compile("|".join(r"\s+".join(re.escape(part) for part in n.split())
                                  for n in wanted), re.IGNORECASE)
    blocked = sorted(excluded)
    found: list[tuple[int, int]] = []
    taken_until = 0
    for match in pattern.finditer(text):  # canonical text is NFC already
        start, end = match.span()
        if start < taken_until or _inside_word(text, start) or (
                _inside_word(text, end) and not _possessive_at(text, end)):  # "Bo Xilai's"
            continue
        if any(s < end and start < e for s, e in blocked):
            continue
        found.append((start, end))
        taken_until = end
    return found
