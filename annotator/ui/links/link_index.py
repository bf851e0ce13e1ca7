"""The project's links as the window needs them: by id, by end, by pair of articles, with the
annotations at their ends (for the texts in the Links panel). One index serves the overlay, the
Links panel and sync scrolling; it is kept up to date from the Session's signals only.

A small project's links (at most EAGER_ANNOTATIONS annotations in all) are read at once. A
large one's are read in a worker thread, started once the window has been painted and the
panes have read their spans (10,000 links and their ends take about 150 ms alone); until they
arrive the index holds the links of the annotations asked about (`read_ahead`: those on
screen, read by the overlay before it draws; `of` and `has_links` read an annotation's links
when asked), and `ensure_complete` waits for the rest (sync scrolling, which needs every link
between two articles). Changes announced meanwhile are applied again on top of what the thread
read, in their order, so nothing is lost whichever came first. The ends are read in one batch
(Project.annotations_by_ids), never one query per link.
"""

from __future__ import annotations

from zlib import crc32

from PySide6.QtCore import QObject, QThread, QTimer, Signal

from ...domain.comparison.links import CONTRADICTS, SAME, SPEAKER
from ...domain.model import Annotation, Link, LinkType
from ..session import Session

LINK_COLORS = {SAME: "#2e7d32", CONTRADICTS: "#d32f2f", "elaborates": "#1565c0",
               SPEAKER: "#8e24aa"}
OTHER_COLORS = ("#ef6c00", "#00838f", "#6d4c41", "#c2185b", "#558b2f", "#3949ab", "#f9a825")
EAGER_ANNOTATIONS = 10_000  # projects with at most this many annotations read their links at once


def link_color(link_type: str) -> str:
    """The colour links of a type are drawn in (the same for a type in every session)."""
    return LINK_COLORS.get(link_type) or OTHER_COLORS[crc32(link_type.encode()) % len(OTHER_COLORS)]


def pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def read_all(project) -> tuple[list[Link], list[Annotation]]:
    """Every link and the annotations at their ends."""
    links = project.links()
    wanted = list(dict.fromkeys(i for k in links for i in (k.from_id, k.to_id)))
    return links, project.annotations_by_ids(wanted) if wanted else []


class LinkLoader(QThread):
    """Reads every link and its ends in a worker thread (its own connection)."""

    failed = Signal(str)
    done = Signal(object)  # this loader, once it has read (or failed)

    def __init__(self, project, generation: int):
        super().__init__()
        self.project, self.generation = project, generation
        self.result: tuple[list[Link], list[Annotation]] | None = None

    def run(self) -> None:
        try:
            self.result = read_all(self.project)
        except Exception as exc:  # noqa: BLE001  (said in the window; ensure_complete reads again)
            self.failed.emit(f"Could not read the links: {exc}")
        finally:
            self.project.release_thread_connection()
            self.done.emit(self)


class LinkIndex(QObject):
    reset = Signal()              # everything was read again
    changed = Signal(list, list)  # links added or changed, ids of links removed
    endsChanged = Signal(list)    # ids of links whose end annotations changed (text, extent)
    typesChanged = Signal()
    readFailed = Signal(str)
    shownChanged = Signal()       # the annotators whose links are shown changed

    def __init__(self, session: Session, parent: QObject | None = None,
                 workers: set | None = None):
        super().__init__(parent)
        self.session = session
        self.links: dict[str, Link] = {}
        self.ends: dict[str, Annotation] = {}
        self.types: dict[str, LinkType] = {}
        self._by_end: dict[str, set[str]] = {}
        self._by_pair: dict[tuple[str, str], set[str]] = {}
        self.version = 0  # grows with every change (caches compare it)
        self.shown: frozenset[str] | None = None  # annotators whose layers are shown (None: all)
        self.complete = True  # False while a large project's links are being read
        self._workers = workers if workers is not None else set()  # the window waits for them
        self._loader: LinkLoader | None = None
        self._generation = 0
        self._asked: set[str] = set()        # annotations whose links were read ahead
        self._replay: list[tuple] = []       # changes announced while the rest was being read
        self._unannounced: list[Link] = []   # links read ahead, announced at the next turn
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
        """Read every link again: now for a small project, else once the window has painted
        (read_later) or when something needs them all (ensure_complete)."""
        self._generation += 1
        self._loader = None  # a thread still running is left to finish; its links are not used
        self._asked, self._replay, self._unannounced = set(), [], []
        if sum(a.annotation_count for a in self.session.articles) <= EAGER_ANNOTATIONS:
            self.ends = {}
            self._install(*read_all(self.session.project))
            return
        self.links, self._by_end, self._by_pair, self.ends = {}, {}, {}, {}
        self.complete = False
        self.version += 1
        self.reset.emit()
        QTimer.singleShot(1000, self.read_rest)  # if nothing painted meanwhile

    def read_later(self) -> None:
        """Start reading the rest at the next turn of the event loop (after this paint)."""
        if not self.complete and self._loader is None:
            QTimer.singleShot(0, self.read_rest)

    def read_rest(self) -> None:
        """Start the thread reading every link, unless all are here or it runs already; while
        the panes' threads still read their spans, once they are done (all of them want the
        interpreter, and the spans are what the reader looks at first)."""
        if self.complete or self._loader is not None or getattr(self.parent(), "closed", False):
            return  # (nor once the window has closed: a timer may still fire then)
        if any(t.isRunning() for t in self._workers if not isinstance(t, LinkLoader)):
            QTimer.singleShot(50, self.read_rest)
            return
        self._start()

    def _start(self) -> None:
        loader = self._loader = LinkLoader(self.session.project, self._generation)
        self._workers.add(loader)
        loader.done.connect(self._arrived)  # queued: this object lives in the window's thread
        loader.finished.connect(lambda: self._workers.discard(loader))
        loader.failed.connect(self.readFailed)
        loader.start()

    def _arrived(self, loader: LinkLoader) -> None:
        if loader is self._loader and not self.complete:
            if loader.result is None:
                self._loader = None  # failed: ensure_complete reads here
            else:
                self._install(*loader.result)

    def ensure_complete(self) -> None:
        """Every link now (waiting for the thread, or reading here if it failed)."""
        if self.complete:
            return
        if self._loader is None:
            self._start()
        loader = self._loader
        if loader is not None:
            loader.wait()
            if loader.result is not None and loader is self._loader and not self.complete:
                self._install(*loader.result)
        if not self.complete:
            self._install(*read_all(self.session.project))

    def _install(self, links: list[Link], ends: list[Annotation]) -> None:
        """Put in what was read, then the changes announced since (in their order): a change
        the reading already saw is applied again to the same effect."""
        carried, replay = self.ends, self._replay
        self.links, self._by_end, self._by_pair = {}, {}, {}
        self.ends = {a.id: a for a in ends}
        for link in links:
            self._add(link)
        for kind, upserted, removed in replay:
            if kind == "ends":
                self.ends.update((a.id, a) for a in upserted if a.id in self._by_end)
                continue
            for link_id in removed:
                self._drop(link_id)
            for link in upserted:
                self._drop(link.id)
                self._add(link)
        for end_id in self._by_end:  # ends of links made meanwhile, read when they came
            if end_id not in self.ends and end_id in carried:
                self.ends[end_id] = carried[end_id]
        self.complete = True
        self._loader = None
        self._asked, self._replay, self._unannounced = set(), [], []
        self.version += 1
        self.reset.emit()

    def read_ahead(self, ids: list[str], known: dict[str, Annotation] | None = None) -> None:
        """While the rest is being read: read the links of these annotations now (and their
        ends; ``known`` annotations are not read again), announced at the next turn of the
        event loop (this runs while the overlay draws)."""
        if self.complete:
            return
        new = [i for i in ids if i not in self._asked]
        if not new:
            return
        self._asked.update(new)
        found = [k for k in self.session.project.links_of(new) if k.id not in self.links]
        if not found:
            return
        for link in found:
            self._add(link)
        if known:
            self.ends.update((i, known[i]) for k in found for i in (k.from_id, k.to_id)
                             if i in known)
        self._fetch_ends(found)
        self.version += 1
        if not self._unannounced:
            QTimer.singleShot(0, self._announce)
        self._unannounced += found

    def _announce(self) -> None:
        found = [k for k in self._unannounced if self.links.get(k.id) is k]  # still as read
        self._unannounced = []
        if found and not self.complete:
            self.changed.emit(found, [])

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
        if not self.complete:
            self._replay.append(("links", upserted, removed))
        for link_id in removed:
            self._drop(link_id)
        for link in upserted:
            self._drop(link.id)  # its type (and so its orientation) may have changed
            self._add(link)
        self._fetch_ends(upserted)
        self.version += 1
        self.changed.emit(upserted, removed)

    def _on_annotations(self, _article_id: str, upserted: list[Annotation], _removed: list) -> None:
        if not self.complete and upserted:
            self._replay.append(("ends", upserted, ()))
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

    # -- the annotators' layers shown ----------------------------------------------------------
    def set_shown(self, shown: frozenset[str] | None) -> None:
        """Show only the links of these annotators' layers (the window's View › Annotators;
        None: every link)."""
        if shown != self.shown:
            self.shown = shown
            self.version += 1
            self.shownChanged.emit()

    def visible(self, link: Link) -> bool:
        """A link is shown when its annotator's layer is shown and both its ends are (an end
        not read yet counts as shown: it is checked again once read)."""
        shown = self.shown
        if shown is None:
            return True
        if link.annotator not in shown:
            return False
        for end_id in (link.from_id, link.to_id):
            end = self.ends.get(end_id)
            if end is not None and end.annotator not in shown:
                return False
        return True

    def visible_ids(self) -> set[str]:
        """The ids of the links shown now (tests, counts)."""
        return {i for i, link in self.links.items() if self.visible(link)}

    # -- questions ------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.links)

    def of(self, annotation_id: str) -> list[Link]:
        """The links with an end at this annotation."""
        if not self.complete:
            self.read_ahead([annotation_id])
        return [self.links[i] for i in self._by_end.get(annotation_id, ())]

    def has_links(self, annotation_id: str) -> bool:
        if not self.complete:
            self.read_ahead([annotation_id])
        return annotation_id in self._by_end

    def between(self, article_a: str, article_b: str) -> list[Link]:
        """The links joining these two articles (within one article when they are the same)."""
        self.ensure_complete()
        return [self.links[i] for i in self._by_pair.get(pair(article_a, article_b), ())]

    def touches(self, article_id: str) -> bool:
        """Whether a link has an end in this article (while the rest is being read: a link
        read so far)."""
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
