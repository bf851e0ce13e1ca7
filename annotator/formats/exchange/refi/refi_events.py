"""project.qde parsed fast (issue 11): the selections of a large project as lists of their
attributes, the rest of the file as the tree the reader reads (refi_read).

Building lxml's tree of 100,000 selections, freeing it and asking each element for its attributes
costs twice what libxml2 takes to parse. So the file is parsed once with a parser target that
only records what it is told (each start's tag and attributes, each end, each text; of a
selection, a coding and a code ref only its kind and the values of the attributes the reader
reads, ``READ``, so that the rest is let go of at once), and:
- a run of "plain" selections (a PlainTextSelection holding one Coding holding one CodeRef, and
  nothing else but white space or text, which the reader never reads) directly in a TextSource
  of the Project's Sources is kept as the values of those attributes (selection, coding, code
  ref), in file order, never made into elements;
- everything else is replayed into an lxml TreeBuilder: the same tree the parser would have
  made, without those selections, which the reader reads as before.
``parse_fast`` gives None, and the reader parses the careful way (refi_read.parse, which says
why a file is refused), for anything that is not a plain well-formed Project: a parse error, an
error the parser only logs (a namespace error), a DTD, an ``xml:id`` (the tree builder refuses a
repeated one; the target is not told), or a text that does not start as ASCII does (UTF-16:
``xml:id`` could not be looked for in its bytes).

One more difference: told of an attribute, a parser target gets each "&" written ``&amp;`` (or
as a character reference) as ``&#38;`` (libxml2 leaves it for the tree builder to decode), so
those are decoded here, as the tree builder does (``escaped``). What this libxml2 does is
checked once (``_ampersands``): if it is neither, the careful way parses every file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import repeat

from lxml import etree

from .refi import NS

_Q = "{" + NS + "}"
PROJECT, SOURCES, TEXT_SOURCE = _Q + "Project", _Q + "Sources", _Q + "TextSource"
SELECTION, CODING, CODE_REF = _Q + "PlainTextSelection", _Q + "Coding", _Q + "CodeRef"
_SOURCE_PATH = [PROJECT, SOURCES, TEXT_SOURCE]
# The attributes the reader reads of these (refi_rows.Selections.one), in the order kept
READ = {SELECTION: ("guid", "startPosition", "endPosition", "name", "creatingUser",
                    "creationDateTime", "modifiedDateTime"),
        CODING: ("guid", "creatingUser"), CODE_REF: ("targetGUID",)}
# How the start of a READ element is marked (no tag holds "<")
_STARTS = {SELECTION: "<s", CODING: "<c", CODE_REF: "<r"}
# One character per event: the start of a selection, coding or code ref, or of anything else; a
# text; the end of a selection, coding or code ref, or of anything else. A plain selection is
# "SCRrcs" with texts anywhere between.
_CHAR = {"<s": "S", "<c": "C", "<r": "R", None: "<", False: "t", SELECTION: "s", CODING: "c",
         CODE_REF: "r"}
_RUNS = re.compile(r"(?:St*Ct*Rt*rt*ct*st*)+")
_ASCII_START = re.compile(rb"(?:\xef\xbb\xbf)?[ \t\r\n]*<")
# What an "&" in an attribute can be written as
_AMPERSAND = re.compile(rb"&(?:amp;|#0*38;|#x0*26;)")
_XML_ID = re.compile(rb"xml:id")  # (a regular expression finds it in half the time ``in`` does)
_ESCAPED = "&#38;"


def parser_options() -> dict:
    """What the reader's parser is told (both ways): no entities, network or DTD; text nodes
    over 10 MB allowed (a long article inline); comments and processing instructions left out."""
    return {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": True,
            "remove_comments": True, "remove_pis": True}


@dataclass
class Run:
    """Plain selections in file order: the values of the READ attributes of each (None where
    it has none), of its coding and of its code ref, as columns in READ's order (with
    ``escaped``, an "&" in them may still be written ``&#38;``: ``unescaped``)."""
    selections: list[list]
    codings: list[list]
    refs: list[list]
    escaped: bool = False


_MARKED = {mark: tag for tag, mark in _STARTS.items()}


def unescaped(values: list) -> list:
    """Attribute values as the tree builder gives them: each ``&#38;`` an "&"."""
    if _ESCAPED not in "".join(filter(None, values)):
        return values
    return [v.replace(_ESCAPED, "&") if v else v for v in values]


@dataclass
class Parsed:
    root: etree._Element
    # Each TextSource of the Project's Sources -> its selections in file order: Runs, and the
    # elements of those that are not plain
    selections: dict[etree._Element, list[Run | etree._Element]]


class _Recorder:
    """The parser target: ``marks`` has one entry per event (a start: None, or _STARTS[tag] for
    a READ element; False: a text; a tag: the end of that element); ``tags``, ``attributes`` and
    ``texts`` what the starts marked None and the texts said. The values of a READ element's
    attributes go one after the other into ``values[tag]`` (no object per element)."""

    def __init__(self) -> None:
        marks: list = []
        tags: list[str] = []
        attributes: list = []
        texts: list[str] = []
        self.marks, self.tags, self.attributes, self.texts = marks, tags, attributes, texts
        self.values: dict[str, list] = {tag: [] for tag in READ}
        selections, codings, refs = (self.values[tag] for tag in (SELECTION, CODING, CODE_REF))
        self.doctype_seen = False
        self.end = marks.append  # (called with the tag: a call into C, no Python frame)

        # (functions, not methods, with the appends bound once: called for every element)
        # A READ element's values are taken one call each, in READ's order (cheaper than map).
        def start(tag, told, *, mark=marks.append, tag_=tags.append,
                  attribute=attributes.append, kind_of=_STARTS.get):
            kind = kind_of(tag)
            mark(kind)
            if kind is None:
                tag_(tag)
                attribute(told)
            elif kind == "<s":
                get = told.get
                selections.extend((get("guid"), get("startPosition"), get("endPosition"),
                                   get("name"), get("creatingUser"), get("creationDateTime"),
                                   get("modifiedDateTime")))
            elif kind == "<c":
                get = told.get
                codings.extend((get("guid"), get("creatingUser")))
            else:
                refs.append(told.get("targetGUID"))

        def data(text, *, mark=marks.append, text_=texts.append):
            mark(False)
            text_(text)

        self.start, self.data = start, data

    def doctype(self, *_declared) -> None:
        self.doctype_seen = True

    def close(self) -> _Recorder:
        return self


def parse_fast(data: bytes) -> Parsed | None:
    """The project's tree and its plain selections; None when the careful way must parse."""
    ampersands = _ampersands()
    if ampersands is None or not _ASCII_START.match(data) or _XML_ID.search(data):
        return None
    recorder = _Recorder()
    parser = etree.XMLParser(target=recorder, **parser_options())
    try:
        etree.fromstring(data, parser)
    except etree.LxmlError:
        return None
    if recorder.doctype_seen or recorder.marks[:1] != [None] or recorder.tags[0] != PROJECT or \
            any(error.level >= etree.ErrorLevels.ERROR for error in parser.error_log):
        return None
    return _Replay(recorder, ampersands and _AMPERSAND.search(data) is not None).run()


@cache
def _ampersands() -> bool | None:
    """Whether a parser target is told of an "&" in an attribute as ``&#38;`` (True) or as "&"
    (False), as this libxml2 does; None when neither gives what the tree gives."""
    probe = b'<p a="&amp;|&#38;|&#x26;|&#038;|&amp;#38;|&lt;&#10;"/>'
    recorder = _Recorder()
    etree.fromstring(probe, etree.XMLParser(target=recorder, **parser_options()))
    told, tree = recorder.attributes[0]["a"], etree.fromstring(probe).get("a")
    return False if told == tree else True if told.replace(_ESCAPED, "&") == tree else None


class _Replay:
    """The recorded events into a TreeBuilder, but for the runs of plain selections in a
    TextSource of the Project's Sources, which become Runs."""

    def __init__(self, recorder: _Recorder, escaped: bool):
        self.recorder, self.escaped = recorder, escaped
        self.builder = etree.TreeBuilder()
        self.path: list[str] = []  # the tags of the open elements
        self.starts = self.texts = self.done = 0  # (how many of each are replayed or taken)
        self.taken = dict.fromkeys(READ, 0)  # (and of READ elements)
        self.selections: dict[etree._Element, list] = {}
        self.current: list = []  # the open TextSource's selections

    def run(self) -> Parsed:
        marks = self.recorder.marks
        shape = "".join(map(_CHAR.get, marks, repeat("x")))
        for match in _RUNS.finditer(shape):
            begin, end = match.span()
            self.replay(marks, begin)
            if self.path != _SOURCE_PATH:
                continue  # (not where the reader looks for selections: replayed as it is)
            n = shape.count("S", begin, end)
            # (a run's selections, codings and code refs are one after the other in values)
            selections, codings, refs = (self.take(tag, n) for tag in (SELECTION, CODING,
                                                                      CODE_REF))
            self.current.append(Run(selections, codings, refs, self.escaped))
            self.texts += shape.count("t", begin, end)
            self.done = end
        self.replay(marks, len(marks))
        recorder = self.recorder
        assert self.starts == len(recorder.tags) and self.texts == len(recorder.texts)
        # (lxml's parser and its target are in a reference cycle, left to the collector: what
        # was recorded goes now, but for the runs' attributes, which the reader lets go of)
        for recorded in (recorder.marks, recorder.tags, recorder.attributes, recorder.texts,
                         *recorder.values.values()):
            recorded.clear()
        return Parsed(self.builder.close(), self.selections)

    def take(self, tag: str, n: int) -> list[list]:
        """The next n ``tag`` elements' values, as one column per attribute."""
        values, width, at = self.recorder.values[tag], len(READ[tag]), self.taken[tag]
        self.taken[tag] += n
        return [values[at * width + k:(at + n) * width:width] for k in range(width)]

    def replay(self, marks: list, until: int) -> None:
        builder, path = self.builder, self.path
        tags, attributes, texts = self.recorder.tags, self.recorder.attributes, self.recorder.texts
        for mark in marks[self.done:until]:
            if mark is None or mark in _MARKED:
                if mark is None:
                    tag, told = tags[self.starts], attributes[self.starts]
                    self.starts += 1
                else:  # (the attributes it has of those read)
                    tag = _MARKED[mark]
                    told = {k: v[0] for k, v in zip(READ[tag], self.take(tag, 1), strict=True)
                            if v[0] is not None}
                if self.escaped and _ESCAPED in "".join(told.values()):
                    told = dict(zip(told, unescaped(list(told.values())), strict=True))
                element = builder.start(tag, told)
                path.append(tag)
                if len(path) == 3 and path == _SOURCE_PATH:
                    self.current = self.selections[element] = []
                elif tag == SELECTION and len(path) == 4 and path[:3] == _SOURCE_PATH:
                    self.current.append(element)
            elif mark is False:
                builder.data(texts[self.texts])
                self.texts += 1
            else:
                builder.end(mark)
                path.pop()
        self.done = max(self.done, until)
