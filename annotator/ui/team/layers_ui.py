"""The Annotators menu (View › Annotators, and a button on the toolbar): which annotators'
layers the panes draw and the Annotations table lists, remembered per project.

"All annotators", "Only mine" (and "Only gold" once there is a gold layer), then a checkbox per
annotator of the project, then the legend: the picture of each shown layer's style (the primary
layer filled, the others underlined, gold boxed: layers_paint.py). The menu stays open while
its entries are ticked (LayersMenu), so several layers are chosen in one go. The annotators
are read from the project at start and again when articles change wholesale (a merge, an
import), and a name first seen in an annotationsChanged signal (another window, an undo) is
added at once: the menu refreshes from the Session's signals only.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton

from ...domain.annotators import GOLD
from .layers import ALL, GOLD_STYLE, MINE, ONLY_GOLD_NAMES, SOME, Choice, Plan, display_name, plan
from .layers_paint import legend_icon
from ..settings import WindowSettings


class LayersMenu(QMenu):
    """A menu whose checkable entries are ticked without closing it (by a click, Enter or
    Space); Escape or a click outside closes it."""

    def _tick(self, action) -> bool:
        if action is None or not action.isCheckable() or not action.isEnabled():
            return False
        action.trigger()
        return True

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and \
                self._tick(self.actionAt(event.position().toPoint())):
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and \
                self._tick(self.activeAction()):
            return
        super().keyPressEvent(event)


class AnnotatorLayers(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.known: set[str] = set(window.session.project.annotator_names())
        self.choice = self._load()
        self.plan = Plan()
        self.me = ""
        self.menu = LayersMenu("Annota&tors", window)
        self.menu.setToolTipsVisible(True)
        self.menu.aboutToShow.connect(self._fill)
        self._add_to_view_menu()
        self.button = QToolButton()
        self.button.setMenu(self.menu)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setToolTip("Which annotators' spans the articles and the Annotations table "
                               "show")
        self.button_action = window.tag_bar.addWidget(self.button)
        s = window.session
        s.annotationsChanged.connect(self._on_annotations_changed)
        s.annotationsReloaded.connect(lambda _aid: self.reread())
        s.articlesChanged.connect(self.reread)
        self.apply()

    # -- remembered per project -----------------------------------------------------------------
    def _key(self) -> str:
        return WindowSettings._project_key(self.w.session.project.path)

    def _load(self) -> Choice:
        q = self.w.settings.qsettings
        return Choice.restored(q.value(f"{self._key()}/layers-mode"),
                               q.value(f"{self._key()}/layers-names"))

    def _save(self) -> None:
        mode, names = self.choice.saved()
        self.w.settings.set(f"{self._key()}/layers-mode", mode)
        self.w.settings.set(f"{self._key()}/layers-names", names)

    # -- the choice -----------------------------------------------------------------------------
    def choose(self, choice: Choice) -> None:
        self.choice = choice
        self._save()
        self.apply()

    def toggle(self, name: str) -> None:
        self.choose(self.choice.toggled(name, self.known, self.me))

    def everyone(self) -> list[str]:
        return sorted(self.known | {self.me}, key=str.casefold)

    def apply(self) -> None:
        """Give every pane and the table the plan of the choice as it is now."""
        self.me = self.w.session.project.annotator
        self.plan = plan(self.choice, self.known, self.me)
        for pane in self.w.panes:
            self.apply_to(pane)
        self.w.annotations_panel.model.set_shown_annotators(self.plan.shown)
        self.w.linking.index.set_shown(self.plan.shown)  # the Links table and the drawn links
        self.button.setText(f"Annotators: {self.choice.label(self.known, self.me)}")
        self.button_action.setVisible(len(self.known) > 1 or self.choice.mode != ALL)  # (more
        # than one layer with spans: the user's own, still empty, is none)
        current = self.w.ops.current_annotation()
        if current[1] is not None and self.plan.shown is not None \
                and current[1].annotator not in self.plan.shown:
            self.w.ops.select("", current[0])  # the selected span is hidden now
        if self.menu.isVisible():  # ticked in the open menu: its checks and legend again
            QTimer.singleShot(0, self._fill)

    def apply_to(self, pane) -> None:
        pane.view.set_layers(self.plan.shown, self.plan.primary, self.plan.styles)

    # -- refreshing from the Session ------------------------------------------------------------
    def _on_annotations_changed(self, _article_id: str, upserted: list, _removed: list) -> None:
        names = {a.annotator for a in upserted}
        if not names <= self.known or self.w.session.project.annotator != self.me:
            self.known |= names
            self.apply()

    def reread(self) -> None:
        known = set(self.w.session.project.annotator_names())
        if known != self.known or self.w.session.project.annotator != self.me:
            self.known = known
            self.apply()

    # -- the menu -------------------------------------------------------------------------------
    def _add_to_view_menu(self) -> None:
        for action in self.w.menuBar().actions():
            if action.menu() is not None and action.text().replace("&", "") == "View":
                action.menu().addSeparator()
                action.menu().addMenu(self.menu)
                return

    def _fill(self) -> None:
        if self.w.session.project.annotator != self.me:
            self.apply()
        menu = self.menu
        menu.clear()
        mode = self.choice.mode
        every = menu.addAction("All annotators", lambda: self.choose(Choice(ALL)))
        mine = menu.addAction(f"Only mine ({self.me})", lambda: self.choose(Choice(MINE)))
        presets = [(every, mode == ALL), (mine, mode == MINE)]
        if GOLD in self.known:  # the team's final check: the adjudicated layer alone
            gold = menu.addAction("Only gold (adjudicated)",
                                  lambda: self.choose(Choice(SOME, ONLY_GOLD_NAMES)))
            presets.append((gold, self.choice.only_gold))
        for action, on in presets:
            action.setCheckable(True)
            action.setChecked(on)
        menu.addSeparator()
        shown = self.choice.shown(self.known, self.me)
        for name in self.everyone():
            action = QAction(display_name(name, self.me), menu)
            action.setCheckable(True)
            action.setChecked(name in shown)
            action.triggered.connect(lambda _=False, n=name: self.toggle(n))
            menu.addAction(action)
        if self.plan.styles:  # the legend: which layer looks how
            menu.addSeparator()
            styles = self.plan.styles
            names = [self.plan.primary,  # then the others by style, gold last
                     *sorted(styles, key=lambda n: (styles[n] == GOLD_STYLE, styles[n]))]
            for name in names:
                style = self.plan.styles.get(name) if name != self.plan.primary else None
                how = "filled with the tag's colour" if style is None else \
                    "boxed, the tag's colour darker" if style == GOLD_STYLE else \
                    "underlined in the tag's colour, this pattern"
                entry = menu.addAction(legend_icon(style), f"{display_name(name)}: {how}")
                entry.setEnabled(False)
