"""Suggestions in the window: quotes, their speakers and known actors' mentions, found offline
(domain/suggestions/suggest.py), shown as dashed outlines over the text (suggestion_outlines.py).

Keys, live in an article while it has suggestions: Y or Enter accepts the one under the cursor
(the quote span, marked a direct quote, and its speaker's actor span, naming the known actor of
that name, and the speaker link: one undo step); X or Backspace dismisses it (remembered in the
project, undoable); Tab and Shift+Tab move between them. View › Show suggestions turns them off
(remembered). Everything is refreshed from the Session's signals, a pane at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import QApplication

from ...domain.comparison.links import SPEAKER
from ...domain.suggestions.kinds import ACTOR, QUOTE
from ...errors import AnnotatorError
from ..actors.actor_ops import ACTOR_TAG
from ..undo.commands import AddSpan, _Command, _excerpt, perform
from ..undo.commands_comparison import AddLink, SetActor, SetAttributes
from ..session import Session
from ..panes.suggestion_outlines import PaneSuggestions
from ..window_actions import annotate_menu

if TYPE_CHECKING:
    from ...domain.suggestions.suggest import Suggestion

SETTING = "view/suggestions"
QUOTE_TAG = "quote"
MAX_TEXT = 1_000_000  # longer articles get no suggestions (a pass over 1 MB takes ~0.3 s)


_KEYS = ("accept", "enter", "dismiss", "next", "prev")  # (live while an article has suggestions)

class DismissSuggestion(_Command):
    def __init__(self, session: Session, article_id: str, s: Suggestion, text: str):
        super().__init__(session, f"Dismiss suggested {s.kind} “{_excerpt(text)}”")
        self.item = (article_id, s.start, s.end, s.kind)

    def do(self) -> None:
        self.session.project.set_suggestions_dismissed([self.item])

    def undo(self) -> None:
        self.session.project.set_suggestions_dismissed([self.item], dismissed=False)


def describe(s: Suggestion, text: str) -> str:
    what = f"“{_excerpt(text[s.start:s.end], 50)}”"
    if s.kind == ACTOR:
        return f"Suggested actor mention {what}" + ("" if s.actor_id else " (names two actors)")
    said = f", said by {s.name}" + (" (a known actor)" if s.actor_id else "") if s.name else ""
    return f"Suggested quote {what}{said}"


class Suggestions(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.dismissed: set = set()
        self._dirty: set[str | None] = set()  # article ids to look at again (None: all)
        self._advance: tuple | None = None  # (pane, position): go on to the next one
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.refresh)
        # The first pass waits for the window's first frame: the text shows without waiting
        # for the suggesters (importing them and finding the quotes: 20 ms of a 240 ms start)
        self._painted = False
        window.installEventFilter(self)
        self.actions: dict[str, QAction] = {}
        self._make_actions()
        s = window.session
        s.annotationsChanged.connect(lambda article_id, *_: self.changed(article_id))
        s.annotationsReloaded.connect(self.changed)
        for signal in (s.actorsChanged, s.tagsChanged, s.suggestionsChanged, s.articlesChanged,
                       window.annotations_panel.model.modelReset):
            signal.connect(lambda *_: self.changed(None))
        s.suggestionsChanged.connect(self._read_dismissed)
        QApplication.instance().focusChanged.connect(self._focus_changed)
        self._read_dismissed()

    # -- actions --------------------------------------------------------------------------------
    def _make_actions(self) -> None:
        w = self.w
        show = QAction("Show &suggestions", w, checkable=True)
        show.setStatusTip("Outline quotes, their speakers and known actors' names found in the "
                          "text (Tab to move, Y to accept, X to dismiss)")
        show.setChecked(w.settings.flag(SETTING, True))
        show.toggled.connect(self._toggled)
        w.addAction(show)
        self.actions["show"] = show
        for key, text, slot, keys in (
                ("accept", "&Accept suggestion", self.accept, ["Y"]),
                ("enter", "Accept suggestion, or take the span a link or speaker waits for",
                 self.enter, ["Return", "Enter"]),
                ("dismiss", "&Dismiss suggestion", self.dismiss, ["X", "Backspace"]),
                ("next", "Ne&xt suggestion", lambda: self.move(True), ["Tab"]),
                ("prev", "Pre&vious suggestion", lambda: self.move(False), ["Shift+Tab"])):
            action = QAction(text, w)
            action.setShortcuts([QKeySequence(k) for k in keys])
            # Only while an article view has the focus (Enter and Tab keep their meaning
            # elsewhere), and only while that article has suggestions (_update_keys).
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            action.setEnabled(False)
            self.actions[key] = action
        # Listed with the window's actions: the Tags dialog then keeps Y and X off tags.
        w.actions_.update({f"suggestion-{k}": a for k, a in self.actions.items()})
        menu = annotate_menu(w).addMenu("S&uggestions")
        menu.addActions([self.actions[k] for k in ("accept", "dismiss", "next", "prev")])
        view = next((a.menu() for a in w.menuBar().actions()
                     if a.menu() is not None and a.text().replace("&", "") == "View"), None)
        if view is not None:
            view.addSeparator()
            view.addAction(show)

    @property
    def shown(self) -> bool:
        return self.actions["show"].isChecked()

    def _toggled(self, on: bool) -> None:
        self.w.settings.set(SETTING, on)
        self.changed(None)

    def _focus_changed(self, _old, _new) -> None:
        self._update_keys()

    def _update_keys(self) -> None:
        if self.w.closed:
            return
        pane = self.pane()
        live = self.shown and pane is not None and bool(PaneSuggestions.of(pane.view).items)
        for key in _KEYS:
            self.actions[key].setEnabled(live)

    # -- keeping up -----------------------------------------------------------------------------
    def _read_dismissed(self) -> None:
        try:
            self.dismissed = self.w.session.project.dismissed_suggestions()
        except AnnotatorError as exc:
            self.w.statusBar().showMessage(f"Dismissed suggestions could not be read: {exc}", 8000)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint and watched is self.w and not self._painted:
            self._painted = True  # (the window's own paint comes in the same pass as its
            self.w.removeEventFilter(self)  # panes'; the zero timer fires after it)
            if self._dirty and not self.w.closed:
                self._timer.start()
        return False

    def changed(self, article_id: str | None) -> None:
        self._dirty.add(article_id)
        if self._painted and not self.w.closed:
            self._timer.start()

    def refresh(self) -> None:
        """Suggestions again for the panes whose article changed (or all)."""
        dirty, self._dirty = self._dirty, set()
        if self.w.closed:
            return
        tags = {t.name for t in self.w.session.tags}
        for pane in self.w.panes:
            view = pane.view
            state = PaneSuggestions.of(view)
            self._attach(view, state)
            if None not in dirty and pane.article_id not in dirty:
                continue
            if not self.shown or not pane.article_id or view.loading or len(view.text) > MAX_TEXT:
                state.clear()
                continue
            state.set_items(self._suggest(pane.article_id, view, state, tags), view.text)
        self._update_keys()
        if self._advance is not None:
            pane, position = self._advance
            self._advance = None
            if pane in self.w.panes:
                self._go(pane, PaneSuggestions.of(pane.view).following(position, True, wrap=False),
                         "No more suggestions below in this article")

    def _suggest(self, article_id: str, view, state: PaneSuggestions, tags: set[str]):
        from ...domain.suggestions.suggest import mention_suggestions, quote_suggestions, suggest

        dismissed = {(s, e, k) for a, s, e, k in self.dismissed if a == article_id}
        actors = self.w.actor_ops.actors() if ACTOR_TAG in tags else []
        quotes = state.quotes_for(view.text, quote_suggestions) if QUOTE_TAG in tags else []
        mentions = state.mentions_for(view.text, actors, mention_suggestions)
        found = suggest(view.text, view.store.ordered(), actors, dismissed,
                        quote_tag=QUOTE_TAG, actor_tag=ACTOR_TAG, quotes=quotes,
                        mentions=mentions)
        if ACTOR_TAG not in tags:  # speakers are actor spans
            found = [s._replace(speaker=None, name="", actor_id=None) for s in found]
        return found

    def _attach(self, view, state: PaneSuggestions) -> None:
        """The keys work in every article view; the cursor picks the suggestion under it."""
        if self.actions["accept"] not in view.actions():
            view.addActions([self.actions[k] for k in _KEYS])
            view.cursorPositionChanged.connect(lambda v=view: self._cursor_moved(v))

    def _cursor_moved(self, view) -> None:
        state = PaneSuggestions.of(view)
        under = state.at_cursor()
        if under is not None and under != state.current:
            state.current = under
            view.viewport().update()
            self.w.statusBar().showMessage(self._status(under, view.text), 10000)

    # -- the user's keys ------------------------------------------------------------------------
    def pane(self):
        focused = next((p for p in self.w.panes if p.view.hasFocus()), None)
        if focused is not None:
            return focused
        return self.w.active_pane() if self.w.panes else None

    def _status(self, s: Suggestion, text: str) -> str:
        return f"{describe(s, text)} — Y accept · X dismiss · Tab next"

    def _go(self, pane, s: Suggestion | None, none_left: str) -> None:
        state = PaneSuggestions.of(pane.view)
        state.current = s
        pane.view.viewport().update()
        if s is None:
            self.w.statusBar().showMessage(none_left, 5000)
            return
        view = pane.view
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.offsets.to_utf16(s.start))
        view.setTextCursor(cursor)
        rects = view.span_rects(s.start, s.end)
        if not rects or rects[-1].bottom() > view.viewport().height() or rects[0].top() < 0:
            view.centerCursor()  # the whole suggestion in sight, not just its first line
        self.w.statusBar().showMessage(self._status(s, view.text), 10000)

    def move(self, forward: bool) -> None:
        pane = self.pane()
        if pane is None:
            return
        state = PaneSuggestions.of(pane.view)
        if state.current is not None:
            position = state.current.start
        else:
            position = pane.view.offsets.to_codepoint(pane.view.textCursor().position())
            position -= 1 if forward else 0  # one starting at the cursor comes next
        self._go(pane, state.following(position, forward), "No suggestions in this article")

    def _target(self):
        pane = self.pane()
        if pane is None or not pane.article_id:
            return None, None
        state = PaneSuggestions.of(pane.view)
        s = state.at_cursor() or state.current
        if s is None:
            self.w.statusBar().showMessage("No suggestion under the cursor: Tab goes to the next "
                                           "one", 5000)
        return pane, s

    def dismiss(self) -> None:
        pane, s = self._target()
        if s is None:
            return
        try:
            perform(self.w.undo_stack, DismissSuggestion(self.w.session, pane.article_id, s,
                                                         pane.view.text[s.start:s.end]))
        except AnnotatorError as exc:
            self.w.statusBar().showMessage(f"Not dismissed: {exc}", 8000)
            return
        self._advance = (pane, s.start)

    def enter(self) -> None:
        """Enter: the span a link or a speaker waits for (L, A), when one waits; else Y's."""
        if not self.w.ops.pick_current():
            self.accept()

    def accept(self) -> None:
        pane, s = self._target()
        if s is None:
            return
        text = pane.view.text
        stack = self.w.undo_stack
        label = (f"Accept suggested quote “{_excerpt(text[s.start:s.end])}”"
                 + (f" said by {_excerpt(s.name)}" if s.name else "") if s.kind == QUOTE
                 else f"Accept suggested actor “{_excerpt(text[s.start:s.end])}”")
        stack.beginMacro(label)
        failed = None
        try:
            self._make(pane, s, text)
        except AnnotatorError as exc:
            failed = exc
        finally:
            stack.endMacro()
        if failed is not None:
            stack.undo()  # nothing half done
            self.w.statusBar().showMessage(f"Not accepted: {failed}", 8000)
            return
        self.w.statusBar().showMessage(f"{label} (Ctrl+Z to undo)", 5000)
        self._advance = (pane, s.start)

    def _make(self, pane, s: Suggestion, text: str) -> None:
        session, stack, article_id = self.w.session, self.w.undo_stack, pane.article_id
        if s.kind == ACTOR:
            self._actor_span(pane, s.start, s.end, s.actor_id, text)
            return
        add = AddSpan(session, article_id, s.start, s.end, QUOTE_TAG, text[s.start:s.end])
        perform(stack, add)
        quote = add.annotation
        assert quote is not None
        perform(stack, SetAttributes(session, quote, {"quote_form": "direct"},
                                     f"Quote form direct: “{_excerpt(quote.text)}”"))
        if s.speaker is not None:
            speaker = self._actor_span(pane, *s.speaker, s.actor_id, text)
            perform(stack, AddLink(session, quote.id, speaker.id, SPEAKER,
                                   label=f"Speaker of “{_excerpt(quote.text)}”"))

    def _actor_span(self, pane, start: int, end: int, actor_id: str | None, text: str):
        """The actor span there: one already tagged over it, or a new one naming the actor."""
        tagged = [a for a in pane.view.store.overlapping(start, end) if a.tag == ACTOR_TAG]
        if tagged:
            return min(tagged, key=lambda a: (abs(a.start - start) + abs(a.end - end), a.start))
        add = AddSpan(self.w.session, pane.article_id, start, end, ACTOR_TAG, text[start:end])
        perform(self.w.undo_stack, add)
        assert add.annotation is not None
        if actor_id is None:
            return add.annotation
        name = SetActor(self.w.session, [add.annotation], actor_id, "Name the actor")
        perform(self.w.undo_stack, name)
        return add.annotation
