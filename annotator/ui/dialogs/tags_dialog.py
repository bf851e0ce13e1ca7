"""The tag editor (Annotate › Tags…): the project's own tags, one row each (colour, name, key,
description). Add, rename, recolour, set or clear a key, describe, move up or down, delete an
unused tag: each change is one undoable command, and a refusal is said in the dialog in one
sentence with nothing changed. The rows follow Session.tagsChanged, so an undo shows at once."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QColorDialog, QDialog, QDialogButtonBox,
                               QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout)

from ...domain.comparison.links import NOT_ARTICLE
from ...domain.model import Tag
from ...errors import AnnotatorError, InputRefused
from ..undo import commands_comparison as cc
from ..undo.commands import perform
from ..panels import swatch

COLOR, NAME, KEY, DESCRIPTION = range(4)
RESERVED_KEYS = ("A", "B", "L", "M")  # speaker, not part of the article, link, every mention
NEW_COLORS = ("#8e44ad", "#e67e22", "#16a085", "#c0392b", "#2980b9", "#7f8c8d", "#d4ac0d")


def reserved_keys(window) -> dict[str, str]:
    """Keys no tag may take, each with what it does: the reserved ones and any other one-key
    action of the window."""
    keys = {k: "another action of the window" for k in RESERVED_KEYS}
    for name, action in getattr(window, "actions_", {}).items():
        text = action.shortcut().toString()
        if not name.startswith("tag:") and len(text) == 1:
            keys[text.upper()] = "“" + action.text().replace("&", "").rstrip("…") + "”"
    return keys


class TagsDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.session = window.session
        self.setWindowTitle("Tags")
        self.setMinimumSize(620, 340)
        intro = QLabel("The project's tags, in toolbar order. Double-click a name, key or "
                       "description to change it; a key is one character (empty: none).")
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Colour", "Name", "Key", "Description"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(COLOR, 90)
        header.resizeSection(NAME, 140)
        header.resizeSection(KEY, 50)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b03a2e;")
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, text, slot in (("add", "&Add", lambda: self.add()),
                                ("colour", "&Colour…", self.choose_colour),
                                ("up", "Move &up", lambda: self.move_tag(-1)),
                                ("down", "Move &down", lambda: self.move_tag(+1)),
                                ("delete", "De&lete", self.delete)):
            button = self.buttons[key] = QPushButton(text)
            button.clicked.connect(lambda _=False, run=slot: run())
            row.addWidget(button)
        row.addStretch(1)
        undo = self.buttons["undo"] = QPushButton("&Undo")
        undo.setToolTip("Undo the last change (of any kind)")
        undo.clicked.connect(window.undo_stack.undo)
        undo.setEnabled(window.undo_stack.canUndo())
        window.undo_stack.canUndoChanged.connect(undo.setEnabled)
        row.addWidget(undo)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        layout.addLayout(row)
        layout.addWidget(close)
        self._filling = False
        self.fill()
        self.table.selectRow(0)
        self.table.itemChanged.connect(self._edited)
        self.table.cellDoubleClicked.connect(
            lambda r, c: self.choose_colour() if c == COLOR else None)
        self.table.itemSelectionChanged.connect(self._enable)
        self.session.tagsChanged.connect(self.fill)
        self.finished.connect(lambda _r: self._disconnect())

    def _disconnect(self) -> None:
        self.session.tagsChanged.disconnect(self.fill)
        self.w.undo_stack.canUndoChanged.disconnect(self.buttons["undo"].setEnabled)

    # -- showing --------------------------------------------------------------------------------
    def tags(self) -> list[Tag]:
        return list(self.session.tags)

    def fill(self, select: str | None = None) -> None:
        """The rows as the project's tags are now; the selection stays on the same tag."""
        current = self.current()
        keep = select or (current.name if current else None)
        self._filling = True
        try:
            tags = self.tags()
            self.table.setRowCount(len(tags))
            for r, tag in enumerate(tags):
                color = QTableWidgetItem(swatch(tag.color, 14), tag.color)
                name = QTableWidgetItem(tag.name)
                key = QTableWidgetItem(tag.shortcut or "")
                key.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                description = QTableWidgetItem(tag.description)
                for item in (color, name, key, description):
                    item.setData(Qt.ItemDataRole.UserRole, tag.name)
                if tag.name == NOT_ARTICLE:  # its name is what makes it work; it needs no key
                    for item in (name, key):
                        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    name.setToolTip("Regions that are not part of the article (B): dimmed, "
                                    "left out of counts")
                for column, item in enumerate((color, name, key, description)):
                    self.table.setItem(r, column, item)
            names = [t.name for t in tags]
            if keep in names:
                self.table.selectRow(names.index(keep))
        finally:
            self._filling = False
        self._enable()

    def current(self) -> Tag | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        tags = self.tags()
        if not rows or rows[0].row() >= len(tags):
            return None
        return tags[rows[0].row()]

    def _enable(self) -> None:
        tag = self.current()
        index = self.tags().index(tag) if tag else -1
        self.buttons["colour"].setEnabled(tag is not None)
        self.buttons["delete"].setEnabled(tag is not None)
        self.buttons["up"].setEnabled(index > 0)
        self.buttons["down"].setEnabled(0 <= index < len(self.tags()) - 1)

    def say(self, message: str) -> None:
        self.message.setText(message)

    # -- changing -------------------------------------------------------------------------------
    def _run(self, command, select: str | None = None) -> bool:
        """Run one command; a refusal is said here and nothing changes."""
        self.say("")
        try:
            perform(self.w.undo_stack, command)
        except AnnotatorError as exc:
            text = str(exc).rstrip(".")
            self.say(f"Not changed: {text}.")
            self.fill()  # an edited cell shows the stored value again
            return False
        self.fill(select)
        return True

    def check(self, before: Tag | None, after: Tag) -> None:
        """What the storage does not know: keys the window keeps, names of another case."""
        name = after.name.strip()
        others = [t for t in self.tags() if before is None or t.name != before.name]
        if name == NOT_ARTICLE and (before is None or before.name != NOT_ARTICLE):
            raise InputRefused(f"the tag {NOT_ARTICLE!r} is made by Annotate › Not part of "
                               "the article (B)")
        if before is not None and before.name == NOT_ARTICLE and name != NOT_ARTICLE:
            raise InputRefused(f"the tag {NOT_ARTICLE!r} keeps its name: it is what marks "
                               "regions that are not part of the article")
        same = next((t for t in others if t.name.casefold() == name.casefold()), None)
        if same is not None:
            raise InputRefused(f"there is already a tag {same.name!r}")
        key = after.shortcut
        if key:
            if len(key) != 1 or key.isspace() or not key.isprintable():
                raise InputRefused(f"a tag's key is one character, not {key!r}")
            action = reserved_keys(self.w).get(key.upper())
            if action is not None:
                raise InputRefused(f"the key {key!r} is kept for {action}")
            taken = next((t for t in others if t.shortcut
                          and QKeySequence(t.shortcut) == QKeySequence(key)), None)
            if taken is not None:
                raise InputRefused(f"the key {key!r} already tags as {taken.name!r}")

    def change(self, before: Tag, after: Tag) -> bool:
        """Change one tag (the storage checks name and colour; this, keys and case)."""
        after = after._replace(name=after.name.strip(), shortcut=after.shortcut or None)
        if after == before:
            self.fill()
            return False
        try:
            self.check(before, after)
        except InputRefused as exc:
            self.say(f"Not changed: {str(exc).rstrip('.')}.")
            self.fill()
            return False
        return self._run(cc.UpdateTag(self.session, before, after), select=after.name)

    def add(self, tag: Tag | None = None) -> bool:
        """Add ``tag`` (the Add button: a new tag with a free name and colour, named next)."""
        tags = self.tags()
        if tag is None:
            names = {t.name.casefold() for t in tags}
            name = next(n for n in ("new tag", *(f"new tag {i}" for i in range(2, 1000)))
                        if n not in names)
            used = {t.color for t in tags}
            color = next((c for c in NEW_COLORS if c not in used), NEW_COLORS[len(tags) % 7])
            tag = Tag(name, color)
            edit = True
        else:
            edit = False
        try:
            self.check(None, tag)
        except InputRefused as exc:
            self.say(f"Not changed: {str(exc).rstrip('.')}.")
            return False
        if not self._run(cc.AddTag(self.session, tag), select=tag.name):
            return False
        if edit:  # the user names it at once
            self.table.editItem(self.table.item(len(self.tags()) - 1, NAME))
        return True

    def choose_colour(self) -> None:
        tag = self.current()
        if tag is None:
            return
        color = QColorDialog.getColor(QColor(tag.color), self, f"Colour of {tag.name}")
        if color.isValid():
            self.change(tag, tag._replace(color=color.name()))

    def move_tag(self, step: int) -> bool:
        tag = self.current()
        if tag is None:
            return False
        names = [t.name for t in self.tags()]
        i = names.index(tag.name)
        j = i + step
        if not 0 <= j < len(names):
            return False
        after = list(names)
        after[i], after[j] = after[j], after[i]
        return self._run(cc.ReorderTags(self.session, names, after), select=tag.name)

    def delete(self) -> bool:
        tag = self.current()
        return tag is not None and self._run(cc.DeleteTag(self.session, tag))

    def _edited(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        before = next((t for t in self.tags()
                       if t.name == item.data(Qt.ItemDataRole.UserRole)), None)
        if before is None:
            return
        value = item.text()
        column = item.column()
        if column == COLOR:
            after = before._replace(color=value.strip())
        elif column == NAME:
            after = before._replace(name=value)
        elif column == KEY:
            after = before._replace(shortcut=value.strip() or None)
        else:
            after = before._replace(description=value.strip())
        # After the cell's editor has closed: the rows are made again under it otherwise.
        QTimer.singleShot(0, self, lambda: self.change(before, after))
