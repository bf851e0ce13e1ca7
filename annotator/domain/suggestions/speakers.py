"""Who said a quote, read from the words around it: `"…," said X`, `"…," X said`, `X told Y: "…"`,
`according to X`, `quoted X as saying`, `X added`, a few of the same in French, German, Spanish
and Swedish; a pronoun (`he said`) stands for the last name said to speak or think in its
paragraph or the one before. A quote with no words of its own goes on the previous quote's
speaker in its paragraph. Patterns, no model: a speaker is a capitalised name.

Works on the text with every outer quote masked (``mask``), so that the words of other quotes
are never read as attribution, and a sentence runs on across the quotes inside it."""

from __future__ import annotations

from typing import NamedTuple

import regex

MASK = "\x00"


def _words(words: str) -> list[str]:
    return words.split()


SAY = _words(
    "said says say told tells added adds stated states declared declares explained explains "
    "insisted insists warned warns wrote writes asked asks replied replies recalled recalls "
    "noted notes argued argues claimed claims continued continues concluded concludes "
    "testified testifies confessed confesses admitted admits announced announces remarked "
    "commented comments observed observes urged urges cautioned stressed stresses suggested "
    "maintained maintains countered responded responds quipped shouted whispered tweeted "
    "acknowledged acknowledges confirmed confirms conceded concedes predicted recounted "
    "emphasized emphasised reported reports read called calls "
    "sagte sagt erklärte erklärt betonte betont erzählt erzählte meinte meint nannte nennt "
    "säger sa berättar uppger dit déclare déclaré explique expliqué affirme affirmé ajoute "
    "ajouté estime résume dijo afirmó explicó añadió aseguró")
THINK = _words("believes believed thinks thought feels felt fears feared hopes hoped expects")
NOT_INVERTED = {"told", "tells", "called", "calls", "read", "asked", "asks", "urged", "urges"}
ADVERBS = _words(
    "has have had also later then once earlier previously recently further again "
    "would will reportedly repeatedly publicly privately still hat habe")
TITLES = set(_words(
    "mr mrs ms miss mx dr prof professor sir dame lord lady president senator sen rep "
    "representative congressman congresswoman governor gov mayor councillor councilor alderman "
    "minister secretary chancellor chairman chairwoman chair judge justice general gen colonel "
    "col captain capt lieutenant lt sergeant sgt officer chief inspector detective father rev "
    "reverend pope king queen prince princess sheikh ambassador commissioner superintendent mp "
    "mep analyst spokesman spokeswoman spokesperson director coach dean "
    "sprecher sprecherin vorsitzende vorsitzender chef chefin präsident präsidentin kanzler "
    "kanzlerin ministerin bürgermeister bürgermeisterin président présidente ministre "
    "porte-parole secrétaire maire presidente ministro ministra portavoz alcalde alcaldesa"))
LEADING = set(_words(
    "the a an one this that these those its his her their our but and yet so then however "
    "meanwhile also still der die das ein eine le la les un une el los las il elle den det"))
NOT_BEFORE_SUBJECT = set(_words(
    "in of from to at by with for on into about the a an if over under near than "
    "à de en dans au aux du des von zu bei mit auf im"))
PRONOUNS = {"he", "she", "they", "it", "we", "i", "er", "sie", "il", "elle", "han", "hon"}
CJK_SAY = regex.compile(r"[說说稱称]|表示|指出|述べ|話し|言っ")
_ABBREVIATIONS = set(_words(
    "mr mrs ms dr st jan feb mar apr jun jul aug sep sept oct nov dec no vs etc gen gov sen rep "
    "prof inc corp ltd jr sr col capt lt sgt rev"))
TOKEN = (r"(?:\p{Lu}\.(?:\p{Lu}\.)+|\p{Lu}[\p{L}\p{M}]*(?:['\u2019\-]\p{L}[\p{L}\p{M}]*)*\.?)")
NAME = rf"{TOKEN}(?:[ \t]+(?:(?:de|da|di|du|del|der|den|van|von|la|le|bin|ibn|al|of|&)[ \t]+)?{TOKEN}){{0,6}}"
_PAST = regex.compile(r"(?<![\p{L}\p{M}])\p{Ll}{2,}ed(?![\p{L}\p{M}])")
_VERBS = regex.compile(r"\b(" + "|".join(sorted(SAY + THINK, key=len, reverse=True)) + r")\b")
_SAY_ONLY = set(SAY)
_TAIL = "|".join(ADVERBS) + r"|\p{Ll}+ly"
_SUBJECT = regex.compile(rf"(?:^|(?<=[^\p{{L}}\p{{M}}.'\u2019]))({NAME})\s*,?\s*(?:(?:{_TAIL})\s+)*$")
_PRONOUN = regex.compile(rf"(?:^|(?<=[\s{MASK},;:]))(he|she|they|it|we|I|He|She|They|It|We|er|sie|"
                         rf"il|elle|han|hon)\s*,?\s*(?:(?:{_TAIL})\s+)*$")
_PARENTHETICAL = regex.compile(r",[^,\n]{1,200},\s*(?:(?:" + _TAIL + r")\s+)*$")
_INVERTED = regex.compile(rf"\s+(?:(?:the|der|die|das|le|la|les|el|den|det)\s+)?({NAME})")
_QUOTED_AS = regex.compile(r"\bquoted\s+([^\n]{1,80}?)\s+as\s+(?:saying|telling|confessing|"
                           r"writing|adding|stating|describing|calling|warning|explaining)\b")
_ACCORDING = regex.compile(r"\b(?:according to|selon|laut|según)\s+([^\n,.;:]{1,80})")
_SENTENCE_END = regex.compile(rf"(?<=[.!?。！？])[\"'\u201d\u2019\u00bb{MASK}]{{0,3}}(?:\s+|(?<=[。！？]))"
                              rf"(?=[\p{{Lu}}\p{{Lo}}{MASK}\"'\u201c\u2018\u00ab\u201e(])")
_WORD = regex.compile(r"\S+")
_INITIAL_END = regex.compile(r"(?:^|\.)\p{Lu}\.$")
_WHOLE_NAME = regex.compile(rf"(?:(?:the|The)\s+)?{NAME}")
_DOTTED_WORD = regex.compile(r"[\p{L}.]*\.$")
_INITIALS = regex.compile(r"\p{Lu}(?:\.\p{Lu})*")
WINDOW = 300


class Attribution(NamedTuple):
    attributed: bool  # words of saying were found around the quote
    speaker: tuple[int, int] | None  # the speaker's name in the text


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each [start, end) replaced by MASK characters (offsets kept), all but a
    full stop (! ?) among its last characters: a quote can end its sentence."""
    parts, at = [], 0
    for start, end in spans:
        parts.append(text[at:start])
        tail = text[max(start, end - 4):end]
        stop = max(tail.rfind("."), tail.rfind("!"), tail.rfind("?"), tail.rfind("\u3002"))
        if stop < 0:
            parts.append(MASK * (end - start))
        else:
            stop += max(start, end - 4)
            parts.append(MASK * (stop - start) + text[stop] + MASK * (end - stop - 1))
        at = end
    parts.append(text[at:])
    return "".join(parts)


def clean_name(masked: str, start: int, end: int) -> tuple[int, int] | None:
    """A run of capitalised words as a name: titles and leading articles dropped ("Fire Chief
    Ronald Okoye" → "Ronald Okoye"); a possessive or a lone leading word is not a name."""
    words = [(m.start() + start, m.end() + start) for m in _WORD.finditer(masked[start:end])]
    keys = [masked[s:e].rstrip(".").casefold() for s, e in words]
    last_title = max((i for i, k in enumerate(keys) if k in TITLES), default=-1)
    words, keys = words[last_title + 1:], keys[last_title + 1:]
    while words and keys[0] in LEADING:
        words, keys = words[1:], keys[1:]
    if " of " in masked[words[0][0]:words[-1][1]] if words else False:
        head = words[:keys.index("of")]
        if len(head) >= 2:
            words = head
    if not words or keys[-1].endswith(("'s", "\u2019s")) or keys[-1] in PRONOUNS:
        return None
    end = words[-1][1]
    if masked[end - 1] == "." and not _INITIAL_END.search(masked[words[-1][0]:end]):
        end -= 1  # the sentence's full stop, not an initial's ("U.S.", "J.")
    if len(words) == 1 and _common_word(masked, words[0][0], end):
        return None
    return words[0][0], end


def _common_word(masked: str, start: int, end: int) -> bool:
    """A capitalised word opening a sentence ("Visitors said") that the text nearby also writes
    in lower case is a common word, not a name."""
    before = masked[max(0, start - 3):start].rstrip(" \t")
    if before and before[-1] not in "\n.!?":
        return False
    word = masked[start:end].lower()
    if word == masked[start:end]:
        return False
    return regex.search(rf"(?<![\p{{L}}]){regex.escape(word)}(?![\p{{L}}])",
                        masked[max(0, start - 3000):start + 3000]) is not None


def _subject_before(masked: str, lo: int, verb: int) -> tuple[int, int] | None:
    """The name just before a verb at ``verb`` ("Gao said", "Guo Weiguo, later told",
    "Jonah Briggs, one of the two who voted against, said")."""
    for end in (verb, None):
        if end is None:
            paren = _PARENTHETICAL.search(masked, lo, verb)
            if paren is None:
                return None
            end = paren.start()
        found = _SUBJECT.search(masked, lo, end)
        if found is not None:
            before = masked[lo:found.start(1)].split()
            if before and before[-1].casefold() in NOT_BEFORE_SUBJECT:
                continue
            name = clean_name(masked, *found.span(1))
            if name is not None:
                return name
    return None


def _pronoun_before(masked: str, lo: int, verb: int) -> bool:
    return _PRONOUN.search(masked, lo, verb) is not None


def _name_after(masked: str, at: int, hi: int) -> tuple[int, int] | None:
    found = _INVERTED.match(masked, at, hi)
    return clean_name(masked, *found.span(1)) if found else None


def _whole_name(masked: str, start: int, end: int) -> tuple[int, int] | None:
    """A phrase ("Xinhua", "the experts") as a name, if it is one capitalised name."""
    phrase = masked[start:end].strip()
    start += len(masked[start:end]) - len(masked[start:end].lstrip())
    if _WHOLE_NAME.fullmatch(phrase):
        return clean_name(masked, start, start + len(phrase))
    return None


class _Found(NamedTuple):
    distance: int
    speaker: tuple[int, int] | None
    pronoun_at: int  # where a pronoun speaker stands, else -1


def _clause(masked: str, lo: int, hi: int, before: bool, anchor: int) -> list[_Found]:
    """Attribution in masked[lo:hi]: before the quote (the last verb counts) or after it (the
    first one)."""
    found: list[_Found] = []
    for pattern in (_QUOTED_AS, _ACCORDING):
        for m in pattern.finditer(masked, lo, hi):
            distance = anchor - m.end() if before else m.start() - anchor
            found.append(_Found(distance, _whole_name(masked, *m.span(1)), -1))
    verbs = [m for m in _VERBS.finditer(masked, lo, hi) if m.group(1) in _SAY_ONLY]
    # The verb nearest the quote that has a subject ("warned that calls to halt…": not
    # "calls"); without one, the nearest verb says the quote is attributed to somebody unnamed.
    for verb in reversed(verbs) if before else verbs:
        distance = anchor - verb.end() if before else verb.start() - anchor
        speaker = _subject_before(masked, lo, verb.start())
        if speaker is not None:
            found.append(_Found(distance, speaker, -1))
            break
        if _pronoun_before(masked, lo, verb.start()):
            found.append(_Found(distance, None, verb.start()))
            break
        if not before and verb.group(1) not in NOT_INVERTED:
            speaker = _name_after(masked, verb.end(), hi)
            if speaker is not None:
                found.append(_Found(distance, speaker, -1))
                break
    else:
        if verbs:
            verb = verbs[-1] if before else verbs[0]
            found.append(_Found(anchor - verb.end() if before else verb.start() - anchor,
                                None, -1))
    if not found and CJK_SAY.search(masked, lo, hi):
        found.append(_Found(hi - lo, None, -1))
    return found


def sentence_start(masked: str, lo: int, at: int) -> int:
    start = lo
    for m in _SENTENCE_END.finditer(masked, lo, at + 1):  # (the lookahead reads ``at``)
        if m.end() <= at and not _abbreviation(masked, m.start()):
            start = m.end()
    return start


def sentence_end(masked: str, at: int, hi: int) -> int:
    for m in _SENTENCE_END.finditer(masked, at, min(len(masked), hi + 1)):
        if m.start() < hi and not _abbreviation(masked, m.start()):
            return m.start()
    return hi


def _abbreviation(masked: str, dot: int) -> bool:
    """Whether the full stop before ``dot`` ends an abbreviation (Mr. Feb. U.S. J.)."""
    if masked[dot - 1:dot] != ".":
        return False
    word = _DOTTED_WORD.search(masked[max(0, dot - 12):dot])
    if word is None:
        return False
    w = word.group(0).rstrip(".")
    return w.casefold() in _ABBREVIATIONS or bool(_INITIALS.fullmatch(w))


def attribution(masked: str, open_at: int, close_at: int, paragraph: tuple[int, int]) -> tuple[
        bool, tuple[int, int] | None, int]:
    """(attributed, speaker name span, where a pronoun speaker stands or -1) of the quote
    whose marks are at ``open_at`` and ``close_at``."""
    para_lo, para_hi = paragraph
    lo = sentence_start(masked, max(para_lo, open_at - WINDOW), open_at)
    # (from the quote's last characters: a quote ending in a full stop ends its sentence)
    hi = max(close_at + 1, sentence_end(masked, max(open_at + 1, close_at - 3),
                                        min(para_hi, close_at + 1 + WINDOW)))
    found = _clause(masked, lo, open_at, True, open_at) + \
        _clause(masked, close_at + 1, hi, False, close_at + 1)
    if not found:
        return False, None, -1
    named = [f for f in found if f.speaker is not None or f.pronoun_at >= 0]
    best = min(named or found, key=lambda f: f.distance)
    return True, best.speaker, best.pronoun_at


def antecedent(masked: str, lo: int, at: int) -> tuple[int, int] | None:
    """The last name said to speak or think in masked[lo:at] (for a pronoun at ``at``), or,
    in the pronoun's own paragraph, the last name doing anything in the past ("Jonah Briggs
    disagreed. … he said")."""
    last: tuple[int, tuple[int, int]] | None = None
    own = masked.rfind("\n", lo, at) + 1
    verbs = [(m.start(), m.end(), m.group(1)) for m in _VERBS.finditer(masked, lo, at)]
    verbs += [(m.start(), m.end(), "") for m in _PAST.finditer(masked, max(lo, own), at)]
    for start, end, verb in sorted(verbs):
        para_lo = masked.rfind("\n", lo, start) + 1
        speaker = _subject_before(masked, max(lo, para_lo), start)
        if speaker is None and verb in _SAY_ONLY and verb not in NOT_INVERTED:
            speaker = _name_after(masked, end, at)
        if speaker is not None:
            last = (start, speaker)
    return last[1] if last else None
