import pytest

from annotator.domain.text import canonicalize
from annotator.errors import InputRefused
from annotator.formats.encoding.decode import decode, read_capped

# Long enough for a detector to be sure; each written in the language the encoding is for.
FRENCH = ("Le maire a déclaré que la décision était « prématurée » et qu'il fallait d'abord "
          "écouter les habitants. Les élus de l'opposition ont répondu que les études étaient "
          "déjà terminées depuis des mois, et que le coût des retards serait élevé. ") * 3
CHINESE = ("市政府周一表示，大桥将在检查结束前关闭。交通部门称，附近道路在早高峰期间出现严重拥堵。"
           "一位居民说：“我们每天都要绕很远的路。”官员表示将在一周内公布调查结果。") * 3
POLISH = ("Burmistrz powiedział, że decyzja była przedwczesna i że najpierw należy wysłuchać "
          "mieszkańców. Radni opozycji odpowiedzieli, że badania zakończono już kilka miesięcy "
          "temu, a koszty opóźnień będą wysokie. Mieszkańcy ulicy Źródlanej skarżą się na hałas "
          "i korki. „Nikt nas nie pytał o zdanie” – mówi pani Jadwiga Żółkiewska. Według urzędu "
          "miasta prace potrwają do jesieni, a objazd przez śródmieście ma być tymczasowy. ") * 2
RUSSIAN = ("Мэр заявил, что решение было преждевременным и что сначала нужно выслушать жителей. "
           "Депутаты оппозиции ответили, что исследования были завершены давно. ") * 3
JAPANESE = ("市当局は月曜日、点検が終わるまで橋を閉鎖すると発表した。交通局によると、朝の通勤時間帯には"
            "周辺の道路で大きな渋滞が発生した。ある住民は「毎日遠回りしなければならない」と話した。") * 3


@pytest.mark.parametrize("text, encoding", [
    (FRENCH, "cp1252"), (CHINESE, "gb18030"), (JAPANESE, "shift_jis"), (FRENCH, "utf-16"),
    (POLISH, "cp1250"), (RUSSIAN, "cp1251"), (RUSSIAN, "koi8-r"),
])
def test_legacy_encodings_are_detected(text, encoding):
    decoded, detected = decode(text.encode(encoding), "f.txt")
    assert canonicalize(decoded) == text  # a UTF-16 BOM is kept for canonicalisation to drop
    assert detected


def test_utf8_is_tried_first_and_bom_kept_for_canonicalisation():
    # The BOM stays in the decoded text: the contract's formula removes exactly one.
    assert decode("\ufeffé".encode("utf-8"), "f.txt") == ("\ufeffé", "utf-8")
    assert decode("\ufeff\ufeffé".encode("utf-8"), "f.txt") == ("\ufeff\ufeffé", "utf-8")
    assert decode("é".encode("utf-16"), "f.txt")[0] == "\ufeffé"
    assert decode("naïve".encode(), "f.txt") == ("naïve", "utf-8")
    # UTF-8 text is text even when it starts like a binary format's magic number.
    assert decode(b"MZ Wallace opened a store.\n", "f.txt")[0].startswith("MZ Wallace")


@pytest.mark.parametrize("word", ["Café", "Résumé", "Straße", "São Paulo"])
def test_short_western_text_is_not_taken_for_cjk_or_utf16(word):
    assert decode(word.encode("cp1252"), "f.txt") == (word, "cp1252")


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
    b"%PDF-1.7\n" + bytes(range(256)),
    b"PK\x03\x04" + b"\x00" * 100,
    bytes(range(256)) * 20,
])
def test_binary_is_refused(data):
    with pytest.raises(InputRefused, match=r"binary|not text"):
        decode(data, "image.txt")


@pytest.mark.parametrize("data", [b"", b"   \n\t  "])
def test_empty_is_refused(data):
    with pytest.raises(InputRefused, match="empty"):
        decode(data, "empty.txt")


def test_size_cap_refuses_without_reading_everything(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    with pytest.raises(InputRefused, match="larger than the 20 MB limit") as info:
        read_capped(big)
    assert str(big) in str(info.value)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(InputRefused, match="does not exist"):
        read_capped(tmp_path / "nope.txt")


def test_forced_encoding_overrides_detection():
    data = "Zażółć gęślą jaźń.".encode("iso8859-2")
    assert decode(data, "pl.txt", forced="iso8859-2") == ("Zażółć gęślą jaźń.", "iso8859-2")
    with pytest.raises(InputRefused, match="is not valid utf-8 text"):
        decode(data, "pl.txt", forced="utf-8")
    with pytest.raises(InputRefused, match="unknown encoding"):
        decode(data, "pl.txt", forced="klingon-8")


def test_utf16_without_a_bom_is_named_and_read_when_its_encoding_is_given(tmp_path):
    from annotator.formats.articles.articles import read_article

    path = tmp_path / "wide.txt"
    path.write_bytes("Hello there, a text.\n".encode("utf-16-le"))
    with pytest.raises(InputRefused, match="looks like text in UTF-16 without a byte-order mark: "
                                           r"save it as UTF-8 \(or, for an article, run again "
                                           r"with --encoding utf-16-le\)"):
        read_article(path)
    assert read_article(path, "utf-16-le").text == "Hello there, a text.\n"
    path.write_bytes(b"\x00\x01\x02binary\x00\xff" * 20)
    with pytest.raises(InputRefused, match="is a binary file, not text"):
        read_article(path)
