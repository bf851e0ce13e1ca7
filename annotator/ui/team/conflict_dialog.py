"""What the window asks when someone else changed what the user acted on (errors.Conflict):
"Bob changed this span at 14:02 (now: quote, “text…”). Keep theirs / Apply mine"."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import QMessageBox, QWidget

from ...errors import Conflict


def local_time(stamp: str | None) -> str:
    """'14:02' for a time of today, '28 Nov 14:02' of this year, else '28 Nov 2025 14:02' (the
    stored times are UTC)."""
    if not stamp:
        return ""
    try:
        when = datetime.strptime(stamp[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC).astimezone()
    except ValueError:
        return stamp
    today = datetime.now().astimezone().date()
    return when.strftime("%H:%M" if when.date() == today else "%d %b %H:%M"
                         if when.year == today.year else "%d %b %Y %H:%M")


def _excerpt(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(conflict: Conflict, me: str | None = None) -> str:
    """One sentence: who changed (or deleted) it, when, and what it is now. ``me``: the
    window's annotator, whose change it may have been too (in another window of theirs, or by
    an import of a colleague's file: then told when it was made here)."""
    who = conflict.who or "Someone else"
    yours = me is not None and conflict.who == me
    at = local_time(conflict.logged if yours and conflict.logged else conflict.when)
    at = f" at {at}" if at else ""
    now, what = conflict.current, conflict.what
    if now is None:
        return f"You deleted this {what}{at} (in another window)." if yours else \
            f"{who} deleted this {what}{at}."
    if what == "span":
        state = f"{now.tag}, “{_excerpt(now.text)}”" + (f", note “{_excerpt(now.note)}”"
                                                         if now.note else "")
    else:
        state = now.type + (f", note “{_excerpt(now.note)}”" if now.note else "")
    if yours:  # (the coder named: an import brings a colleague's span, theirs as they coded it)
        coder = f", coded by {now.annotator}" if now.annotator and now.annotator != me else ""
        return f"You changed this {what}{at}, in another window or by an import (now: {state}" \
            f"{coder})."
    return f"{who} changed this {what}{at} (now: {state})."


def build(parent: QWidget | None, conflict: Conflict, me: str | None = None) -> QMessageBox:
    box = QMessageBox(parent)
    yours = me is not None and conflict.who == me
    box.setWindowTitle("Changed meanwhile" if yours else "Changed by someone else")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setText(describe(conflict, me))
    if conflict.current is None:
        box.setInformativeText("Your change was not made.")
        box.addButton("OK", QMessageBox.ButtonRole.AcceptRole)
        return box
    box.setInformativeText("Keep it as it is now, or apply this change on top of it?" if yours
                           else "Keep their version, or apply your change on top of it?")
    keep = box.addButton("Keep as it is" if yours else "Keep theirs",
                         QMessageBox.ButtonRole.RejectRole)
    mine = box.addButton("Apply mine", QMessageBox.ButtonRole.AcceptRole)
    mine.setObjectName("apply-mine")
    keep.setObjectName("keep-theirs")
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    return box


def ask(parent: QWidget | None, conflict: Conflict, me: str | None = None) -> bool:
    """True to apply the user's change anyway (on top of the other's version)."""
    box = build(parent, conflict, me)
    box.exec()
    clicked = box.clickedButton()
    return clicked is not None and clicked.objectName() == "apply-mine"


def install(window) -> None:
    """The window's Session asks this dialog on every Conflict of a command."""
    window.session.resolve_conflict = lambda conflict: ask(
        window, conflict, window.session.project.annotator)
