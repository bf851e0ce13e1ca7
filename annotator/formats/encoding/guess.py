"""Which legacy encoding a file that is not UTF-8 is in, or the honest answer that it cannot be told.

The text stored at import never changes afterwards, so a wrong guess is permanent. Every reading
charset-normalizer proposes, and those of the commonest single-byte code pages, are judged by how
much they look like real writing (see ``plausible``). The best one is taken when it is clearly
best, or when it is Windows-1252 (the commonest Western code page) tied with others; anything
closer is a question for the user (``EncodingUncertain``).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from ...errors import InputRefused
from .languages import languages_for, rarity
from .plausible import Assessment, assess

_TONE_MARK = re.compile("[\u0300\u0301\u0303\u0309\u0323]")
# Single-byte code pages always tried besides the detector's proposals, commonest first.
_COMMON = ("cp1252", "cp1250", "cp1251", "koi8_r", "cp1253", "cp1254", "cp1257", "iso8859_15")
_COHERENCE_MARGIN = 0.1  # a clearly better fit to some language's letter frequencies
PREVIEW_CHARS = 2000


@dataclass(frozen=True)
class Reading:
    encoding: str
    assessment: Assessment
    coherence: float
    order: int
    preview: str

    def plausibility(self) -> tuple:
        a = self.assessment
        return (a.bad, a.languages, a.shouting)

    def key(self) -> tuple:
        # On a tie, the commoner encoding: Windows-1252 first of all.
        return (*self.plausibility(), rarity(self.canonical), -self.coherence, self.order)

    @property
    def canonical(self) -> str:
        return codecs.lookup(self.encoding).name


def _readings(data: bytes, usable) -> list[Reading]:
    from charset_normalizer import from_bytes
    from charset_normalizer.utils import is_multi_byte_encoding

    # Without a BOM (handled before), UTF-16/32 guesses are wrong: short Western texts come back
    # as CJK "UTF-16" otherwise.
    proposed = [(m.encoding, m.coherence) for m in from_bytes(data)
                if m.encoding and not m.encoding.startswith("utf_")]
    coherence = dict(proposed)
    if len(data.translate(None, bytes(range(128)))) < 8:  # bytes that are not ASCII
        # A handful of accented letters cannot make a credible Chinese or Japanese text.
        proposed = [(name, c) for name, c in proposed if not is_multi_byte_encoding(name)]
    names = ["cp1252"] + [name for name, _ in proposed] + list(_COMMON)
    # The same characters under several names are one reading, under the commonest name, that
    # may be in any language one of them is for (Czech "když" is the same in cp1250 and cp1252).
    same: dict[int, list[str]] = {}
    for name in sorted(dict.fromkeys(names), key=lambda n: rarity(codecs.lookup(n).name)):
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        if usable(text) and (name != "cp1258" or _TONE_MARK.search(text)):
            # (Vietnamese in Windows-1258 writes most tones as combining marks.)
            same.setdefault(hash((len(text), text[:65536], text[-4096:])), []).append(name)
    readings = []
    for order, group in enumerate(same.values()):
        text = data.decode(group[0])
        allowed = frozenset().union(*(languages_for(codecs.lookup(n).name) for n in group))
        readings.append(Reading(group[0], assess(text, allowed), max(coherence.get(n, 0.0) for n in group),
                                order, text[:PREVIEW_CHARS]))
    return sorted(readings, key=Reading.key)


def _confident(best: Reading, runner: Reading | None) -> bool:
    a = best.assessment
    if a.bad and a.bad * 5 > a.words:
        return False  # even the likeliest reading looks garbled
    if runner is None:
        return True
    if runner.plausibility() > best.plausibility():
        return True
    if best.coherence >= runner.coherence + _COHERENCE_MARGIN:
        return True
    return rarity(best.canonical) < rarity(runner.canonical)


def guess(data: bytes, source: str | None, usable) -> tuple[str, str]:
    """Decode ``data`` (not UTF-8, no BOM) in its likeliest legacy encoding; returns (text,
    encoding). ``usable(text)`` rejects readings that are not text at all (control characters).
    Raises EncodingUncertain when readings that differ are about equally likely."""
    from .decode import EncodingUncertain

    readings = _readings(data, usable)
    if not readings:
        raise InputRefused("is not text in any encoding we can recognise", source)
    best = readings[0]
    runner = readings[1] if len(readings) > 1 else None
    if not _confident(best, runner):
        raise EncodingUncertain(source, [(r.encoding, r.preview) for r in readings[:4]], data[:65536])
    return data.decode(best.encoding), best.encoding
