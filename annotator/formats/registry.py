"""The one list of file formats (issue 11): names, extensions, detection, readers and writers.

The command line (``export --format``, ``import [--format]``), Project.import_file and the
window's Import and Export dialogs all choose a format here, and only here. A Format names the
module that implements it; the module is imported the first time the format is used, so start-up
and commands that use no format (``list``) pay nothing.

A format's module provides, as it can:
- ``detect(path: Path, head: bytes) -> bool``: whether this file (its first bytes: ``head``,
  empty for a folder) is of this format, by its content;
- ``read(path: Path, *, now: str) -> Bundle``: the file or folder, checked (InputRefused naming
  the file for anything unusable; spans it cannot place go in ``Bundle.refused``);
- ``write(source, target, *, before=None, **options) -> LossReport``: the project (a
  BundleSource: ``source.bundle()``; ``source.write_export(stream)`` for the JSON export) to
  ``target``, a binary stream or, for a format writing a folder, a Path. It counts what the
  format cannot hold and calls ``before(report)`` before it writes anything;
- article formats (one file = one article) instead ``read_article(path, encoding)``.

Detection (``detect(path)``): a folder goes to the folder format that recognises it; a file to
the first format whose ``detect`` recognises its content, else to the format of its extension.
So a ``.json`` of another tool is read by that tool's format once it is registered, and until
then by the export reader, which refuses it with a sentence.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..errors import InputRefused

if TYPE_CHECKING:
    from ..domain.bundle import Bundle
    from ..domain.loss import LossReport
    from ..domain.model import ParsedArticle

__all__ = ["FORMATS", "Format", "by_extension", "by_name", "choose", "detect", "export_filters",
           "export_names", "import_filter", "json_kind", "names"]

HEAD_BYTES = 65536
# Endings read but never written, and why
_READ_ONLY = {".spacy": "a .spacy file is spaCy's binary DocBin, which annotator reads only to "
                        "say so (the spacy format writes JSON Lines)",
              ".qde": "a .qde is the project XML inside a .qdpx, with its texts in a sources "
                      "folder beside it (the refi format writes the .qdpx)"}


class Format(NamedTuple):  # (a NamedTuple: the command line's parser lists the names, and
    # dataclasses would cost every start-up a few ms)
    name: str
    description: str
    extensions: tuple[str, ...]  # lower case, with the dot; the first is the one written
    module: str  # the implementing module, imported on first use
    folder: str = "no"  # "no": a file; "yes": a folder (brat); "optional": either (csv)
    article: bool = False  # one file is one article (read_article), not a bundle
    offsets: str = "code points"  # the offsets' unit in the files
    can_read: bool = True
    can_write: bool = True

    @property
    def is_folder(self) -> bool:
        return self.folder == "yes"

    @property
    def written_extensions(self) -> tuple[str, ...]:
        """The endings of the files this format writes (not those it only reads)."""
        return tuple(e for e in self.extensions if e not in _READ_ONLY)

    def _module(self):
        return importlib.import_module(self.module)

    def detect(self, path: Path, head: bytes) -> bool:
        found = getattr(self._module(), "detect", None)
        try:
            return bool(found and found(path, head))
        except (RecursionError, OSError):  # (too deep, or unreadable, to tell: the reading
            return False  # says so, if it is chosen)

    def read(self, path: Path, *, now: str) -> Bundle:
        from .exchange.shared.bundle_check import check_bundle

        try:
            bundle = self._module().read(path, now=now)
            if self.name != "json":  # (the JSON reader checks each string as it reads it)
                check_bundle(bundle, str(path))
            return bundle
        except RecursionError:  # (a parser's, or ours walking what it gave)
            raise InputRefused("is nested too deeply to read (a value inside thousands of "
                               "others)", str(path)) from None
        except OSError as exc:  # (a file of it unreadable: permissions, a disk error)
            raise InputRefused(f"could not be read ({exc.strerror or exc}"
                               f"{': ' + str(exc.filename) if exc.filename else ''})",
                               str(path)) from None

    def read_article(self, path: Path, encoding: str | None = None) -> ParsedArticle:
        if self.module == _ARTICLES:  # (txt, markdown, html: the format named, whatever the
            return self._module().read_article(path, encoding, self.name)  # file's ending)
        return self._module().read_article(path, encoding)

    def write(self, source, target, *, before=None, **options) -> LossReport:
        from .exchange.shared.foreign_write import no_gc

        # The collector waits until the writer is done and its Bundle freed: all of it made
        # while it was paused (storage.reads.bundle_out), its first pass would walk every
        # object of it (0.03-0.06 s for 100,000 spans), none in a cycle.
        with no_gc():
            return self._module().write(source, target, before=before, **options)

    def writes_folder(self, target: Path) -> bool:
        """Whether writing to ``target`` makes a folder: always (brat), or (csv, Label Studio)
        for a folder that exists or a name without the format's ending."""
        return self.is_folder or (self.folder == "optional" and (
            target.is_dir() or target.suffix.lower() not in self.extensions))

    def write_to(self, source, target: Path, *, before=None, **options) -> LossReport:
        """write() to the folder or file ``target`` names (see writes_folder); a file is
        written whole or not at all (fileutil.atomic_write). A name with an ending this format
        only reads (.spacy, .qde) is refused, before anything is written."""
        if (why := _READ_ONLY.get(target.suffix.lower())) and not self.writes_folder(target) \
                and target.suffix.lower() in self.extensions:
            from ..errors import AnnotatorError

            raise AnnotatorError(f"{target}: {why}; name the file {self.written_extensions[0]}")
        if self.writes_folder(target):
            return self.write(source, target, before=before, **options)
        from ..fileutil import atomic_write

        if self.name == "labelstudio":  # (its labelling config goes beside the tasks)
            options["path"] = target
        with atomic_write(target) as handle:
            return self.write(source, handle, before=before, **options)


_ARTICLES = "annotator.formats.articles.articles"
FORMATS: tuple[Format, ...] = (
    Format("json", "annotator export (JSON, format version 2; reads 1 and 2)", (".json",),
           "annotator.formats.export.export_format"),
    Format("csv", "CSV tables (RFC 4180, UTF-8): a folder of articles, spans, links, actors, "
           "tags and link types, or one spans table", (".csv",), "annotator.formats.exchange.csv.csv_format",
           folder="optional"),
    Format("w3c", "W3C Web Annotation (JSON-LD): one AnnotationCollection", (".jsonld", ".json"),
           "annotator.formats.exchange.w3c.w3c"),
    Format("doccano", "doccano JSON Lines (sequence labeling or relations)", (".jsonl",),
           "annotator.formats.exchange.doccano", offsets="UTF-16 units"),
    Format("refi", "REFI-QDA project (.qdpx: QualCoder, ATLAS.ti, MAXQDA, NVivo)", (".qdpx", ".qde"),
           "annotator.formats.exchange.refi.refi", offsets="code points (reads UTF-16 units too)"),
    Format("brat", "brat standoff: a folder of .txt and .ann pairs", (".ann",),
           "annotator.formats.exchange.brat.brat", folder="yes"),
    Format("spacy", "spaCy / Prodigy JSON Lines (text, spans, meta)", (".jsonl", ".spacy"),
           "annotator.formats.exchange.spacy_jsonl"),
    Format("labelstudio", "Label Studio tasks JSON (and its labelling config)", (".json",),
           "annotator.formats.exchange.labelstudio.labelstudio", folder="optional"),
    Format("uima-json", "UIMA CAS JSON (INCEpTION)", (".json",),
           "annotator.formats.exchange.inception.uima_json", offsets="UTF-16 units", can_write=False),
    Format("uima-xmi", "UIMA CAS XMI (INCEpTION)", (".xmi",),
           "annotator.formats.exchange.inception.uima_xmi", offsets="UTF-16 units", can_write=False),
    Format("webanno-tsv", "WebAnno TSV 3 (INCEpTION)", (".tsv",),
           "annotator.formats.exchange.inception.webanno_tsv", offsets="UTF-16 units", can_write=False),
    Format("conll", "CoNLL / IOB tokens and tags (text rebuilt from the tokens)",
           (".conll", ".conllu", ".iob", ".bio"), "annotator.formats.exchange.conll", offsets="none (tokens)",
           can_write=False),
    Format("txt", "plain text article", (".txt",), _ARTICLES, article=True, can_write=False),
    Format("markdown", "Markdown article", (".md", ".markdown"), _ARTICLES, article=True,
           can_write=False),
    Format("html", "web page article", (".html", ".htm"), _ARTICLES, article=True,
           can_write=False),
    Format("pdf", "PDF document article (its text)", (".pdf",), "annotator.formats.articles.pdf",
           article=True, can_write=False),
    Format("docx", "Word document article (its text)", (".docx",), "annotator.formats.articles.docx",
           article=True, can_write=False),
)


def names(*, writing: bool = False) -> list[str]:
    return [f.name for f in FORMATS if (f.can_write if writing else f.can_read)]


def export_names() -> list[str]:
    return names(writing=True)


def by_name(name: str, *, writing: bool = False) -> Format:
    """The format called ``name``; KeyError (its message listing the names) when there is none."""
    for f in FORMATS:
        if f.name == name and (f.can_write if writing else f.can_read):
            return f
    raise KeyError(f"unknown format {name!r}; choose from {', '.join(names(writing=writing))}")


def by_extension(path: Path) -> Format | None:
    suffix = path.suffix.lower()
    return next((f for f in FORMATS if suffix in f.extensions and f.can_read), None)


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(HEAD_BYTES)
    except OSError:
        return b""  # (the reader then says why the file cannot be read)


def detect(path: Path) -> Format | None:
    """The format of a file or folder: by its content, else by its extension; None if unknown."""
    path = Path(path)
    if path.is_dir():
        return next((f for f in FORMATS if f.folder != "no" and f.can_read
                     and f.detect(path, b"")), None)
    head = _head(path)
    for f in FORMATS:
        if f.can_read and not f.article and f.folder != "yes" and f.detect(path, head):
            return f
    return by_extension(path)


def choose(path: Path, name: str | None = None) -> Format:
    """The format to read ``path`` with: ``name`` when given, else detected. InputRefused
    naming the file when there is none."""
    path = Path(path)
    if not path.exists() and not path.is_symlink():  # (a broken link: its reader names it)
        raise InputRefused("does not exist", str(path))
    if path.exists() and not path.is_file() and not path.is_dir():  # (never opened: a pipe
        raise InputRefused("is not a file (a pipe, a device or a socket)", str(path))  # waits)
    if path.is_file() and path.stat().st_size == 0 and path.suffix.lower() != ".ann":
        raise InputRefused("is empty", str(path))  # (brat's .ann of a text not yet annotated is)
    if name is not None:
        try:
            chosen = by_name(name)
        except KeyError as exc:
            raise InputRefused(str(exc.args[0]), str(path)) from None
        _fits(chosen, path)
        return chosen
    found = detect(path)
    if found is not None:
        return found
    if path.is_dir():
        if any(path.glob("*.ann")):
            raise InputRefused("holds .ann files but not their .txt (brat keeps a text in "
                               "NAME.txt beside NAME.ann)", str(path))
        raise InputRefused("is a folder of no format annotator reads (brat: .txt and .ann "
                           "pairs; csv: spans.csv and its tables; labelstudio: tasks.json); "
                           "name the files in it", str(path))
    suffix, head = path.suffix.lower(), _head(path)
    if suffix == ".doc" and head.startswith(b"PK\x03\x04"):  # (a .docx named .doc)
        return by_name("docx")
    if head.startswith(b"{\\rtf"):
        raise InputRefused("is an RTF document; save it as .docx (or as plain text)", str(path))
    if suffix == ".doc" or head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # (OLE2)
        raise InputRefused("is a Word 97-2003 document (or another old Office file); save it as "
                           ".docx", str(path))
    known = " ".join(dict.fromkeys(e for f in FORMATS if f.can_read for e in f.extensions))
    raise InputRefused(f"has an unsupported extension {suffix or '(none)'!r} and is of no "
                       f"format annotator reads ({known})", str(path))


def _fits(chosen: Format, path: Path) -> None:
    """A format said (``--format``) for a file it cannot be: a folder given to a format of
    files, or a file that another format finds to be its own (a doccano file said to be spaCy
    would import as texts without spans) is refused, naming what it is."""
    if path.is_dir():
        if chosen.folder == "no":
            raise InputRefused(f"is a folder; {chosen.name} reads a file "
                               f"({', '.join(chosen.extensions)})", str(path))
        return
    if chosen.article or not path.is_file():
        return
    head = _head(path)
    if chosen.detect(path, head):
        return
    other = next((f for f in FORMATS if f is not chosen and f.can_read and not f.article
                  and f.folder != "yes" and f.detect(path, head)), None)
    if other is not None:
        raise InputRefused(f"is a {other.name} file, not {chosen.name} (leave --format out, or "
                           f"say --format {other.name})", str(path))


def import_filter() -> str:
    """The window's Import dialog filter: everything readable, then one entry per format."""
    readable = [f for f in FORMATS if f.can_read]
    every = " ".join(f"*{e}" for f in readable for e in f.extensions)
    parts = [f"Articles, exports and annotations ({every})"]
    parts += [f"{_label(f)} ({' '.join('*' + e for e in f.extensions)})" for f in readable]
    return ";;".join([*parts, "All files (*)"])


def export_filters() -> list[tuple[Format, str]]:
    """The Export dialog's filters, one per writable format, in the registry's order."""
    return [(f, f"{_label(f)} ({' '.join('*' + e for e in f.written_extensions)})")
            for f in FORMATS if f.can_write]


def _label(f: Format) -> str:
    return f"{f.name}: {f.description.split(' (')[0]}"


# -- sniffing JSON and JSON Lines by content (for the formats' detect functions) ---------------
_FORMAT_KEY = re.compile(rb'"format"\s*:\s*"annotator-export"')
# A spaCy/Prodigy line whose first object is larger than the head: its span list, a group of
# them (Doc.to_json's "spans": {"sc": [...]}) or its entities, begun in the head.
_SPACY_SPANS = re.compile(rb'"(?:spans|ents)"\s*:\s*(?:\{\s*"[^"]*"\s*:\s*)?\[\s*\{[^{}]*'
                          rb'"start"\s*:\s*\d')


def json_kind(head: bytes) -> str | None:
    """What a JSON or JSON Lines file is, from its first bytes: 'annotator' (our export),
    'labelstudio' (a list of tasks), 'w3c' (Web Annotation JSON-LD), 'doccano' or 'spacy'
    (JSON Lines, one text per line); None when it is none of them or not JSON."""
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text[:1] == b"{":
        if _FORMAT_KEY.search(text[:4096]):
            return "annotator"
        first = _first_object(text)
        if first is not None:
            return _object_kind(first)
        if b'"@context"' in text[:4096] and b"Annotation" in text[:4096]:
            return "w3c"
        return "spacy" if _SPACY_SPANS.search(text) else None
    if text[:1] == b"[":
        inner = text[1:].lstrip()
        first = _first_object(inner)
        if first is not None and isinstance(first.get("data"), dict) and \
                any(kind in first for kind in LS_GROUPS):
            return "labelstudio"
        if first is not None and _object_kind(first) == "w3c":
            return "w3c"
    return None


LS_GROUPS = ("annotations", "completions", "predictions")  # (Label Studio's; before 1.0,
# what its people made was 'completions')


def _first_object(text: bytes) -> dict | None:
    """The first JSON object of the text (a whole file, a JSON Lines line, or a list's first
    element), when the head holds all of it."""
    import json

    try:
        value, _ = json.JSONDecoder().raw_decode(text.decode("utf-8", "replace"))
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _object_kind(obj: dict) -> str | None:
    if obj.get("format") == "annotator-export":
        return "annotator"
    if "@context" in obj or obj.get("type") in ("Annotation", "AnnotationCollection"):
        return "w3c"
    if isinstance(obj.get("data"), dict) and any(kind in obj for kind in LS_GROUPS):
        return "labelstudio"
    if isinstance(obj.get("text"), str):
        if "label" in obj or "labels" in obj or "entities" in obj:
            return "doccano"
        if "spans" in obj or "tokens" in obj or "meta" in obj:
            return "spacy"
    return None
