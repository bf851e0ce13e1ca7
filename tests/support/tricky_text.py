"""Hypothesis strategies for the texts that break other annotation tools' offsets."""

from hypothesis import strategies as st

PIECES = [
    "\r\n", "\r", "\n", "\ufeff", " ", "\t", "\u00a0", "\u2028", "\u2029",
    "e\u0301", "n\u0303", "\u0915\u094d\u0937",          # combining marks, Devanagari conjunct
    "👩‍👩‍👧", "👍🏽", "🇫🇷", "🇯🇵", "🏳️‍🌈", "😀", "𝔘𝔫𝔦",  # ZWJ, skin tone, flags, astral
    "中文字符", "日本語のテキスト", "한국어",                # CJK
    "שלום עולם", "مرحبا بالعالم",                       # right-to-left
    "Quote: “said” — ok", "Straße", "Ωμέγα",
]

chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
raw_text = st.lists(st.sampled_from(PIECES) | st.text(chars, max_size=5), max_size=30).map("".join)
