"""Writing the ``brat`` format (layout and conventions: formats/exchange/brat/brat)."""

from __future__ import annotations

import hashlib
import json
import re
from json.encoder import encode_basestring as _string  # (a JSON string, as json.dumps writes it)
from pathlib import Path

from ..shared.foreign_write import no_gc
from ....domain.bundle import AnnotationIn, Bundle
from ....domain.loss import LossReport
from ....errors import AnnotatorError
from .brat import (ABOUT_LINK_TYPE, ABOUT_TAG, ACTOR, CONF, MAP_ARTICLE, MAP_LINK_TYPE, MAP_TAG,
                   MARKER, NOTE, RECORD, VISUAL, brat_type, holds_attribute)

_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_UNSAFE_NAME = re.compile(r"[^\w-]+")
_ONE_LINE = str.maketrans({"\n": " ", "\r": " ", "\t": " "})
_TITLE_BYTES = 120  # (of a file name's title: with 'NNN-', '.ann' and the temporary file's
# '.' … '.<host>-<pid>-<random>.tmp' around it, well under the 255 bytes a file name may hold)


def checksum(*parts) -> str:
    """What was written of a span or link, in 16 hex digits: read back equal, it was not edited
    in brat."""
    data = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def span_sum(tag: str, start: int, end: int, note: str, actor: str, written: dict) -> str:
    """checksum("span", tag, start, end, note, actor, written), the JSON put together here (a
    third of the time json.dumps takes); the same characters."""
    try:
        if written or type(start) is not int or type(end) is not int:
            raise TypeError
        data = f'["span",{_string(tag)},{start},{end},{_string(note)},{_string(actor)},{{}}]'
    except TypeError:  # (what only json.dumps writes: not a str, attributes)
        return checksum("span", tag, start, end, note, actor, written)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def _types(names: list[str], taken: set[str]) -> dict[str, str]:
    """Each name's brat type, unique (a clash gets _2, _3 …)."""
    found: dict[str, str] = {}
    for name in names:
        base = candidate = brat_type(name)
        n = 1
        while candidate in taken:
            n += 1
            candidate = f"{base}_{n}"
        taken.add(candidate)
        found[name] = candidate
    return found


def file_names(bundle: Bundle) -> list[str]:
    width = max(3, len(str(len(bundle.articles))))
    names = []
    for i, article in enumerate(bundle.articles, start=1):
        title = _UNSAFE_NAME.sub("-", article.title).strip("-_")[:60]
        title = title.encode("utf-8")[:_TITLE_BYTES].decode("utf-8", "ignore").rstrip("-_")
        # (cut by bytes, never inside a character: 'ignore' drops a cut one's first bytes)
        names.append(f"{i:0{width}d}-{title}" if title else f"{i:0{width}d}")
    return names


def _fragments(a: AnnotationIn) -> list[tuple[int, int]]:
    """The span cut at its line breaks (brat shows no fragment with one inside)."""
    found, at = [], a.start
    for piece in a.text.split("\n"):
        if piece:
            found.append((at, at + len(piece)))
        at += len(piece) + 1
    return found


def _line_breaks_only(a: AnnotationIn) -> bool:
    """Whether the span is line breaks alone (no fragment: not written)."""
    return "\n" in a.text and not a.text.strip("\n")


def _attribute_kinds(bundle: Bundle) -> dict[str, set[str] | None]:
    """Each attribute brat can hold: None for a binary one, else its values."""
    kinds: dict[str, set[str] | None] = {}
    for article in bundle.articles:
        for a in article.annotations:
            for key, value in (a.attributes or {}).items():
                if not holds_attribute(key, value):
                    continue
                if value is True:
                    kinds.setdefault(key, None)
                else:
                    kinds[key] = (kinds.get(key) or set()) | {value}
    return kinds


class _Plan:
    """Every file's bytes and what is lost, computed before anything is written."""

    def __init__(self, bundle: Bundle):
        self.report = LossReport("brat")
        self.files: dict[str, bytes] = {}
        tag_names = list(dict.fromkeys([t.name for t in bundle.tags] + [
            a.tag for art in bundle.articles for a in art.annotations]))
        taken: set[str] = set()
        self.tags = _types(tag_names, taken)
        self.link_types = _types([t.name for t in bundle.link_types], taken)
        self.attributes = _attribute_kinds(bundle)
        self.actors = {a.id: a for a in bundle.actors}
        self.named: set[str] = set()
        self.who: dict[tuple, str] = {}  # (see _record)
        self.lost: dict[str, int] = {}
        names = file_names(bundle)
        spans_of = {a.id: (i, a) for i, art in enumerate(bundle.articles) for a in art.annotations}
        links_of: list[list] = [[] for _ in bundle.articles]
        across = unwritten = 0
        for link in bundle.links:
            ends = spans_of.get(link.from_id), spans_of.get(link.to_id)
            if ends[0] is None or ends[1] is None or ends[0][0] != ends[1][0]:
                across += 1
            elif _line_breaks_only(ends[0][1]) or _line_breaks_only(ends[1][1]):
                unwritten += 1  # (its span is not written: see _ann)
            else:
                links_of[ends[0][0]].append(link)
        why = [w for w, n in (("brat links spans of one document only", across),
                              ("a span of line breaks alone is not written", unwritten)) if n]
        self._lose("links", f"left out ({', and '.join(why)})", across + unwritten)
        for name, article, links in zip(names, bundle.articles, links_of, strict=True):
            self.files[name + ".txt"] = article.text.encode("utf-8")
            self.files[name + ".ann"] = self._ann(article.annotations, links).encode("utf-8")
        self.files[CONF] = self._conf(bundle, names).encode("utf-8")
        self.files[VISUAL] = self._visual(bundle).encode("utf-8")
        unnamed = [a for a in bundle.actors if a.id not in self.named]
        self.report.add("actors", len(unnamed))
        self.report.how["actors"] = "left out (no span names them)"
        self.report.add("actor_details", sum(1 for a in bundle.actors
                                             if a.aliases or a.kind or a.description))
        self.report.how["actor_details"] = "left out (a span names its actor by name)"
        self.report.articles = len(bundle.articles)
        self.report.annotations = bundle.annotation_count

    def _lose(self, key: str, how: str, count: int = 1) -> None:
        if count:
            self.report.add(key, count)
            self.report.how[key] = how

    def _ann(self, spans: list[AnnotationIn], links: list) -> str:
        lines: list[str] = []
        notes = attrs = 0
        t_of: dict[str, str] = {}
        tags, actors, named = self.tags, self.actors, self.named
        for a in spans:
            t = f"T{len(t_of) + 1}"
            if "\n" not in a.text:  # (one fragment: most spans)
                start, end = a.start, a.end
                lines.append(f"{t}\t{tags[a.tag]} {start} {end}\t{a.text}")
            else:
                fragments = _fragments(a)
                if not fragments:
                    self._lose("spans of line breaks only", "left out")
                    continue
                if len(fragments) > 1:
                    self._lose("multiline", "written as fragments split at the line breaks "
                               "(read back as one span)")
                start, end = fragments[0][0], fragments[-1][1]
                if (start, end) != (a.start, a.end):
                    self._lose("spans beginning or ending with a line break",
                               "written without those line breaks")
                where = ";".join(f"{s} {e}" for s, e in fragments)
                quote = " ".join(a.text[s - a.start:e - a.start] for s, e in fragments)
                lines.append(f"{t}\t{tags[a.tag]} {where}\t{quote}")
            t_of[a.id] = t
            written: dict = {}
            lost = False  # (counted once per annotation, as LOSSES says it)
            for key, value in a.attributes.items() if a.attributes else ():
                kind = self.attributes.get(key, set())
                if kind is None and value is True:
                    attrs += 1
                    lines.append(f"A{attrs}\t{key} {t}")
                elif kind and isinstance(value, str) and value in kind:
                    attrs += 1
                    lines.append(f"A{attrs}\t{key} {t} {value}")
                else:
                    lost = True
                    continue
                written[key] = value
            if lost:
                self._lose("attributes", "left out (brat holds true, or a word without spaces)")
            note = self._note(a.note) if a.note else ""
            actor = actors[a.actor].name if a.actor in actors else ""
            if a.actor and actor:
                named.add(a.actor)
            if note:
                notes += 1
                lines.append(f"#{notes}\t{NOTE} {t}\t{note}")
            if actor:
                notes += 1
                lines.append(f"#{notes}\t{ACTOR} {t}\t{actor}")
            notes += 1
            rec = self._record(a.id, a.annotator, a.created_at, a.updated_at,
                               span_sum(a.tag, start, end, note, actor, written))
            if actor and a.actor:  # (its id: two actors of one name, or names alike but for
                # case or accents' form, stay two; read back while the span is as written)
                rec = f'{rec[:-1]}, "actor": {_string(a.actor)}}}'
            lines.append(f"#{notes}\t{RECORD} {t}\t{rec}")
        for i, link in enumerate(links, start=1):
            r = f"R{i}"
            lines.append(f"{r}\t{self.link_types[link.type]} Arg1:{t_of[link.from_id]} "
                         f"Arg2:{t_of[link.to_id]}")
            note = self._note(link.note)
            for kind_, text in ((NOTE, note), (RECORD, _record(
                    link.id, link.annotator, link.created_at, link.updated_at,
                    checksum("link", link.type, link.from_id, link.to_id, note)))):
                if text:
                    notes += 1
                    lines.append(f"#{notes}\t{kind_} {r}\t{text}")
        return "\n".join(lines) + "\n" if lines else ""

    def _record(self, ident: str, annotator: str, created: str, updated: str, summed: str
                ) -> str:
        """_record(...), the part of who and when made once for each (annotator, created,
        updated): a few thousand among 100,000 spans."""
        middle = self.who.get((annotator, created, updated))
        if middle is None:
            try:
                middle = (f', "annotator": {_string(annotator)}, "created_at": '
                          f'{_string(created)}, "updated_at": {_string(updated)}, "sum": "')
            except TypeError:  # (not a str)
                return _record(ident, annotator, created, updated, summed)
            self.who[(annotator, created, updated)] = middle
        return f'{{"id": {_string(ident)}{middle}{summed}"}}' if type(ident) is str else \
            _record(ident, annotator, created, updated, summed)

    def _note(self, note: str) -> str:
        one = note.translate(_ONE_LINE)
        if one != note:
            self._lose("notes with line breaks or tabs", "written on one line (spaces instead)")
        return one

    def _conf(self, bundle: Bundle, names: list[str]) -> str:
        lines = [f"{MARKER} (export --format brat). brat ignores the '# annotator' lines: they",
                 "# give annotator back each article's details and the names brat's types "
                 "cannot hold."]
        for name, article in zip(names, bundle.articles, strict=True):
            details = {"id": article.id, "title": article.title, "source": article.source,
                       "url": article.url, "author": article.author,
                       "published": article.published}
            lines.append(f"{MAP_ARTICLE}{name} = "
                         f"{json.dumps(details, ensure_ascii=False, sort_keys=True)}")
        lines += [f"{MAP_TAG}{t} = {n}" for n, t in self.tags.items() if t != n]
        lines += [f"{MAP_LINK_TYPE}{t} = {n}" for n, t in self.link_types.items() if t != n]
        lines += [f"{ABOUT_TAG}{self.tags[t.name]} = {_one_line(t.description)}"
                  for t in bundle.tags if t.description]
        lines += [f"{ABOUT_LINK_TYPE}{self.link_types[t.name]} = {_one_line(t.description)}"
                  for t in bundle.link_types if t.description]
        lines += ["", "[entities]", *self.tags.values(), "", "[relations]"]
        for t in bundle.link_types:
            way = "" if t.directed else ", <REL-TYPE>:symmetric"
            lines.append(f"{self.link_types[t.name]}\tArg1:<ENTITY>, Arg2:<ENTITY>{way}")
        lines += ["", "[events]", "", "[attributes]"]
        for key, values in self.attributes.items():
            lines.append(f"{key}\tArg:<ENTITY>" + (f", Value:{'|'.join(sorted(values))}"
                                                   if values else ""))
        return "\n".join(lines) + "\n"

    def _visual(self, bundle: Bundle) -> str:
        lines = ["[labels]"]
        for name, t in [*self.tags.items(), *self.link_types.items()]:
            if t != name and "|" not in name:
                lines.append(f"{t} | {name}")
        lines += ["", "[drawing]", "SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, "
                  "borderColor:darken", "ARC_DEFAULT\tcolor:black, arrowHead:triangle-5"]
        lines += [f"{self.tags[t.name]}\tbgColor:{t.color}" for t in bundle.tags
                  if t.color and _COLOR.fullmatch(t.color)]
        return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # (a JSON string: line breaks kept, escaped)


def _record(ident: str, annotator: str, created: str, updated: str, summed: str) -> str:
    try:  # (json.dumps's text, put together here)
        return (f'{{"id": {_string(ident)}, "annotator": {_string(annotator)}, "created_at": '
                f'{_string(created)}, "updated_at": {_string(updated)}, "sum": "{summed}"}}')
    except TypeError:  # (not a str)
        pass
    return json.dumps({"id": ident, "annotator": annotator, "created_at": created,
                       "updated_at": updated, "sum": summed}, ensure_ascii=False)


@no_gc()
def write_brat(bundle: Bundle, target, *, before=None) -> LossReport:
    if not isinstance(target, Path):
        raise AnnotatorError("--format brat writes a folder: name it with -o")
    plan = _Plan(bundle)
    if target.exists() and not target.is_dir():
        raise AnnotatorError(f"{target}: is a file; --format brat writes a folder of .txt and "
                             ".ann files there")
    if target.is_dir():
        stray = sorted(p.name for p in target.iterdir()
                       if p.suffix in (".ann", ".txt") and p.name not in plan.files)
        if stray:
            raise AnnotatorError(f"{target}: holds brat files this export would not replace "
                                 f"({stray[0]}{' …' if len(stray) > 1 else ''}); choose an "
                                 "empty folder")
    if before is not None:
        before(plan.report)
    from ..shared.many_files import write_files

    target.mkdir(parents=True, exist_ok=True)
    write_files(target, plan.files)
    return plan.report
