"""What languages look like, for telling legacy encodings apart: the accented letters of each
language written in the Latin script, the languages each code page was made for, and a few
common short words of each (plain ASCII, so they read the same in every code page)."""

from __future__ import annotations

ALPHABETS = {
    "fr": "àâæçéèêëîïôœùûüÿ", "de": "äöüß", "es": "áéíñóúü", "pt": "àáâãçéêíóôõú",
    "it": "àèéìíîòóùú", "ca": "àçèéíïòóúü", "nl": "áéèëïóöü", "da": "æøåé", "sv": "åäöé",
    "fi": "äöåšž", "is": "áðéíóúýþæö", "et": "äõöüšž", "ga": "áéíóú", "sq": "çë", "en": "",
    "pl": "ąćęłńóśźż", "cs": "áčďéěíňóřšťúůýž", "sk": "áäčďéíĺľňóôŕšťúýž",
    "hu": "áéíóöőúüű", "ro": "ăâîșțşţ", "hr": "čćđšž", "tr": "çğıöşüâîû",
    "lt": "ąčęėįšųūž", "lv": "āčēģīķļņšūž", "mt": "ċġħżàèìòù", "vi": "àáâãèéêìíòóôõùúýăđơư",
}

LANGS_OF: dict[str, frozenset[str]] = {"İ": frozenset({"tr"})}
for _lang, _letters in ALPHABETS.items():
    for _c in _letters + _letters.upper():
        if len(_c) == 1:
            LANGS_OF[_c] = LANGS_OF.get(_c, frozenset()) | {_lang}

# Letters that only some languages written in Cyrillic use.
_CYRILLIC = {"ru": "ыэъё", "uk": "єїіґ", "be": "ўіыэё", "bg": "ъ", "sr": "ђћџљњј",
             "mk": "ѓќѕџљњј"}
CYRILLIC_LANGUAGES = frozenset(_CYRILLIC)
for _lang, _letters in _CYRILLIC.items():
    for _c in _letters + _letters.upper():
        LANGS_OF[_c] = LANGS_OF.get(_c, frozenset()) | {_lang}

_WESTERN = "en fr de es pt it ca nl da sv fi is et ga sq"
_MADE_FOR = {name: frozenset(langs.split()) for names, langs in (
    ("cp1252 iso8859-1 mac-roman cp850 cp858 hp-roman8", _WESTERN.replace(" et", "")),
    ("iso8859-15", _WESTERN),
    ("cp1250 iso8859-2 mac-latin2 cp852", "pl cs sk hu ro hr sq de"),
    ("cp1257 iso8859-13 iso8859-4 cp775", "lt lv et"),
    ("cp1254 iso8859-9 cp857 mac-turkish", "tr " + _WESTERN.replace(" is", "")),
    ("iso8859-10 mac-iceland cp861", "is da sv fi et lt lv"),
    ("iso8859-16", "ro pl hu hr de fr it sq"), ("iso8859-3", "mt tr de fr it"),
    ("cp1258", "vi"),
) for name in names.split()}
ANY_LANGUAGE = frozenset(ALPHABETS) - {"vi"}


def languages_for(encoding: str) -> frozenset[str]:
    """The languages a reading in ``encoding`` (a codec's canonical name) may be in."""
    return _MADE_FOR.get(encoding, ANY_LANGUAGE)


# Short words that occur in almost every sentence of their language.
_COMMON_WORDS = {
    "en": "the and of was said that with from has have were this his her they she for are but "
          "which will would been their who its after about",
    "fr": "le les des est une pour dans qui sur pas avec sont mais il elle nous",
    "de": "der die das und ist nicht mit sich auf dem ein eine auch wird",
    "es": "el los las del una por con para pero como sus fue muy",
    "pt": "os das dos uma para com por mas como seu sua foi muito",
    "it": "il che della con non del una sono gli nel alla",
    "nl": "het een van niet dat zijn voor ook werd",
    "da": "og det til er som af med ikke", "sv": "och att det som med inte var",
    "pl": "nie jest na od przez jak ale tak",
    "cs": "je se na byl pro ale jak jsou bylo jako",
    "sk": "je sa na bol pre ale ako", "hu": "az egy nem hogy meg van volt csak",
    "tr": "ve bir bu ile ama gibi daha olan",
    "lt": "ir kad bus iki yra buvo tai", "lv": "ir ka uz tas",
    "ro": "cu pe din care sunt pentru", "hr": "je se na od za ali",
}
WORD_LANGS: dict[str, frozenset[str]] = {}
for _lang, _words in _COMMON_WORDS.items():
    for _w in _words.split():
        WORD_LANGS[_w] = WORD_LANGS.get(_w, frozenset()) | {_lang}


# How common each encoding is for files today: Windows-1252 first, then the other Windows and
# ISO code pages, KOI8 and the national CJK encodings; DOS, Mac and others last.
_COMMON_TODAY = frozenset((
    "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "koi8-r", "koi8-u",
    "iso8859-1", "iso8859-2", "iso8859-5", "iso8859-7", "iso8859-9", "iso8859-13", "iso8859-15",
    "gb18030", "gbk", "gb2312", "big5", "cp932", "shift_jis", "euc_jp", "cp949", "euc_kr",
    "cp874", "tis-620"))


def rarity(encoding: str) -> int:
    """0 for Windows-1252, 1 for the other common encodings, 2 for the rest."""
    return 0 if encoding == "cp1252" else 1 if encoding in _COMMON_TODAY else 2
