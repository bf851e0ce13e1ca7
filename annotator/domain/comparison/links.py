"""Links between annotations and the attributes of an annotation (DESIGN.md section 9)."""

from __future__ import annotations

import math

from ...errors import InputRefused
from ..model import LinkType

SPEAKER = "speaker"
SAME = "same"
CONTRADICTS = "contradicts"
DEFAULT_LINK_TYPES = (
    LinkType(SPEAKER, True, "the quote is said by this actor"),
    LinkType(SAME, False, "both spans state the same thing"),
    LinkType(CONTRADICTS, False, "the spans cannot both be true"),
    LinkType("elaborates", True, "adds detail to the other span"),
)
QUOTE_FORMS = ("direct", "indirect", "paraphrase")
# Spans of this tag mark a region that is not part of the article (navigation, captions,
# reader comments): dimmed, left out of comparison counts and of "tag every mention".
NOT_ARTICLE = "not-article"
NOT_ARTICLE_COLOR = "#9e9e9e"
MAX_ATTRIBUTES = 50
MAX_EXACT_INT = 2 ** 53


def oriented(directed: bool, from_id: str, to_id: str) -> tuple[str, str]:
    """An undirected link is always stored one way: the smaller id first."""
    if from_id == to_id:
        raise InputRefused("a link joins two different annotations, not one with itself")
    if not directed and to_id < from_id:
        return to_id, from_id
    return from_id, to_id


def check_attributes(attributes: object, where: str = "the annotation") -> dict:
    """An attributes object: string keys; values strings, numbers, booleans or null; the known
    keys with their known values. Returns it with keys sorted."""
    if not isinstance(attributes, dict):
        raise InputRefused(f"{where}: 'attributes' should be an object")
    if len(attributes) > MAX_ATTRIBUTES:
        raise InputRefused(f"{where}: more than {MAX_ATTRIBUTES} attributes")
    for key, value in attributes.items():
        if not isinstance(key, str) or not key or len(key) > 100:
            raise InputRefused(f"{where}: an attribute name must be 1 to 100 characters")
        if value is not None and not isinstance(value, (str, int, float, bool)):
            raise InputRefused(f"{where}: attribute {key!r} should be a string, number, "
                               "true/false or null")
        if isinstance(value, float) and not math.isfinite(value):
            raise InputRefused(f"{where}: attribute {key!r} is not a finite number")
        if type(value) is int and abs(value) > MAX_EXACT_INT:  # JSON readers lose exactness
            raise InputRefused(f"{where}: attribute {key!r} is a whole number beyond ±2^53")
        if isinstance(value, str) and len(value) > 10_000:
            raise InputRefused(f"{where}: attribute {key!r} is longer than 10,000 characters")
    form = attributes.get("quote_form")
    if form is not None and form not in QUOTE_FORMS:
        raise InputRefused(f"{where}: 'quote_form' is one of {', '.join(QUOTE_FORMS)}, "
                           f"not {form!r}")
    anonymous = attributes.get("anonymous")
    if anonymous is not None and not isinstance(anonymous, bool):
        raise InputRefused(f"{where}: 'anonymous' should be true or false")
    return dict(sorted(attributes.items()))
