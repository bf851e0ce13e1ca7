import unicodedata

import pytest
from hypothesis import given
from tricky_text import raw_text

from annotator.domain.text import canonicalize, check_storable, text_sha256
from annotator.errors import InputRefused


@pytest.mark.parametrize("raw, expected", [
    ("\ufeffhello", "hello"),
    ("a\r\nb\rc\nd", "a\nb\nc\nd"),
    ("e\u0301", "\u00e9"),                      # NFC composes
    ("  spaced  \t\n\n", "  spaced  \t\n\n"),   # no trimming, no collapsing
    ("\u00a0nbsp\u2028ls\u2029ps", "\u00a0nbsp\u2028ls\u2029ps"),
    ("x\ufeffy", "x\ufeffy"),                   # only a leading BOM goes
    ("\r\r\n", "\n\n"),
])
def test_canonicalize(raw, expected):
    assert canonicalize(raw) == expected


def test_canonicalize_matches_the_contract_expression():
    raw = "\ufeffCaf\u0065\u0301\r\n\r👩‍👩‍👧 🇫🇷\r\n"
    contract = unicodedata.normalize(
        "NFC", raw.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))
    assert canonicalize(raw) == contract


@given(raw_text)
def test_canonicalize_is_idempotent(raw):
    once = canonicalize(raw)
    assert "\r" not in once and unicodedata.is_normalized("NFC", once)
    if once.startswith("\ufeff"):
        # The contract removes one leading BOM, so a file that began with two keeps the second:
        # the only input on which a second pass changes anything, by exactly that character.
        assert canonicalize(once) == once[1:]
    else:
        assert canonicalize(once) == once


@pytest.mark.parametrize("text, reason", [
    ("a\x00b", "NUL"),
    ("a\ud800b", "lone surrogate"),
    ("", "no text"),
    (" \n\t\u3000 ", "no text"),
    ("\u200b\n", "no text"),  # (zero-width space, joiners, word joiner: nothing shown either)
    (" \u200b \u2060\u200d \n", "no text"),
])
def test_check_storable_refuses(text, reason):
    with pytest.raises(InputRefused, match=reason):
        check_storable(text, "f.txt")


def test_a_text_with_an_invisible_character_and_words_is_kept():
    check_storable("\u200bHarbour news", "f.txt")


def test_sha256_is_of_utf8():
    import hashlib

    assert text_sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert text_sha256("é") == hashlib.sha256(b"\xc3\xa9").hexdigest()
