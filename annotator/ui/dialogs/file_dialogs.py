"""The window's file dialogs, each shown by a process of its own (see dialog_process.py for
why: a dialog inside the window's process would drop SQLite's locks on the project).

While the dialog is up the window is disabled, as under any modal dialog, and keeps painting.
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QEventLoop, QProcess, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget


def _ask(parent: QWidget, request: dict) -> list[str]:
    return _answer(parent, request)["files"]


def _answer(parent: QWidget, request: dict) -> dict:
    """The dialog process's answer: {"files": [...] (none: cancelled), "filter": "..."}."""
    window = parent.window()
    focused = QApplication.focusWidget()  # (given back: disabling the window moves it)
    request["parent"] = int(window.winId())
    process = QProcess(window)
    process.setProgram(sys.executable)
    process.setArguments(["-m", "annotator.ui.dialogs.dialog_process", json.dumps(request)])
    process.setProcessChannelMode(QProcess.ProcessChannelMode.SeparateChannels)
    loop = QEventLoop()
    process.finished.connect(loop.quit)
    process.errorOccurred.connect(loop.quit)
    window.setEnabled(False)
    QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
    try:
        process.start()
        if process.waitForStarted(10_000):
            QApplication.restoreOverrideCursor()
            QApplication.setOverrideCursor(Qt.CursorShape.ArrowCursor)
            if process.state() != QProcess.ProcessState.NotRunning:
                loop.exec()
    finally:
        QApplication.restoreOverrideCursor()
        window.setEnabled(True)
        process.deleteLater()
    if process.state() != QProcess.ProcessState.NotRunning:  # the loop ended: quitting
        process.kill()
        process.waitForFinished(2000)
        return {"files": []}
    window.activateWindow()
    if focused is not None and window.isAncestorOf(focused):
        focused.setFocus(Qt.FocusReason.OtherFocusReason)
    out = bytes(process.readAllStandardOutput().data()).decode("utf-8", "replace").strip()
    try:
        answer = json.loads(out.splitlines()[-1]) if out else {}
    except ValueError:
        answer = {}
    if "files" not in answer:
        error = bytes(process.readAllStandardError().data()).decode("utf-8", "replace").strip()
        QMessageBox.warning(window, request.get("title", "File"),
                            "The file dialog could not be shown"
                            + (f":\n{error.splitlines()[-1]}" if error else "."))
        return {"files": []}
    return {"files": [name for name in answer["files"] if name],
            "filter": answer.get("filter") or ""}


def open_file_names(parent: QWidget, title: str, path: str = "", filter: str = "") -> list[str]:
    return _ask(parent, {"mode": "open-many", "title": title, "path": path, "filter": filter})


def open_file_name(parent: QWidget, title: str, path: str = "", filter: str = "") -> str:
    files = _ask(parent, {"mode": "open", "title": title, "path": path, "filter": filter})
    return files[0] if files else ""


def save_file_name(parent: QWidget, title: str, path: str = "", filter: str = "",
                   suffix: str = "", replacing: bool = True) -> str:
    """A name to save to; ``replacing=False``: an existing file is never to be replaced (a new
    project), so the dialog does not ask whether to replace it (the caller says what it does)."""
    files = _ask(parent, {"mode": "save", "title": title, "path": path, "filter": filter,
                          "suffix": suffix, "replacing": replacing})
    return files[0] if files else ""


def folder_name(parent: QWidget, title: str, path: str = "") -> str:
    files = _ask(parent, {"mode": "folder", "title": title, "path": path})
    return files[0] if files else ""


def save_file_and_filter(parent: QWidget, title: str, path: str = "", filters: str = "",
                         suffixes: dict[str, str] | None = None, selected: str = ""
                         ) -> tuple[str, str]:
    """(the file name, the filter the person chose) of a save dialog; ("", "") when cancelled.
    ``suffixes``: the ending each filter gives a name typed without one."""
    answer = _answer(parent, {"mode": "save", "title": title, "path": path, "filter": filters,
                              "suffixes": suffixes or {}, "selected": selected})
    files = answer["files"]
    return (files[0], answer.get("filter", "")) if files else ("", "")
