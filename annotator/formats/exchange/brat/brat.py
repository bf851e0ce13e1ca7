"""The registry's ``brat`` format (brat standoff, issue 11): a folder of ``.txt``/``.ann`` pairs.

Per article ``NNN-<title>.txt`` (the canonical text, UTF-8) and ``NNN-<title>.ann`` (the title
cut at 60 characters or 120 UTF-8 bytes, never inside a character); beside them
``annotation.conf`` (the tags as entities, the link types as relations, the attributes) and
``visual.conf`` (the tags' colours). Offsets are code points, as brat's are.

In the ``.ann`` (one line each, TAB-separated):
- ``T1<TAB>quote 10 42<TAB>text``: a span; a span across lines is written as fragments split at
  the line breaks (``10 20;21 42``, the text column joining them with one space), because brat
  shows no fragment with a line break inside; read back, fragments separated by white space only
  become one span again, exactly;
- ``R1<TAB>same Arg1:T1 Arg2:T2``: a link (both ends in this article: a link across articles
  cannot be held and is counted as lost before writing);
- ``A1<TAB>quote_form T1 direct``, ``A2<TAB>anonymous T1``: attributes (a value true is a brat
  binary attribute, a string without spaces a valued one; others are counted as lost);
- ``#1<TAB>AnnotatorNotes T1<TAB>note`` (on spans and links), ``#2<TAB>Actor T1<TAB>Ilse Varga``
  (the span's actor, by name), ``#3<TAB>annotator T1<TAB>{"id": …}`` (the annotation's id, who
  made it and when, and a checksum of what was written: a span edited in brat is seen as edited
  on import, one left alone merges as unchanged; the same for links; a span's also its actor's
  id, so that actors whose names are alike but for case or accents' form stay two).

``annotation.conf`` begins with ``# Written by annotator`` and comment lines that give back what
brat's type names cannot hold: ``# annotator tag: minus_tag = -minus tag`` (a tag or link type
whose name has spaces or other characters brat does not allow in a type), ``# annotator tag
description: quote = …`` (and ``link type description``), and ``# annotator article: 001-Title =
{json}`` (each article's id, title, source, URL, author, date). brat ignores
comments; another tool's folder simply has none, and then its titles come from the file names.

Import (a folder, or one ``.ann`` beside its ``.txt``): every ``T`` span is checked against the
``.txt`` and against the text column; when they disagree the span is moved to where its text is,
if that is unambiguous, else refused (Bundle.refused, naming the file and line). ``E``, ``M``,
``N`` and ``*`` lines, and notes and attributes on events or relations, are not kept: counted in
Bundle.said. A discontinuous span whose gaps hold more than white space becomes one span per
fragment (said).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ....domain.bundle import Bundle
    from ....domain.loss import LossReport

MARKER = "# Written by annotator"
NOTE = "AnnotatorNotes"
ACTOR = "Actor"
RECORD = "annotator"  # the '#' note type holding an annotation's or link's id, author, times
CONF = "annotation.conf"
VISUAL = "visual.conf"
MAP_TAG = "# annotator tag: "
MAP_LINK_TYPE = "# annotator link type: "
MAP_ARTICLE = "# annotator article: "
ABOUT_TAG = "# annotator tag description: "
ABOUT_LINK_TYPE = "# annotator link type description: "

def brat_type(name: str) -> str:
    """A tag or link type's name as a brat type: characters brat does not allow in a type
    (white space, ':', '|', '<', '!' …) become '_' (the name comes back through the map)."""
    cleaned = re.sub(r"[^\w.-]", "_", name)
    return cleaned if cleaned and cleaned[0] not in "!<" else "_" + cleaned


def holds_attribute(key: str, value: object) -> bool:
    """Whether brat holds this attribute of a span: a binary one (true), or one whose value is a
    word without spaces or '|', under a key that is a brat type (brat_write writes these)."""
    return brat_type(key) == key and (value is True or (
        isinstance(value, str) and bool(value) and value.split() == [value] and "|" not in value))


def detect(path: Path, head: bytes) -> bool:
    """A folder holding at least one ``.ann`` beside a ``.txt`` of the same name, or such an
    ``.ann`` file."""
    path = Path(path)
    if path.is_dir():
        return any(p.with_suffix(".txt").is_file() for p in path.glob("*.ann"))
    return path.suffix.lower() == ".ann" and path.with_suffix(".txt").is_file()


def read(path: Path, *, now: str) -> Bundle:
    from .brat_read import read_brat

    return read_brat(Path(path), now)


def write(source, target, *, before=None, **options) -> LossReport:
    from .brat_write import write_brat

    return write_brat(source.bundle(), target, before=before)
