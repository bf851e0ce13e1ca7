"""How much a decoded text looks like real writing: the yardstick for choosing between encodings.

A charset detector weighs byte statistics, which say little about a short text: "Café naïve
façade" in Windows-1252 reads just as cleanly as Baltic "Cafķ na’ve fańade" to it. Wrong readings
of a legacy file have tell-tale words, though: a symbol between two letters ("Za¿ó³æ"), a capital
after a small letter ("jaŸñ", "лЩП"), letters of two scripts in one word ("pieњс"), accented
letters that no single language combines in one word ("pøíliš", "pieœñ"), or words of a language
the code page was not made for. ``assess`` counts such words, how many languages the others
need, and whether the text shouts (KOI8-R and Windows-1251 read for each other swap the case).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from .languages import ANY_LANGUAGE, CYRILLIC_LANGUAGES, LANGS_OF, WORD_LANGS

_INNER_OK = frozenset("’‘'`´\u00ad‐‑-–—/")  # apostrophes and hyphens sit between letters
_EDGES = "\"'()[]{}<>«»‹›“”„‚‘’…–—―.,;:!?¿¡*_|~#%&+=@^$€£¥"
_TOKEN = re.compile(r"[^\s]{0,40}[^\x00-\x7f][^\s]{0,40}")
_ASCII_WORD = re.compile(r"\b[A-Za-z]{1,12}\b")
# C1 controls, box drawing (DOS code pages), private use, replacement character.
_ODD = re.compile("[\x80-\x9f\u2500-\u259f\ue000-\uf8ff\ufffd]")
_LONE_O_TILDE = re.compile("[õÕ](?![eE])")
_UNIT = re.compile(r"(?:[kcdm]?m|ft|in)$")
_LETTER_BEFORE = re.compile(r"[^\W\d_][\u0300-\u036f\u0e31-\u0e4e]*$")  # letter, marks
_LETTER_AFTER = re.compile(r"[\u0300-\u036f\u0e31-\u0e4e]*[^\W\d_]")
_GREEK_TONOS = frozenset("άέήίόύώΆΈΉΊΌΎΏΐΰ")
_GREEK_VOWELS = re.compile("αι|ει|οι|ου|αυ|ευ|υι|[αεηιουωϊϋ]")
_ARABIC_FINAL = re.compile("[\u0629\u0649](?=[\u0621-\u064a])")
_HEBREW_FINAL = re.compile("[ךםןףץ](?=[\u05d0-\u05ea])")
_SAMPLE_TOKENS = 4000
_SAMPLE_CHARS = 1 << 16
_FOREIGN = frozenset({"*"})
_HAN_OR_KANA = frozenset({"CJK"})  # a common word of a language the code page is not for


@dataclass(frozen=True)
class Assessment:
    bad: int        # words that no real text would contain
    languages: int  # fewest languages (scripts, for non-Latin ones) the words need
    shouting: bool  # nearly every accented letter a capital
    words: int      # words with a non-ASCII character that were looked at


def _script(char: str) -> str:
    first = unicodedata.name(char, "").split(" ", 1)[0]
    if first in ("CJK", "HIRAGANA", "KATAKANA", "IDEOGRAPHIC", "FULLWIDTH"):
        return "CJK"
    return first  # LATIN, CYRILLIC, GREEK, HEBREW, ARABIC, HANGUL, THAI, HALFWIDTH...


def _fits_beside_letters(char: str, core: str, i: int) -> bool:
    """Whether a non-ASCII character that is not a letter may stand where it is in a word."""
    category = unicodedata.category(char)
    if char in _INNER_OK or char == "…" or (ord(char) >= 0x3000 and category[0] in "PZ"):
        return True  # apostrophes, hyphens, CJK punctuation (、。，「」)
    before = bool(_LETTER_BEFORE.search(core, 0, i))
    after = bool(_LETTER_AFTER.match(core, i + 1))
    if char in "®™":  # Windows®
        return not after
    if char == "°":  # 20°C
        return not before
    if category in ("Pi", "Pf", "Ps", "Pe", "Pd"):  # quotes and brackets: 说：“我们”, not S„o
        return not (before and after and core[i - 1] < "\u0250" and core[i + 1] < "\u0250")
    if char == "·":  # Catalan col·lecció, not M·laga
        return core[i - 1:i + 2].lower() == "l·l"
    if char in "¿¡":
        return not before
    if char in "²³":  # m², km³, not "by³"
        return not after and bool(_UNIT.match(core[:i]))
    return not (before or after)


def _judge(core: str, allowed: frozenset[str]) -> Literal[False] | frozenset[str] | None:
    """False for an implausible word; else the set of languages it fits (None: any)."""
    scripts: set[str] = set()
    special: set[str] = set()  # letters that only some languages of the script have
    ascii_letters = letters = tonos = switches = latin1 = 0
    previous = ""
    for i, char in enumerate(core):
        if char.isalpha():
            letters += 1
            if char.isascii():
                ascii_letters += 1
                switches += "CJK" in scripts and not previous.isascii()
            else:
                script = _script(char)
                switches += script == "CJK" and previous.isascii() and previous.isalpha()
                if script == "HALFWIDTH":  # half-width katakana: a Shift-JIS misreading
                    return False
                scripts.add(script)
                if char in LANGS_OF:
                    special.add(char)
                elif script == "LATIN":
                    return False  # a Latin letter of no language we know: "ŧ", "ŵ"
                latin1 += "\u00c0" <= char <= "\u00ff"
                tonos += char in _GREEK_TONOS
            if previous.islower() and char.isupper() and not (previous.isascii() and char.isascii()):
                return False  # "jaŸñ", "лЩП": a capital after a small letter
            if previous == "ς":
                return False  # Greek final sigma inside a word
        elif unicodedata.category(char).startswith("M"):
            if _script(char) not in ("COMBINING", _script(previous) if previous else ""):
                return False  # an Arabic vowel sign on a Latin letter
            if previous.isascii() and previous.lower() not in "aeiouy":
                return False  # Vietnamese tone marks sit on vowels: not "peṛ", "luned́"
        elif not char.isascii() and not _fits_beside_letters(char, core, i):
            return False  # "Za¿ó³æ", "pie£±"
        previous = char
    if not scripts:
        return None
    if len(scripts) > 1 or (ascii_letters and scripts - {"LATIN", "CJK"}) or tonos > 1 \
            or switches > 1:
        return False  # "pieњс", "渞骴mie渃ie": scripts mixed; "λίςώι": Greek has one accent a word
    if scripts == {"CYRILLIC"}:  # not "фоьсёїяђ": Russian ё, Ukrainian ї and Serbian ђ
        if core[0] in "ъьыЪЬЫ":
            return False
        return CYRILLIC_LANGUAGES.intersection(*(LANGS_OF[c] for c in special)) or False
    if scripts == {"HEBREW"} and _HEBREW_FINAL.search(core):
        return False  # a final letter (ך ם ן ף ץ) inside a word
    if scripts == {"GREEK"} and core.islower() and (
            len(_GREEK_VOWELS.findall(core)) > 1 > tonos or letters > 1 > len(_GREEK_VOWELS.findall(core))):
        return False  # a Greek word has a vowel, and an accent if it has two syllables
    if scripts == {"ARABIC"} and (_ARABIC_FINAL.search(core) or core[0] in "\u0629\u0649"):
        return False  # ى and ة end words
    if scripts != {"LATIN"}:
        return frozenset(scripts)
    if latin1 == letters - ascii_letters and (
            letters == latin1 > 1 or (letters >= 4 and latin1 * 3 > letters * 2)):
        return False  # "îí", "çàÿâèë" (Russian read as Windows-1252): mostly plain letters
    fits = allowed.intersection(*(LANGS_OF[c] for c in special))
    if "pt" in fits and _LONE_O_TILDE.search(core):
        fits -= {"pt"}  # Portuguese has õ only in -õe(s); Hungarian ő read as Windows-1252 has it anywhere
    if "is" in fits and core[0] in "ðÐ":
        fits -= {"is"}  # no Icelandic word starts with ð
    return fits or False


def assess(text: str, allowed: frozenset[str] = ANY_LANGUAGE) -> Assessment:
    """Judge the start of ``text`` (its words with non-ASCII characters, its common words) as
    text in the ``allowed`` languages (for the Latin script)."""
    bad = len(_ODD.findall(text, 0, _SAMPLE_CHARS * 16))
    words = upper = lower = spaced = 0
    needs: dict[frozenset[str], int] = {}
    for match in _TOKEN.finditer(text):
        words += 1
        for part in re.split(r"[-‐‑/]", match.group().strip(_EDGES)):
            core = part.strip(_EDGES)
            verdict = _judge(core, allowed)
            if verdict is False:
                bad += 1
            elif verdict == _HAN_OR_KANA and len(core) <= 4:
                spaced += 1  # Chinese and Japanese put no spaces between words
            elif verdict:
                needs[verdict] = needs.get(verdict, 0) + 1
            for char in part:
                upper += char.isupper() and not char.isascii()
                lower += char.islower() and not char.isascii()
        if words >= _SAMPLE_TOKENS:
            break
    if spaced > 1:
        bad += spaced
    english = other = 0
    for word in _ASCII_WORD.findall(text, 0, _SAMPLE_CHARS):
        langs = WORD_LANGS.get(word.lower())
        if langs:
            english += "en" in langs
            other += "en" not in langs
            key = langs & allowed or _FOREIGN
            needs[key] = needs.get(key, 0) + 1
    languages = _cover(needs) + (_FOREIGN in needs)  # counted twice: a bad sign
    if "en" in allowed and english and english >= 2 * other:
        languages = 1  # English text: accented words in it are names from anywhere
    return Assessment(bad, max(1, languages), upper > 3 * lower and upper >= 4, words)


def _cover(needs: dict[frozenset[str], int]) -> int:
    """How many languages, chosen greedily, cover every word's set of possible languages."""
    left = dict(needs)
    count = 0
    while left:
        tally: dict[str, int] = {}
        for langs, n in left.items():
            for lang in langs:
                tally[lang] = tally.get(lang, 0) + n
        chosen = max(sorted(tally), key=tally.__getitem__)
        left = {langs: n for langs, n in left.items() if chosen not in langs}
        count += 1
    return count
