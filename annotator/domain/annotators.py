"""Who annotates: the one rule for a name given with --as, ANNOTATOR_NAME or the window's
File › Annotate as…"""

from __future__ import annotations

import unicodedata

MAX_NAME = 100
GOLD = "gold"  # the adjudicated layer's pseudo-annotator; nobody annotates as it


def clean_annotator_name(value: str) -> tuple[str | None, str | None]:
    """(the name with runs of spaces made one, None) or (None, what is wrong with it: 'is
    empty', 'is only spaces', …), to be said after the name's source."""
    name = " ".join(unicodedata.normalize("NFC", value).split())
    if not name:
        return None, "is empty" if not value else "is only spaces"
    if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in value) or not name.isprintable():
        return None, "has control characters or line breaks"
    if len(name) > MAX_NAME:
        return None, f"is longer than {MAX_NAME} characters"
    if name.casefold() == GOLD:
        return None, ("is the name of the adjudicated gold layer, which only adjudication "
                      "writes ('annotator adjudicate', View › Adjudicate…)")
    return name, None
