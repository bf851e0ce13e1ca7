"""The format-neutral bundle every reader produces and storage.merge.merge merges (issue 11).

A Bundle is what one input file (or folder) holds, checked: tags, articles with their text and
annotations, and the comparison layer (link types, actors, links). Plain data, no I/O: the JSON
export reader (formats/export/export_read), CSV and every other exchange format fill one; storage/merge/merge
applies it in one transaction with the same refusals and the same idempotence (importing a file
twice changes nothing).

Offsets are code points of the article's canonical text (DESIGN.md section 2); a reader converts
its format's unit (UTF-16 units, bytes) before it makes an AnnotationIn. Every annotation's
``text`` equals ``article.text[start:end]``.

``refused`` lists the spans a reader could not place (one sentence each, naming the file and the
row or record); the rest of the file is still merged, and the command line exits 1. ``said``
lists what a reader wants told but is not a refusal (a span re-anchored by its text).

An article with ``reference`` set is not carried by the file, only pointed at (a spans-only CSV,
a W3C annotation of an article already in the project): ``id`` (or ``url``) names a project
article, ``text`` is empty, and its annotations' ``text`` is the quote to check and re-anchor
against the project's text (storage/merge/bundle_resolve does that before the merge).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .model import Actor, LinkType

__all__ = ["BARE", "AnnotationIn", "ArticleIn", "Bundle", "LinkIn", "TagIn"]

# Bundle.lacks of a format holding a span's place, tag, coder and times only (naming only the
# tags, and link types, its spans and links use; a link's direction, if it has links, a guess)
BARE = frozenset({"note", "actor", "attributes", "tags", "link_types", "link_direction"})


@dataclass
class TagIn:
    name: str
    color: str | None  # None: the project picks one
    description: str


@dataclass(slots=True)
class AnnotationIn:
    # (Field order is relied on: the JSON reader builds these positionally, for speed.)
    id: str
    tag: str
    start: int
    end: int
    text: str
    note: str
    annotator: str
    created_at: str
    updated_at: str
    timestamps_given: bool = True  # False: a script's edit without times (it is new now)
    actor: str | None = None  # an actor id of the bundle
    attributes: dict | None = None  # None when empty


@dataclass(slots=True)
class ArticleIn:
    id: str
    title: str
    source: str | None
    url: str | None
    author: str | None
    published: str | None
    imported_at: str | None
    text: str
    text_sha256: str
    annotations: list[AnnotationIn] = field(default_factory=list)
    reference: bool = False  # only points at a project article (see the module's text)
    # A reference whose id and URL name no project article may be the one project article
    # holding its spans' quotes (a W3C annotation without a known source).
    by_quote: bool = False

    def named(self) -> str:
        """How a sentence names the file's article: its title and id, else either, else its
        text's hash."""
        if self.id and self.title and self.title != self.id:
            return f"{self.title!r} (id {self.id!r})"
        if self.id or self.title:
            return repr(self.id or self.title)
        return f"(SHA-256 {self.text_sha256[:12]}…)" if self.text_sha256 else "(unnamed)"


@dataclass(slots=True)
class LinkIn:
    id: str
    type: str
    from_id: str  # an annotation id of the bundle (or of the project)
    to_id: str
    # None: the file says nothing of it (a format without links' notes or coders, a script's
    # link without times that leaves them out): merged into a link the project has, the
    # project's is kept; a new link has none ("" and "unknown").
    note: str | None
    annotator: str | None
    created_at: str
    updated_at: str
    timestamps_given: bool = True


@dataclass
class Bundle:
    tags: list[TagIn]
    articles: list[ArticleIn]
    # 1: the file says nothing of actors and attributes (an export of version 1): the project's
    # are kept. 2: the file's actors and attributes are the truth (every other format).
    version: int = 2
    # What the file's format cannot hold of a span, of "note", "actor" and "attributes" (a
    # version-1 file: the last two): merged into a span the project has, the project's is kept,
    # so that importing an export of a format without notes does not empty them. And
    # "link_direction": the link types' directions are guesses (doccano's relations have none,
    # a Label Studio config's none either): a link type the project has keeps its own. And
    # "tags", "link_types": the file names only those its spans (links) use, not a project's
    # list of them: a project without articles keeps its own, rather than taking the file's.
    lacks: frozenset[str] = frozenset()
    # A format that holds some attributes and not others (brat: true, or a word without
    # spaces): which ones it holds. Merged into a span the project has, the project's attributes
    # it cannot hold are kept beside the file's, so that an edit made there (a note, a move)
    # does not empty them. None: the format holds them all (or none: lacks "attributes").
    holds_attribute: Callable[[str, object], bool] | None = None
    link_types: list[LinkType] = field(default_factory=list)  # as listed
    actors: list[Actor] = field(default_factory=list)
    links: list[LinkIn] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    said: list[str] = field(default_factory=list)
    # Where each annotation or link id comes from in the file ("spans.csv, row 12"), for the
    # sentences of a check made later (against a project's text): optional.
    where: dict[str, str] = field(default_factory=dict)
    # The text just before and after a span's quote (a W3C TextQuoteSelector's prefix and
    # suffix), by annotation id: a quote found more than once is re-anchored where they fit.
    context: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def annotation_count(self) -> int:
        return sum(len(a.annotations) for a in self.articles)
