"""The project's links as the window needs them: by id, by end, by pair of articles, with the
annotations at their ends (for the texts in the Links panel). One index serves the overlay, the
Links panel and sync scrolling; it is kept up to date from the Session's signals only.

The ends are read in one batch (Project.annotations_by_ids), when all links are read and when
new links arrive, never one query per link.
"""

from __future__ import annotations

from zlib import crc32

from PySide6.QtCore import QObject, Signal

from ..domain.links import CONTRADICTS, SAME, SPEAKER
from ..domain.model import Annotation, Link, LinkType
from .session import Session

LINK_COLORS = {SAME: "#2e7d32", CONTRADICTS: "#d32f2f", "elaborates": "#1565c0",
               SPEAKER: "#8e24aa"}
OTHER_COLORS = ("#ef6c00", "#00838f", "#6d4c41", "#c2185b", "#558b2f", "#3949ab", "#f9a825")


def link_color(link_type: str) -> str:
    """The colour links of a type are drawn in (the same for a type in every session)."""
    return LINK_COLORS.get(link_type) or OTHER_COLORS[crc32(link_type.encode()) % len(OTHER_COLORS)]


def pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


class LinkIndex(QObject):
    reset = Signal()              # everything was read again
    changed = Signal(list, list)  # links added or changed, ids of links removed
    endsChanged = Signal(list)    # ids of links whose end annotations changed (text, extent)
    typesChanged = Signal()

    def __init__(self, session: Session, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.links: dict[str, Link] = {}
        self.ends: dict[str, Annotation] = {}
        self.types: dict[str, LinkType] = {}
        self._by_end: dict[str, set[str]] = {}
        self._by_pair: dict[tuple[str, str], set[str]] = {}
        self.version = 0  # grows with every change (caches compare it)
        session.linksChanged.connect(self._on_links)
        session.linksReloaded.connect(self.reload)
        session.annotationsChanged.connect(self._on_annotations)
        session.linkTypesChanged.connect(self._on_types)
        self._read_types()
        self.reload()

    # -- reading --------------------------------------------------------------------------------
    def _read_types(self) -> None:
        self.types = {t.name: t for t in self.session.project.link_types()}

    def reload(self) -> None:
        links = self.session.project.links()
        self.links, self._by_end, self._by_pair, self.ends = {}, {}, {}, {}
        for link in links:
            self._add(link)
        self._fetch_ends(links)
        self.version += 1
        self.reset.emit()

    def _fetch_ends(self, links: list[Link]) -> None:
        wanted = list(dict.fromkeys(i for k in links for i in (k.from_id, k.to_id)
                                    if i not in self.ends))
        if wanted:
            self.ends.update((a.id, a) for a in self.session.project.annotations_by_ids(wanted))

    def _add(self, link: Link) -> None:
        self.links[link.id] = link
        self._by_end.setdefault(link.from_id, set()).add(link.id)
        self._by_end.setdefault(link.to_id, set()).add(link.id)
        self._by_pair.setdefault(pair(link.from_article, link.to_article), set()).add(link.id)

    def _drop(self, link_id: str) -> Link | None:
        link = self.links.pop(link_id, None)
        if link is None:
            return None
        for end in (link.from_id, link.to_id):
            ids = self._by_end.get(end)
            if ids is not None:
                ids.discard(link_id)
                if not ids:
                    del self._by_end[end]
                    self.ends.pop(end, None)
        key = pair(link.from_article, link.to_article)
        ids = self._by_pair.get(key)
        if ids is not None:
            ids.discard(link_id)
            if not ids:
                del self._by_pair[key]
        return link

    # -- keeping up -----------------------------------------------------------------------------
    def _on_links(self, upserted: list[Link], removed: list[str]) -> None:
        for link_id in removed:
            self._drop(link_id)
        for link in upserted:
            self._drop(link.id)  # its type (and so its orientation) may have changed
            self._add(link)
        self._fetch_ends(upserted)
        self.version += 1
        self.changed.emit(upserted, removed)

    def _on_annotations(self, _article_id: str, upserted: list[Annotation], _removed: list) -> None:
        touched: list[str] = []
        for a in upserted:
            ids = self._by_end.get(a.id)
            if ids:
                self.ends[a.id] = a
                touched.extend(ids)
        if touched:
            self.version += 1
            self.endsChanged.emit(touched)

    def _on_types(self) -> None:
        self._read_types()
        self.typesChanged.emit()

    # -- questions ------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.links)

    def of(self, annotation_id: str) -> list[Link]:
        """The links with an end at this annotation."""
        return [self.links[i] for i in self._by_end.get(annotation_id, ())]

    def has_links(self, annotation_id: str) -> bool:
        return annotation_id in self._by_end

    def between(self, article_a: str, article_b: str) -> list[Link]:
        """The links joining these two articles (within one article when they are the same)."""
        return [self.links[i] for i in self._by_pair.get(pair(article_a, article_b), ())]

    def touches(self, article_id: str) -> bool:
        return any(article_id in key for key in self._by_pair)

    def directed(self, link_type: str) -> bool:
        known = self.types.get(link_type)
        return bool(known and known.directed)

    def duplicate(self, from_id: str, to_id: str, link_type: str) -> Link | None:
        """The link of this type that already joins these two annotations, if any."""
        undirected = not self.directed(link_type)
        for link in self.of(from_id):
            if link.type != link_type:
                continue
            if (link.from_id, link.to_id) == (from_id, to_id):
                return link
            if undirected and (link.from_id, link.to_id) == (to_id, from_id):
                return link
        return None
