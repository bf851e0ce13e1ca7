"""Menus, toolbar and keyboard shortcuts of the main window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QToolButton

from ..domain.comparison.links import NOT_ARTICLE
from .actors import actor_actions
from .team import adjudication_view, agreement_view
from .compare import compare_view
from .dialogs import file_choice
from .panels import swatch

HELP = """<h3>annotator</h3>
<p>Select text in an article, then press a tag's key (or click its button): the span is saved
at once. Click a highlight to select its annotation; click again to walk out through nested
ones.</p>
<table>
<tr><td><b>1 2 3 …</b></td><td>tag the selection (or retag the selected annotation)</td></tr>
<tr><td><b>B</b></td><td>mark the selection as not part of the article (dimmed, not counted)</td></tr>
<tr><td><b>Delete</b></td><td>delete the selected annotation(s)</td></tr>
<tr><td><b>F2</b></td><td>edit the note</td></tr>
<tr><td><b>L</b></td><td>link the selected span: click the span to link to, choose the type
(Esc cancels)</td></tr>
<tr><td><b>E</b></td><td>set the selected annotation's extent to the text selection</td></tr>
""" + actor_actions.HELP_ROWS + """
<tr><td><b>Alt+← / Alt+→</b></td><td>move the start one character</td></tr>
<tr><td><b>Alt+Shift+← / →</b></td><td>move the end one character</td></tr>
<tr><td><b>Alt+↓ / Alt+↑</b></td><td>next / previous annotation</td></tr>
<tr><td><b>Tab / Shift+Tab</b></td><td>next / previous suggestion (dashed outline)</td></tr>
<tr><td><b>Y / Enter · X / Backspace</b></td><td>accept / dismiss the suggestion</td></tr>
<tr><td><b>F6</b></td><td>switch pane</td></tr>
<tr><td><b>Ctrl+Shift+C</b></td><td>the Compare view: actors by articles, claims, chart</td></tr>
<tr><td><b>Ctrl+Shift+J</b></td><td>Adjudicate: settle the coders' disagreements into the gold layer</td></tr>
<tr><td><b>Ctrl+F</b></td><td>find in the article</td></tr>
<tr><td><b>Ctrl+Z / Ctrl+Shift+Z</b></td><td>undo / redo</td></tr>
</table>
<p>Offsets are Unicode code points; every change is written to disk immediately.</p>"""


def format_tips() -> tuple[str, str]:
    """The Import and Export tooltips, naming every format of formats.registry (so that a format
    registered there is named here without a change)."""
    from ..formats.registry import FORMATS

    articles = " ".join(e for f in FORMATS if f.article for e in f.extensions)
    others = [f for f in FORMATS if f.name != "json" and not f.article]
    readable = ", ".join(f.name for f in others if f.can_read)
    writable = ", ".join(f.name for f in others if f.can_write)
    return (f"Import articles ({articles}), an export, or another tool's file ({readable})",
            f"Export all annotations: JSON, or a format of another tool ({writable})")


def build_actions(w) -> dict[str, QAction]:
    ops, files = w.ops, w.files
    a: dict[str, QAction] = {}

    def act(key, text, slot, shortcut=None, tip=None, checkable=False):
        action = QAction(text, w)
        if shortcut:
            action.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.setCheckable(checkable)
        if slot:
            action.triggered.connect(slot)
        w.addAction(action)
        a[key] = action
        return action

    act("new", "&New project…", files.new_project, QKeySequence.StandardKey.New)
    act("open", "&Open project…", files.open_project, QKeySequence.StandardKey.Open)
    act("open_shared", "Open &shared project…", lambda: _open_shared(w), None,
        "Open a project in a PostgreSQL database, by its URL")
    import_tip, export_tip = format_tips()
    act("import", "&Import articles…", files.choose_and_import, "Ctrl+I", import_tip)
    act("import_folder", "Import a &folder…", files.choose_and_import_folder, "Ctrl+Shift+I",
        "Import a folder of another tool's files: brat (.txt and .ann pairs), CSV tables, "
        "Label Studio (tasks.json and config.xml)")
    act("export", "&Export…", files.choose_and_export, "Ctrl+E", export_tip)
    bom = act("csv_bom", "CSV exports for E&xcel (byte-order mark)", None, None,
              "Begin CSV files with a UTF-8 byte-order mark, so that Excel shows accents and "
              "other scripts right", checkable=True)
    bom.setChecked(w.settings.flag(file_choice.CSV_BOM, False))
    bom.toggled.connect(lambda on: w.settings.set(file_choice.CSV_BOM, on))
    act("restore", "&Restore from backup…", files.restore_backup, None,
        "Replace the project with one of its backup copies")
    act("quit", "&Quit", w.close, QKeySequence.StandardKey.Quit)
    stack = w.undo_stack
    undo = act("undo", "&Undo", lambda: _said(w, stack.undoText(), stack.undo, "Undone"),
               QKeySequence.StandardKey.Undo)
    redo = act("redo", "&Redo", lambda: _said(w, stack.redoText(), stack.redo, "Redone"),
               [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    # Short labels on the toolbar; what would be undone shows in the tooltip and the menu.
    for action, can, changed, word in ((undo, stack.canUndo, stack.undoTextChanged, "Undo"),
                                       (redo, stack.canRedo, stack.redoTextChanged, "Redo")):
        action.setEnabled(can())
        (stack.canUndoChanged if word == "Undo" else stack.canRedoChanged).connect(action.setEnabled)
        changed.connect(lambda text, x=action, wd=word: (x.setText(f"{wd} {text}" if text else wd),
                                                         x.setIconText(wd),
                                                         x.setToolTip(f"{wd} {text}".strip())))
        action.setIconText(word)
    act("delete", "&Delete annotation", ops.delete, "Delete")
    act("note", "Edit &note…", ops.edit_note, "F2")
    act("extent", "Set &extent to selection", ops.set_extent_from_selection, "E")
    act("start-", "Start one character earlier", lambda: ops.nudge("start", False), "Alt+Left")
    act("start+", "Start one character later", lambda: ops.nudge("start", True), "Alt+Right")
    act("end-", "End one character earlier", lambda: ops.nudge("end", False), "Alt+Shift+Left")
    act("end+", "End one character later", lambda: ops.nudge("end", True), "Alt+Shift+Right")
    act("next", "&Next annotation", lambda: ops.goto(True), "Alt+Down")
    act("prev", "&Previous annotation", lambda: ops.goto(False), "Alt+Up")
    act("details", "Article de&tails…", lambda: ops.edit_details(), "Ctrl+D",
        "Title, source, author and date of the article in the active pane")
    act("copy", "&Copy", ops.copy, QKeySequence.StandardKey.Copy)
    act("find", "&Find in article…", lambda: w.active_pane().find_bar.open(), QKeySequence.StandardKey.Find)
    act("find-next", "Find ne&xt", lambda: w.active_pane().find_bar.find_again(False),
        [QKeySequence(QKeySequence.StandardKey.FindNext)])
    act("find-prev", "Find pre&vious", lambda: w.active_pane().find_bar.find_again(True),
        [QKeySequence(QKeySequence.StandardKey.FindPrevious)])
    act("pane", "Switc&h pane", w.next_pane, "F6")  # (&P: Previous annotation)
    act("add-pane", "&Add a pane", w.add_pane, "Ctrl+Shift+N")
    act("sync", "Sync scrolling", None, None, "Keep the panes' scroll positions aligned", True)
    act("zoom-in", "Zoom &in", lambda: w.zoom(+1), [QKeySequence(QKeySequence.StandardKey.ZoomIn),
                                                    QKeySequence("Ctrl+=")])
    act("zoom-out", "Zoom &out", lambda: w.zoom(-1), [QKeySequence(QKeySequence.StandardKey.ZoomOut)])
    act("zoom-reset", "Standard te&xt size", lambda: w.zoom(0), "Ctrl+0")  # (&S: suggestions)
    act("words", "Snap selections to whole &words", ops.set_snap_words, None,
        "A selection that starts or ends inside a word takes the whole word", True)
    act("help", "&Keys and help", lambda: QMessageBox.about(w, "annotator", HELP), "F1")
    act("link", "&Link…", lambda: w.linking.ops.start(), "L",
        "Link the selected span to the next span you click, in any pane (then choose the type)")
    act("link-cancel", "Cancel linking", lambda: w.linking.ops.cancel(), "Esc").setEnabled(False)
    act("tags", "&Tags…", lambda: edit_tags(w), None,
        "Add, rename, recolour, reorder tags and set their keys")
    act("not-article", "&Not part of the article", lambda: w.regions.mark_selection(), "B",
        "Mark the selection as not part of the article (navigation, captions, comments): "
        "dimmed, and left out of counts")
    act("annotate-as", "Annotate &as…", lambda: w.annotate_as.ask(), None,
        "Who is annotating: new annotations and links carry this name")
    actor_actions.add_actions(w, act)  # A, M, Shift+D/I/P/N, new actor
    compare_view.add_actions(w, act, a)  # View › Compare, File › Export report…
    agreement_view.add_action(w, a)  # View › Agreement…
    adjudication_view.add_actions(w, act, a)  # View › Adjudicate… (Ctrl+Shift+J)
    a.update(_tag_actions(w))
    _menus(w, a)
    _toolbar(w, a)
    return a


def _open_shared(w) -> None:
    from .team.shared_project import open_shared_project

    open_shared_project(w)


def _menus(w, a) -> None:
    bar = w.menuBar()
    file = bar.addMenu("&File")
    file.addActions([a["new"], a["open"], a["open_shared"]])
    recent = file.addMenu("Open re&cent")
    recent.aboutToShow.connect(lambda: _fill_recent(w, recent))
    file.addSeparator()
    file.addActions([a["import"], a["import_folder"], a["export"], a["csv_bom"]])
    file.addSeparator()
    file.addAction(a["restore"])
    file.addSeparator()
    file.addAction(a["quit"])
    edit = bar.addMenu("&Edit")
    edit.addActions([a["undo"], a["redo"]])
    edit.addSeparator()
    edit.addActions([x for k, x in a.items() if k.startswith("tag:")])
    w.tag_menu, w.tag_menu_end = edit, edit.addSeparator()  # tag actions go before it
    edit.addActions([a["delete"], a["note"], a["extent"]])
    extent = edit.addMenu("Adjust extent")
    extent.addActions([a["start-"], a["start+"], a["end-"], a["end+"]])
    edit.addSeparator()
    edit.addActions([a["details"], a["copy"], a["find"], a["find-next"], a["find-prev"]])
    annotate = annotate_menu(w)
    annotate.addActions([a["not-article"], a["tags"]])
    annotate.addSeparator()
    annotate.addAction(a["link"])
    file.insertAction(a["quit"], a["annotate-as"])
    file.insertSeparator(a["quit"])
    view = bar.addMenu("&View")
    view.addActions([a["next"], a["prev"], a["pane"], a["add-pane"], a["sync"], a["words"]])
    view.addSeparator()
    view.addActions([a["zoom-in"], a["zoom-out"], a["zoom-reset"]])
    view.addSeparator()
    view.addAction(w.articles_dock.toggleViewAction())
    view.addAction(w.annotations_dock.toggleViewAction())
    view.addAction(w.linking.dock.toggleViewAction())
    actor_actions.fill_menus(w, a, annotate, view)
    compare_view.fill_menus(w, a, file, view)
    view.addAction(a["agreement"])
    adjudication_view.fill_menus(w, a, view)
    bar.addMenu("&Help").addAction(a["help"])


def _fill_recent(w, menu) -> None:
    menu.clear()
    for path in w.settings.recent():
        menu.addAction(path, lambda p=path: w.switchProject.emit(p))
    if menu.isEmpty():
        menu.addAction("(none yet)").setEnabled(False)


def _toolbar(w, a) -> None:
    bar = w.addToolBar("Tags")
    bar.setObjectName("toolbar-main")
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    bar.addActions([x for k, x in a.items() if k.startswith("tag:")])
    w.tag_bar, w.tag_bar_end = bar, bar.addSeparator()  # tag actions go before it
    bar.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    bar.customContextMenuRequested.connect(lambda point: _toolbar_menu(w, bar, point))
    bar.addActions([a["undo"], a["redo"]])
    bar.addSeparator()
    bar.addAction(a["sync"])
    bar.addSeparator()
    bar.addActions([a["import"], a["export"]])
    for action in (a["undo"], a["redo"], a["sync"], a["import"], a["export"]):
        button = bar.widgetForAction(action)
        if isinstance(button, QToolButton):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)


def toolbar_menu(w) -> QMenu:
    """The toolbar's context menu: the tag editor, then the panels and toolbars to show."""
    menu = w.createPopupMenu() or QMenu(w)
    if menu.actions():
        first = menu.actions()[0]
        menu.insertAction(first, w.actions_["tags"])
        menu.insertSeparator(first)
    else:
        menu.addAction(w.actions_["tags"])
    return menu


def _toolbar_menu(w, bar, point) -> None:
    menu = toolbar_menu(w)
    menu.exec(bar.mapToGlobal(point))
    menu.deleteLater()


# -- the project's own tags: their actions are made again whenever the tags change -------------
def _tag_actions(w) -> dict[str, QAction]:
    actions: dict[str, QAction] = {}
    for tag in w.session.tags:
        if tag.name == NOT_ARTICLE:  # marked with its own action (B), drawn dimmed
            continue
        action = QAction(tag.name, w)
        action.triggered.connect(lambda _=False, t=tag.name: w.ops.tag(t))
        if tag.shortcut:
            action.setShortcut(QKeySequence(tag.shortcut))
            action.setIconText(f"{tag.name}  {tag.shortcut}")
        tip = f"Tag the selection as {tag.name} ({tag.shortcut or 'no key'}): {tag.description}"
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.setIcon(swatch(tag.color, 14))
        w.addAction(action)
        actions[f"tag:{tag.name}"] = action
    return actions


def rebuild_tag_actions(w) -> None:
    """Replace the tag actions (toolbar buttons, Edit menu entries, keys) by ones made from the
    project's tags as they are now (Session.tagsChanged)."""
    a = w.actions_
    for key in [k for k in a if k.startswith("tag:")]:
        action = a.pop(key)
        for holder in action.associatedObjects():
            if hasattr(holder, "removeAction"):
                holder.removeAction(action)
        action.deleteLater()
    fresh = _tag_actions(w)
    a.update(fresh)
    w.tag_menu.insertActions(w.tag_menu_end, list(fresh.values()))
    w.tag_bar.insertActions(w.tag_bar_end, list(fresh.values()))


def annotate_menu(w) -> QMenu:
    """The Annotate menu, made by whichever feature asks for it first (before View)."""
    bar = w.menuBar()
    for action in bar.actions():
        if action.menu() is not None and action.text().replace("&", "") == "Annotate":
            return action.menu()
    menu = QMenu("&Annotate", w)
    view = next((x for x in bar.actions() if x.text().replace("&", "") == "View"), None)
    bar.insertMenu(view, menu) if view is not None else bar.addMenu(menu)
    return menu


def edit_tags(w) -> None:
    from .dialogs.tags_dialog import TagsDialog

    TagsDialog(w).exec()


def _said(w, text: str, step, word: str) -> None:
    """Undo or redo a step, and say which in the status bar (the keys give no other sign); not
    when the step was given up (another's change kept: the stack drops it, and says why)."""
    stack = w.undo_stack
    index, count = stack.index(), stack.count()
    step()
    if text and stack.count() == count and stack.index() != index:
        w.statusBar().showMessage(f"{word}: {text}", 5000)
