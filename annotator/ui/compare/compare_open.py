"""What a click in the Compare view opens: the articles a cell counts, side by side in the
window's panes (up to its pane limit), with the annotations table filtered to the actor and the
first span shown; or a claim group's members, one pane per article, each selected."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QTimer

from ...domain.model import Annotation
from ..layout_memory import MAX_PANES
from ..words import plural

WAIT_TRIES = 50  # × 100 ms: an article with many spans reads them in a thread first


def show_articles(w, article_ids: list[str]) -> dict:
    """Show these articles side by side (at most the window's pane limit): the panes already
    showing one stay; the others take empty panes first, then the active pane, then the rest,
    then new panes. Returns {article id: its pane}."""
    targets = list(dict.fromkeys(article_ids))[:MAX_PANES]
    shown = {}
    for article_id in targets:
        panes = w.panes_showing(article_id)
        if panes:
            shown[article_id] = panes[0]
    active = w.active_pane()
    free = sorted((p for p in w.panes if p.article_id not in targets),
                  key=lambda p: (p.article_id is not None, p is not active, w.panes.index(p)))
    for article_id in targets:
        if article_id in shown:
            continue
        if free:
            pane = free.pop(0)
        elif len(w.panes) < MAX_PANES:
            pane = w.add_pane()
        else:
            break
        w.show_in_pane(pane, article_id)
        shown[article_id] = pane
    return shown


def when_loaded(panes, then, tries: int = WAIT_TRIES) -> None:
    """Run ``then()`` once every pane holds all of its spans."""
    if any(p.view.loading for p in panes) and tries > 0:
        QTimer.singleShot(100, lambda: when_loaded(panes, then, tries - 1))
    else:
        then()


def set_table_filter(w, text: str) -> None:
    panel = w.annotations_panel
    panel.tag_filter.setCurrentIndex(0)
    panel.text_filter.setText(text)
    w.annotations_dock.show()
    w.annotations_dock.raise_()


def open_actor(w, actor: dict, article_ids: list[str], labels: dict[str, str]) -> None:
    """The spans an actor's cell counts: its articles side by side, the table filtered to the
    actor (to its quotes when these articles only quote it), the first span selected."""
    name = actor["name"]
    named = [a for a in article_ids if actor["mentions"].get(a)]
    quoted = [a for a in article_ids if actor["quotes"].get(a)]
    shown = show_articles(w, article_ids)
    key = "actor" if named or not quoted else "speaker"
    set_table_filter(w, f'{key}:"{name}"')
    if not named and not quoted:
        where = ", ".join(labels.get(a, "?") for a in article_ids)
        w.statusBar().showMessage(f"{where} never names or quotes {name}", 10000)
        return
    order = {a: i for i, a in enumerate(named or quoted)}

    def select_first() -> None:
        model = w.annotations_panel.model
        listed = [model.annotation(r) for r in range(model.rowCount())]
        rows = [a for a in listed if a.article_id in order and a.article_id in shown]
        if not rows:
            return
        first = min(rows, key=lambda a: (order[a.article_id], a.start, a.end))
        pane = shown[first.article_id]
        if first.id in pane.view.store.by_id:
            w.ops.select(first.id, pane, reveal=True)
        noun, verb = ("span", "naming") if key == "actor" else ("quote", "said by")
        where = ", ".join(labels.get(a, "?") for a in order)
        also = f" ({len(listed)} in the open articles)" if len(listed) > len(rows) else ""
        w.statusBar().showMessage(f"{plural(len(rows), noun)} {verb} {name} in {where}{also}: "
                                  "↑/↓ in the table steps through them", 10000)

    when_loaded(list(shown.values()), select_first)


def open_spans(w, spans: list[Annotation], article_order: list[str]) -> None:
    """Spans (a claim group's members, perhaps with what contradicts them) side by side: one
    pane per article, the first span of each selected there and revealed, all of them selected
    in the annotations table."""
    if not spans:
        return
    rank = {a: i for i, a in enumerate(article_order)}
    spans = sorted(spans, key=lambda a: (rank.get(a.article_id, len(rank)), a.start, a.end))
    shown = show_articles(w, [a.article_id for a in spans])
    visible = [a for a in spans if a.article_id in shown]
    if len(visible) < len(spans):
        w.statusBar().showMessage(f"{len(spans) - len(visible)} of the spans are in articles "
                                  f"beyond the {MAX_PANES} panes", 10000)

    def select() -> None:
        panel = w.annotations_panel
        if any(panel.model.row_of(a.id) < 0 for a in visible):
            panel.tag_filter.setCurrentIndex(0)
            panel.text_filter.setText("")
        firsts: dict[str, Annotation] = {}
        for a in visible:
            firsts.setdefault(a.article_id, a)
        syncing, w._syncing = w._syncing, True  # each pane is placed here, not by syncing
        try:
            pairs = [(shown[aid], a) for aid, a in firsts.items()
                     if a.id in shown[aid].view.store.by_id]
            if not pairs:
                return
            w.ops.select(pairs[0][1].id, pairs[0][0], reveal=True)
            for pane, a in pairs[1:]:
                pane.view.set_current(a.id, reveal=True)
        finally:
            w._syncing = syncing
        selection = panel.table.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for a in visible[1:]:
            row = panel.model.row_of(a.id)
            if row >= 0:
                selection.select(panel.model.index(row, 0), flags)

    when_loaded(list(shown.values()), select)
