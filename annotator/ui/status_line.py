"""The window's status bar: whether everything is saved (or others' changes were shown), the
selection's extent, and the counts of articles, open panes and annotations."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QLabel, QProgressBar

from .words import plural


class StatusLine:
    def __init__(self, window) -> None:
        self.w = window
        self.saved = QLabel()
        self.counts = QLabel()
        self.selection = QLabel()
        # Moving while a file is imported (ui/background.py); shown and hidden, never added
        # then: adding a widget to a status bar shows its label again under a message.
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # (no measure of how far a read has got)
        self.busy.setMaximumWidth(160)
        self.busy.setObjectName("importBusy")
        bar = window.statusBar()
        bar.addWidget(self.saved, 1)
        bar.addPermanentWidget(self.busy)
        self.busy.hide()
        for label in (self.selection, self.counts):  # (a gap before each: a long message,
            label.setContentsMargins(16, 0, 0, 0)  # cut at its edge, never runs into them)
        bar.addPermanentWidget(self.selection)
        bar.addPermanentWidget(self.counts)

    def mark_saved(self, initial: bool = False) -> None:
        project = self.w.session.project
        if initial:
            self.saved.setText(f"All changes are saved in {project.path.name}")
        else:
            where = "the database" if project.shared else "disk"
            self.saved.setText(f"✓ Saved at {time.strftime('%H:%M:%S')} — everything is "
                               f"written to {where} as you work")
        self.saved.setToolTip(str(project.path))

    def mark_remote(self) -> None:
        self.saved.setText(f"↻ Others' changes shown at {time.strftime('%H:%M:%S')}")

    def update_counts(self) -> None:
        w = self.w
        model = w.annotations_panel.model
        open_articles = len({p.article_id for p in w.panes if p.article_id})
        shown = model.rowCount()
        filtered = f" ({shown:,} shown)" if shown != model.total() else ""
        where = (f"{open_articles:,} open" if open_articles == len(w.panes)
                 else f"{open_articles:,} open in {plural(len(w.panes), 'pane')}")
        self.counts.setText(f"{plural(len(w.session.articles), 'article')} · {where} · "
                            f"{plural(model.total(), 'annotation')}{filtered}")

    def show_selection(self, pane, start: int, end: int) -> None:
        if start < 0:
            self.selection.setText("")
            return
        span = pane.view.clean_selection()
        if span is None:
            self.selection.setText("Selection: only spaces")
        else:
            n = span[1] - span[0]
            self.selection.setText(f"Selection {span[0]:,}–{span[1]:,} "
                                   f"({n:,} character{'' if n == 1 else 's'})")
