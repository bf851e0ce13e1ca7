"""Who said what: attribute a quote to its speaker (A, then a click on the speaker's actor span
in the same article, or Alt+drag from the quote to it, speaker_drag.py: a `speaker` link), and
a quote's form and anonymity (attributes). Shown in the panes' margins (speaker_margin) and in
the table's Speaker and Form columns, kept up to date from the Session's signals."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu

from ...domain.comparison.links import NOT_ARTICLE, QUOTE_FORMS, SPEAKER
from ...domain.model import Annotation, Link
from ...errors import AnnotatorError
from ..actors.actor_ops import ACTOR_TAG
from ..undo.commands import _excerpt, perform
from ..undo.commands_comparison import AddLink, DeleteLinks, SetAttributes
from .speaker_drag import SpeakerDrag
from ..panes.speaker_margin import SpeakerMargin

FORM_KEYS = {"direct": "Shift+D", "indirect": "Shift+I", "paraphrase": "Shift+P"}
ANONYMOUS_KEY = "Shift+N"


class SpeakerOps(QObject):
    """The speaker links come from the window's LinkIndex (all links and their ends, kept from
    the Session's signals): nothing is read from the project here."""

    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.index = window.linking.index
        self.links: dict[str, Link] = {}  # speaker links from a quote of an open article
        self.names: dict[str, str] = {}  # quote id -> its speakers' names
        self.waiting: tuple[object, Annotation] | None = None  # (pane, quote) during A
        self._refreshing = False
        self._read: tuple = ()  # (index version, open articles) self.links was made for
        self.drag = SpeakerDrag(self)  # Alt+drag from a quote to its speaker
        for signal in (self.index.reset, self.index.changed, self.index.endsChanged,
                       window.session.actorsChanged, window.session.annotationsReloaded):
            signal.connect(lambda *_: self.refresh_names())
        # A quote's form changed (the margin shows it); the panes show other articles, or
        # finished reading their spans (the table is refilled then).
        window.session.annotationsChanged.connect(lambda *_: self.refresh_names())
        window.annotations_panel.model.modelReset.connect(self._panes_changed)
        window.ops.menu_hooks.append(self.menu_entries)

    # -- keeping up -----------------------------------------------------------------------------
    def _panes_changed(self) -> None:
        if not self._refreshing:  # the table refilters on new speakers' names: no pane change
            self.refresh_names()

    def speaker_name(self, annotation: Annotation) -> str:
        actor = self.w.actor_ops.actor(annotation.actor)
        return actor.name if actor is not None else " ".join(annotation.text.split())

    def refresh_names(self) -> None:
        articles = frozenset(p.article_id for p in self.w.panes if p.article_id)
        if (self.index.version, articles) != self._read:  # the links or the articles changed
            self._read = (self.index.version, articles)
            self.links = {k.id: k for k in sorted(
                (k for k in self.index.links.values()
                 if k.type == SPEAKER and k.from_article in articles),
                key=lambda k: (k.created_at, k.id))}  # speakers named in the order given
        names: dict[str, list[str]] = {}
        for link in self.links.values():
            speaker = self.index.ends.get(link.to_id)
            if speaker is not None:
                names.setdefault(link.from_id, []).append(self.speaker_name(speaker))
        self.names = {q: ", ".join(dict.fromkeys(n)) for q, n in names.items()}
        self._refreshing = True
        try:
            self.w.annotations_panel.model.set_names(speakers=self.names)
        finally:
            self._refreshing = False
        quoted = {k.from_article for k in self.links.values()}
        for pane in self.w.panes:
            margin = pane.view.findChild(SpeakerMargin)
            if margin is None:
                margin = SpeakerMargin(pane.view)
                self.drag.watch(pane)
            shown = bool(pane.article_id) and (
                pane.article_id in quoted
                or any(a.attributes for a in pane.view.store.by_id.values()))
            margin.set_speakers(self.names, shown)

    def speaker_links(self, quote_id: str) -> list[Link]:
        return [k for k in self.links.values() if k.from_id == quote_id]

    # -- attributing ----------------------------------------------------------------------------
    def _tell(self, message: str, ms: int = 6000) -> None:
        self.w.statusBar().showMessage(message, ms)

    def start(self) -> None:
        """A: the current annotation is the quote; the next click on a span names its speaker."""
        if self.waiting is not None:
            self.cancel("Speaker attribution cancelled")
            return
        pane, quote = self.w.ops.current_annotation()
        if quote is None or quote.tag == ACTOR_TAG:
            self._tell("Click a quote first, then press A and click its speaker's actor span")
            return
        self.waiting = (pane, quote)
        self.w.ops.pick = self._picked
        for each in self.w.panes:
            each.view.viewport().setCursor(Qt.CursorShape.CrossCursor)
        QApplication.instance().installEventFilter(self)  # type: ignore[union-attr]
        self._tell(f"Who said “{_excerpt(quote.text)}”? Click the speaker's actor span in the "
                   "same article (Esc cancels)", 0)

    def cancel(self, message: str = "") -> None:
        self.waiting = None
        if self.w.ops.pick == self._picked:
            self.w.ops.pick = None
        QApplication.instance().removeEventFilter(self)  # type: ignore[union-attr]
        for pane in self.w.panes:
            pane.view.viewport().setCursor(Qt.CursorShape.IBeamCursor)
        self.w.statusBar().clearMessage()
        if message:
            self._tell(message)

    def eventFilter(self, watched, event) -> bool:
        if (self.waiting is not None and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Escape):
            self.cancel("Speaker attribution cancelled")
            return True
        return False

    def _picked(self, pane, annotation_id: str) -> bool:
        assert self.waiting is not None
        quote_pane, quote = self.waiting
        if not annotation_id:
            self.cancel("Speaker attribution cancelled (a click outside any span)")
            return True
        if pane.article_id != quote.article_id:
            self._tell(self.other_article(quote) + " (Esc cancels)", 0)
            return True
        clicked = pane.view.store.by_id.get(annotation_id)
        if clicked is None or clicked.id == quote.id:
            self._tell("That is the quote itself: click its speaker's actor span (Esc cancels)", 0)
            return True
        speaker = clicked if clicked.tag == ACTOR_TAG else next(
            (a for a in sorted(pane.view.store.overlapping(clicked.start, clicked.end),
                               key=lambda a: a.end - a.start) if a.tag == ACTOR_TAG), None)
        if speaker is None:
            self._tell(self.not_an_actor(clicked) + " (Esc cancels)", 0)
            return True
        self.cancel()
        self.attribute(quote, speaker)
        self.show_quote(quote, quote_pane)
        return True

    def show_quote(self, quote: Annotation, pane) -> None:
        """Keep the attributed quote current and on screen: the margin that shows its speaker
        may have just appeared and narrowed the text, pushing the quote below the pane."""
        self.w.ops.select(quote.id, pane)

        def reveal() -> None:
            if pane not in self.w.panes or quote.id not in pane.view.store:
                return
            height = pane.view.viewport().height()
            if not any(r.bottom() > 0 and r.top() < height
                       for r in pane.view.span_rects(quote.start, quote.end)):
                self.w.ops.select(quote.id, pane, reveal=True)
        QTimer.singleShot(0, reveal)

    def other_article(self, quote: Annotation, verb: str = "click") -> str:
        """Why a span of another article cannot be the quote's speaker (A, or a drag)."""
        return (f"A speaker is in the same article as the quote: {verb} an actor span in "
                f"“{_excerpt(self.w.session.title(quote.article_id), 50)}”")

    @staticmethod
    def not_an_actor(annotation: Annotation, verb: str = "click") -> str:
        return f"“{_excerpt(annotation.text)}” is tagged {annotation.tag}: {verb} a span tagged " \
               f"{ACTOR_TAG}"

    def attribute(self, quote: Annotation, speaker: Annotation) -> bool:
        name = self.speaker_name(speaker)
        label = f"Speaker of “{_excerpt(quote.text)}”: {_excerpt(name)}"
        try:
            perform(self.w.undo_stack, AddLink(self.w.session, quote.id, speaker.id, SPEAKER,
                                               label=label))
        except AnnotatorError as exc:
            self._tell(f"Not attributed: {exc}")
            return False
        self._tell(f"“{_excerpt(quote.text)}” is said by {name} (Ctrl+Z to undo)")
        return True

    def remove(self, links: list[Link]) -> None:
        try:
            perform(self.w.undo_stack, DeleteLinks(self.w.session, links))
        except AnnotatorError as exc:
            self._tell(str(exc))

    # -- quote form and anonymity ---------------------------------------------------------------
    def set_form(self, form: str | None) -> None:
        """Shift+D / I / P: set the quote form of the current annotation (or the table's
        selected rows); pressed again, it clears it."""
        targets = self.w.ops._targets()
        if not targets:
            self._tell("Click a quote first, then set its form")
            return
        if form is not None and all(a.attributes.get("quote_form") == form for a in targets):
            form = None
        self._change(targets, "quote_form", form, f"Quote form {form or 'unset'}")

    def toggle_anonymous(self) -> None:
        targets = self.w.ops._targets()
        if not targets:
            self._tell("Click a quote first, then mark its source anonymous")
            return
        on = not all(a.attributes.get("anonymous") is True for a in targets)
        self._change(targets, "anonymous", True if on else None,
                     "Anonymous source" if on else "Source not anonymous")

    def _change(self, targets: list[Annotation], key: str, value, label: str) -> None:
        stack = self.w.undo_stack
        todo = [a for a in targets if a.attributes.get(key) != value]
        if len(todo) > 1:
            stack.beginMacro(f"{label} ({len(todo)} annotations)")
        try:
            for a in todo:
                attributes = {k: v for k, v in a.attributes.items() if k != key}
                if value is not None:
                    attributes[key] = value
                perform(stack, SetAttributes(self.w.session, a, attributes,
                                             f"{label}: “{_excerpt(a.text)}”"))
        except AnnotatorError as exc:
            self._tell(str(exc))
        finally:
            if len(todo) > 1:
                stack.endMacro()
        self.refresh_names()  # the margin shows forms too

    # -- the span's context menu ----------------------------------------------------------------
    def menu_entries(self, menu: QMenu, pane, annotation: Annotation) -> None:
        """Speaker and form entries, for spans that may be quotes (not actors or regions left
        out of the article, unless they already carry a form)."""
        if annotation.tag in (ACTOR_TAG, NOT_ARTICLE) and not annotation.attributes \
                and not self.speaker_links(annotation.id):
            return
        menu.addAction("Attribute to &speaker…\tA", self.start)
        for link in self.speaker_links(annotation.id):
            speaker = self.index.ends.get(link.to_id)
            who = self.speaker_name(speaker) if speaker is not None else "?"
            menu.addAction(f"Remove speaker {_excerpt(who)}", partial(self.remove, [link]))
        form = annotation.attributes.get("quote_form")
        for name in QUOTE_FORMS:
            action = menu.addAction(f"{name.capitalize()} quote\t{FORM_KEYS[name]}",
                                    partial(self.set_form, name))
            action.setCheckable(True)
            action.setChecked(form == name)
        anonymous = menu.addAction(f"Anonymous source\t{ANONYMOUS_KEY}", self.toggle_anonymous)
        anonymous.setCheckable(True)
        anonymous.setChecked(annotation.attributes.get("anonymous") is True)
