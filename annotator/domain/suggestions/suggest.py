"""Suggestions, offline and without a model: quotes (text in quotation marks, quotes.py) with
the speaker named around them (speakers.py) as an actor candidate, and the mentions of known
actors (their names and aliases, as "tag every mention" finds them).

Nothing is suggested that is already annotated (a span of the same tag overlapping it), that
lies in a region marked not part of the article, or that the user dismissed. Qt-free."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import regex

from ..comparison.actors import find_mentions, name_key
from ..model import Actor, Annotation
from .quotes import Quote, find_quotes
from ..comparison.regions import join_ranges, not_article_ranges, overlaps
from .kinds import ACTOR, QUOTE
from .speakers import antecedent, attribution, mask, sentence_start

MIN_WORDS = 4         # a quote with no words of saying around it is at least this long...
MIN_WORDS_SINGLE = 5  # ...and in single marks (often scare quotes) this long
MAX_TITLE_WORDS = 6   # "Harbor Street Updates": every word capitalised, not said by anyone
_NAMING = regex.compile(r"(?:nicknamed|dubbed|known as|so-called|titled|entitled|named|aka|"
                        r"a\.k\.a\.)\s*$", regex.IGNORECASE)
_WORD = regex.compile(r"\w+")
_WORDS = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]|[\p{L}\p{N}]+")
_TRIM = " \t\n\u00a0\u202f\u2009,"
CJK = "\u300c\u300e"  # 「 『: the speaker patterns are of European languages


class Suggestion(NamedTuple):
    kind: str                  # QUOTE or ACTOR
    start: int
    end: int
    speaker: tuple[int, int] | None = None  # a quote's speaker, an actor candidate
    name: str = ""             # the speaker's (or the mention's) name as the text has it
    actor_id: str | None = None  # the known actor of that name, if exactly one has it

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.kind)


def _is_cjk(c: str) -> bool:
    return "\u2e80" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af" or "\uf900" <= c <= "\ufaff"


def _paragraph(text: str, start: int, end: int) -> tuple[int, int]:
    hi = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, len(text) if hi < 0 else hi


def _previous_paragraph(text: str, para_lo: int) -> int:
    """Where the paragraph before the one starting at ``para_lo`` starts (blank lines skipped)."""
    j = para_lo - 1
    while j > 0 and text[j - 1].isspace():
        j -= 1
    return text.rfind("\n", 0, max(j, 0)) + 1 if j > 0 else para_lo


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def quote_suggestions(text: str, quotes: list[Quote] | None = None) -> list[Suggestion]:
    """The quotes of a text with their speakers, before anything is left out (see suggest)."""
    outer = [q for q in (find_quotes(text) if quotes is None else quotes) if q.depth == 0]
    masked = mask(text, [(q.open, q.close + 1) for q in outer])
    found: list[Suggestion] = []
    last: dict[int, tuple[int, int]] = {}  # paragraph start -> the speaker of its last quote
    for q in outer:
        start, end = _trimmed(text, q.open + 1, q.close)
        if not any(c.isalnum() for c in text[start:end]):
            continue
        para = _paragraph(text, q.open, q.close)
        attributed, speaker, pronoun_at = attribution(masked, q.open, q.close, para)
        if pronoun_at >= 0:
            speaker = antecedent(masked, _previous_paragraph(text, para[0]), pronoun_at)
        opens_sentence = not masked[sentence_start(masked, para[0], q.open):q.open].strip()
        if not attributed and para[0] in last and opens_sentence:  # "…," said X. "…"
            attributed, speaker = True, last[para[0]]
        elif not attributed and not text[para[0]:q.open].strip() and q.mark not in CJK:
            # A paragraph of its own goes on the last speaker of the paragraph before.
            speaker = antecedent(masked, _previous_paragraph(text, para[0]), para[0])
            attributed = speaker is not None
        if not _is_quote(text, masked, q, start, end, attributed):
            continue
        if speaker is not None:
            last[para[0]] = speaker
        found.append(Suggestion(QUOTE, start, end, speaker,
                                " ".join(text[speaker[0]:speaker[1]].split()) if speaker else ""))
    return found


def _is_quote(text: str, masked: str, q: Quote, start: int, end: int, attributed: bool) -> bool:
    """Said by someone, or long enough not to be a scare quote, a nickname or a title."""
    if _NAMING.search(masked, max(0, q.open - 30), q.open):
        return False
    if attributed:
        return True
    words = _WORDS.findall(text[start:end])
    size = sum(0.5 if _is_cjk(w) else 1 for w in words)
    if size < (MIN_WORDS_SINGLE if q.single else MIN_WORDS):
        return False
    titled = all(w[0].isupper() or w[0].isdigit() for w in words if not _is_cjk(w))
    return not (titled and size <= MAX_TITLE_WORDS)


def _actor_keys(actors: Iterable[Actor]) -> dict[str, str | None]:
    """name_key of every name and alias -> the actor's id (None when two actors share it)."""
    by_key: dict[str, str | None] = {}
    for actor in actors:
        for name in (actor.name, *actor.aliases):
            key = name_key(name)
            by_key[key] = actor.id if by_key.get(key, actor.id) == actor.id else None
    return by_key


def mention_suggestions(text: str, actors: Iterable[Actor],
                        excluded: Iterable[tuple[int, int]] = ()) -> list[Suggestion]:
    """Whole-word mentions of known actors' names and aliases, with the actor each names (None
    when two actors share the name)."""
    by_key = _actor_keys(actors)
    if not by_key:
        return []
    found = []
    for start, end in _find_mentions(text, list(by_key), list(excluded)):
        key = name_key(text[start:end])
        found.append(Suggestion(ACTOR, start, end, None, " ".join(text[start:end].split()),
                                by_key.get(key)))
    return found


def _find_mentions(text: str, names: list[str], excluded: list[tuple[int, int]]
                   ) -> list[tuple[int, int]]:
    """actors.find_mentions with only the names whose first word is a word of the text (its
    pattern tries every name at every character: over a long text with many actors, seconds;
    an article names few of a project's actors, and its words are found in milliseconds)."""
    words = {w.casefold() for w in _WORD.findall(text)}
    present = [n for n in names if (m := _WORD.search(n)) and m.group(0).casefold() in words]
    return find_mentions(text, present, excluded) if present else []


def known_actor(by_key: dict[str, str | None], name: str) -> str | None:
    """The id of the one actor called ``name`` (or by an alias; a possessive dropped)."""
    for candidate in (name, name.removesuffix("'s").removesuffix("\u2019s")):
        found = by_key.get(name_key(candidate))
        if found is not None:
            return found
    return None


def suggest(text: str, annotations: Iterable[Annotation] = (), actors: Iterable[Actor] = (),
            dismissed: Iterable[tuple[int, int, str]] = (), *, quote_tag: str = QUOTE,
            actor_tag: str = ACTOR, quotes: list[Suggestion] | None = None,
            mentions: list[Suggestion] | None = None) -> list[Suggestion]:
    """What to suggest in one article, sorted by (start, end, kind). ``dismissed`` holds the
    (start, end, kind) the user turned down. ``quotes`` and ``mentions`` may pass
    quote_suggestions(text) and mention_suggestions(text, actors) made earlier (the text never
    changes; the actors seldom do)."""
    annotations = list(annotations)
    actors = list(actors)
    regions = not_article_ranges(annotations)
    quoted = join_ranges((a.start, a.end) for a in annotations if a.tag == quote_tag)
    named = join_ranges((a.start, a.end) for a in annotations if a.tag == actor_tag)
    refused = set(dismissed)
    by_key = _actor_keys(actors)
    kept: list[Suggestion] = []
    for s in quote_suggestions(text) if quotes is None else quotes:
        if s.key in refused or overlaps(regions, s.start, s.end) or overlaps(quoted, s.start, s.end):
            continue
        if s.speaker is not None and overlaps(regions, *s.speaker):
            s = s._replace(speaker=None, name="")
        if s.speaker is not None and by_key:
            s = s._replace(actor_id=known_actor(by_key, s.name))
        kept.append(s)
    for s in mention_suggestions(text, actors, regions) if mentions is None else mentions:
        if s.key not in refused and not overlaps(named, s.start, s.end) \
                and not overlaps(regions, s.start, s.end):
            kept.append(s)
    kept.sort(key=lambda s: (s.start, s.end, s.kind))
    return kept
