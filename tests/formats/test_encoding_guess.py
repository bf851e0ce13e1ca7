"""Guessed encodings: never a silent garble. The text stored at import never changes, so a file
that is not UTF-8 is read in the encoding that makes it real writing, or the user is asked."""

import pytest

from annotator.errors import InputRefused
from annotator.formats.articles.articles import read_article
from annotator.formats.encoding.decode import EncodingUncertain, decode

# Short texts, where a detector's statistics say little; each in the language of its encoding.
LEGACY = [
    ("Café naïve façade", "cp1252"),
    ("L'élève a été reçu à Noël.", "cp1252"),
    ("ação e reação", "cp1252"),
    ("Müller déjà à São Paulo — coração", "cp1252"),
    ("Le café du port a rouvert jeudi après les travaux.", "cp1252"),
    ("« C'est déjà mieux », a déclaré la gérante.", "cp1252"),
    ("Größe: groß", "cp1252"),
    ("El alcalde señaló que la decisión llegará en otoño.", "cp1252"),
    ("O prefeito de São Paulo disse que a decisão não será tomada.", "cp1252"),
    ("la però così", "cp1252"),
    ("Borgmesteren sagde, at broen over åen først åbner efter påske.", "cp1252"),
    ("Zoë Müller met Françoise in São Paulo; she said the plan was naïve.", "cp1252"),
    ("Burmistrz powiedział, że decyzja była przedwczesna.", "cp1250"),
    ("Zażółć gęślą jaźń", "cp1250"),
    ("pieśń o Krakowie", "cp1250"),
    ("Starosta řekl, že most přes řeku zůstane zavřený.", "cp1250"),
    ("A polgármester szerint a híd felújítása őszig tart.", "cp1250"),
    ("Мэр заявил", "cp1251"),
    ("Мэр заявил, что мост будет закрыт до конца месяца.", "koi8-r"),
    ("Ο δήμαρχος δήλωσε ότι η γέφυρα θα παραμείνει κλειστή.", "cp1253"),
    ("Belediye başkanı, köprünün ay sonuna kadar kapalı kalacağını söyledi.", "cp1254"),
    ("Meras sakė, kad tiltas bus uždarytas iki mėnesio pabaigos.", "cp1257"),
]


@pytest.mark.parametrize("text, encoding", LEGACY)
def test_short_legacy_texts_come_out_right(text, encoding):
    decoded, used = decode(text.encode(encoding), "a.txt")
    assert decoded == text
    assert used.replace("_", "-") in (encoding, "koi8-r")


def test_cp1252_is_not_read_as_a_baltic_code_page():
    data = ("Le maire a déclaré que la décision était « prématurée ». " * 5).encode("cp1252")
    text, used = decode(data, "a.txt")
    assert "« prématurée »" in text and "ķ" not in text
    assert used == "cp1252"


def test_text_starting_like_a_program_is_still_text():
    data = "MZ Wallace opened a café on Rue Cler.".encode("cp1252")
    assert decode(data, "a.txt") == ("MZ Wallace opened a café on Rue Cler.", "cp1252")
    assert decode(b"RIFF raff and ID3 tags, OggS too", "b.txt")[0].startswith("RIFF raff")


STRAY = "Zoë Ortiz said the bridge 🌉 is safe; “trust the engineers”, she added.\n"


def test_utf8_with_one_stray_latin1_byte_keeps_every_other_character():
    data = STRAY.encode() + "Le café".encode("latin-1") + b"\n" + STRAY.encode()
    text, used = decode(data, "mixed.txt")
    assert text == STRAY + "Le caf\ufffd\n" + STRAY
    assert used == "utf-8 (1 invalid byte replaced)"


def test_utf8_with_three_stray_bytes_says_how_many():
    data = STRAY.encode() * 3 + "naïve façade é".encode("latin-1")
    text, used = decode(data, "mixed.txt")
    assert text == STRAY * 3 + "na\ufffdve fa\ufffdade \ufffd"
    assert used == "utf-8 (3 invalid bytes replaced)"


def test_a_legacy_file_is_not_taken_for_damaged_utf8():
    # Accented letters in Windows-1252 are bytes that are not UTF-8, and no UTF-8 sequence is
    # there to say the file is UTF-8: it is read as what it is.
    assert decode("Café".encode("cp1252"), "a.txt") == ("Café", "cp1252")
    # More than 3 bad bytes (and 0.1% of the file) is not "a few": no silent replacement.
    many = STRAY.encode() * 3 + "été à Noël".encode("latin-1")
    try:
        assert not decode(many, "a.txt")[1].startswith("utf-8")
    except EncodingUncertain:
        pass


@pytest.mark.parametrize("text, encoding, expected", [
    ("大桥关闭", "gb18030", "gb18030"),
    ("橋を閉鎖", "shift_jis", "cp932"),
])
def test_a_reading_that_cannot_be_told_is_a_question(text, encoding, expected):
    data = text.encode(encoding)
    with pytest.raises(EncodingUncertain) as info:
        decode(data, "short.txt")
    error = info.value
    assert isinstance(error, InputRefused)
    assert str(error).startswith("short.txt: the encoding cannot be told for sure (")
    assert str(error).endswith("?); run again with --encoding NAME")
    previews = dict(error.candidates)
    assert previews[expected] == text
    assert len(previews) > 1 and all(p != text for n, p in previews.items() if n != expected)
    assert error.sample == data
    assert decode(data, "short.txt", forced=expected) == (text, expected)


def test_the_question_names_the_file_when_importing(write):
    path = write("short.txt", "大桥关闭".encode("gb18030"))
    with pytest.raises(EncodingUncertain, match="--encoding NAME") as info:
        read_article(path)
    assert str(info.value).startswith(f"{path}: the encoding cannot be told for sure (")
    assert read_article(path, "gb18030").text == "大桥关闭"


@pytest.mark.parametrize("name", ["rot13", "base64", "hex", "zlib", "uu", "quopri", "bz2",
                                  "idna", "punycode", "unicode_escape", "raw_unicode_escape",
                                  "undefined"])
def test_codecs_that_are_not_text_encodings_are_refused(write, name):
    path = write("a.txt", b"Plain words, nothing else.\n")
    with pytest.raises(InputRefused) as info:
        read_article(path, name)
    assert str(info.value) == (f"{path}: {name!r} is not a text encoding; give one such as "
                               "utf-8, cp1252 or cp1250")


def test_a_page_declaring_a_codec_that_is_no_encoding_is_still_read(write):
    page = ("<html><head><meta charset=\"punycode\"><title>Quai</title></head><body><article>"
            "<p>Le café du quai a rouvert jeudi après les travaux, a dit la gérante.</p>"
            "</article></body></html>").encode("cp1252")
    assert "Le café du quai" in read_article(write("page.html", page)).text


@pytest.mark.parametrize("data, kind", [
    (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "PDF"),
    (b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} Hello}", "RTF"),
    (b"%!PS-Adobe-3.0\n%%Title: report\nshowpage\n", "PostScript"),
    (b"GIF89a" + b"\x01" * 40, "GIF"),
])
def test_binary_formats_in_ascii_are_refused(write, data, kind):
    path = write("report.txt", data)
    with pytest.raises(InputRefused, match=f"is a binary file \\({kind}") as info:
        read_article(path)
    assert str(info.value).startswith(str(path))
    with pytest.raises(InputRefused, match=kind):  # even in the encoding the user names
        decode(data, "report.txt", forced="ascii")
