"""The preview of "tag every mention": each hit in its context (some words before and after,
the hit in bold), with a checkbox; a span already tagged actor that names no actor is listed
too, marked "already tagged: will name …". The accepted ones are tagged or named in one step
(mentions.py)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QStyle, QStyledItemDelegate, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout)

from ...domain.model import Actor
from .mentions import Hit

CONTEXT = 70  # characters shown on each side of a hit
PARTS = Qt.ItemDataRole.UserRole + 2


def context(text: str, start: int, end: int, width: int = CONTEXT) -> tuple[str, str, str]:
    """(before, hit, after), each on one line; cut at a word, with "…" where text goes on."""
    lo, hi = max(0, start - width), min(len(text), end + width)
    before, after = text[lo:start], text[end:hi]
    if lo > 0:
        cut = before.find(" ")
        before = "…" + (before[cut + 1:] if 0 <= cut < len(before) - 1 else before)
    if hi < len(text):
        cut = after.rfind(" ")
        after = (after[:cut] if cut > 0 else after) + "…"
    def flat(part: str) -> str:  # one line; a paragraph break shows as ¶
        return " ¶ ".join(" ".join(p.split()) for p in part.split("\n") if p.strip()) \
            if "\n" in part.strip() else " ".join(part.split())

    return ((flat(before) + " ") if before[-1:].isspace() else flat(before),
            " ".join(text[start:end].split()),
            (" " + flat(after)) if after[:1].isspace() else flat(after))


class ContextDelegate(QStyledItemDelegate):
    """Paints before · **hit** · after on one line, the hit bold and never cut."""

    def paint(self, painter, option, index) -> None:
        parts = index.data(PARTS)
        if not parts:
            super().paint(painter, option, index)
            return
        before, hit, after = parts
        style = option.widget.style() if option.widget else None
        if style is not None:
            self.initStyleOption(option, index)
            option.text = ""
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setPen(option.palette.highlightedText().color() if selected
                       else option.palette.text().color())
        rect = option.rect.adjusted(4, 0, -4, 0)
        bold = QFont(option.font)
        bold.setBold(True)
        plain_m, bold_m = QFontMetrics(option.font), QFontMetrics(bold)
        hit_w = min(bold_m.horizontalAdvance(hit) + 1, rect.width() // 2)
        side = max(0, (rect.width() - hit_w) // 2)
        before_text = plain_m.elidedText(before, Qt.TextElideMode.ElideLeft, side)
        after_text = plain_m.elidedText(after, Qt.TextElideMode.ElideRight, side)
        align = Qt.AlignmentFlag.AlignVCenter
        x = rect.left()
        painter.setFont(option.font)
        painter.drawText(QRect(x, rect.top(), side, rect.height()),
                         align | Qt.AlignmentFlag.AlignRight, before_text)
        x += side
        painter.setFont(bold)
        shown = hit if bold_m.horizontalAdvance(hit) <= hit_w else \
            bold_m.elidedText(hit, Qt.TextElideMode.ElideRight, hit_w)
        painter.drawText(QRect(x, rect.top(), hit_w, rect.height()),
                         align | Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextDontClip, shown)
        x += hit_w
        painter.setFont(option.font)
        painter.drawText(QRect(x, rect.top(), side, rect.height()), align, after_text)
        painter.restore()


class MentionsDialog(QDialog):
    def __init__(self, parent, actor: Actor, hits: list[Hit], skipped: int = 0):
        super().__init__(parent)
        self.hits = hits
        self.actor = actor
        self.resize(980, 480)
        names = ", ".join(f"“{n}”" for n in (actor.name, *actor.aliases))
        note = (f"Whole-word matches of {names} in the open articles, outside regions marked "
                "as not part of the article.")
        if skipped:
            note += (f" {skipped} already tagged as actor "
                     f"{'is' if skipped == 1 else 'are'} not listed.")
        existing = sum(h.existing is not None for h in hits)
        if existing:
            note += (" Spans tagged actor before that name no actor are listed to name "
                     f"{escape(actor.name)}.")
        explanation = QLabel(note + " Uncheck the ones that do not name this actor.")
        explanation.setWordWrap(True)
        articles = len({h.article_id for h in hits})
        self.heading = QLabel(f"<b>{escape(actor.name)}</b>: {len(hits)} mention"
                              f"{'s' if len(hits) != 1 else ''} found in {articles} "
                              f"article{'s' if articles != 1 else ''}"
                              + (f" ({existing} already tagged, without an actor)"
                                 if existing else ""))
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Article", "Context", "Note"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setItemDelegateForColumn(1, ContextDelegate(self.tree))
        self.tree.header().resizeSection(0, 150)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        for hit in hits:
            then = "" if hit.existing is None else f"already tagged: will name {actor.name}"
            item = QTreeWidgetItem([hit.title, "", then])
            if hit.existing is not None:
                font = QFont(item.font(2))
                font.setItalic(True)
                item.setFont(2, font)
                item.setToolTip(2, "This span is tagged actor but names no actor: it will name "
                                f"{actor.name}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Checked)
            item.setToolTip(0, hit.title)
            parts = context(hit.text, hit.start, hit.end)
            item.setData(1, PARTS, parts)
            item.setToolTip(1, "".join(parts))
            self.tree.addTopLevelItem(item)
        all_button = QPushButton("Select &all")
        none_button = QPushButton("Select &none")
        all_button.clicked.connect(lambda: self._check_all(True))
        none_button.clicked.connect(lambda: self._check_all(False))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(all_button)
        row.addWidget(none_button)
        row.addStretch(1)
        row.addWidget(self.buttons)
        column = QVBoxLayout(self)
        column.addWidget(self.heading)
        column.addWidget(explanation)
        column.addWidget(self.tree, 1)
        column.addLayout(row)
        self.tree.itemChanged.connect(self._count)
        self._count()
        if self.hits:
            self.tree.setCurrentItem(self.items()[0])
        self.tree.setFocus()

    def items(self) -> list[QTreeWidgetItem]:
        found = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item for item in found if item is not None]

    def _check_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for item in self.items():
            item.setCheckState(0, state)

    def _count(self, *_args) -> None:
        n = sum(item.checkState(0) == Qt.CheckState.Checked for item in self.items())
        total = len(self.hits)
        self.setWindowTitle(f"Tag every mention of {self.actor.name} — {n} of {total} "
                            f"mention{'s' if total != 1 else ''} checked")
        named = sum(item.checkState(0) == Qt.CheckState.Checked and hit.existing is not None
                    for hit, item in zip(self.hits, self.items(), strict=True))
        new = n - named
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        words = [f"&Tag {new} mention{'s' if new != 1 else ''}"] if new or not named else []
        if named:
            words.append(f"{'name' if words else '&Name'} {named}")
        ok.setText(", ".join(words))
        ok.setEnabled(n > 0)

    def chosen(self) -> list[Hit]:
        return [hit for hit, item in zip(self.hits, self.items(), strict=True)
                if item.checkState(0) == Qt.CheckState.Checked]
