"""A file dialog in a process of its own:

    python -m annotator.ui.dialogs.dialog_process '{"mode": "save", "title": ..., "path": ..., "filter": ...}'

prints ``{"files": [...], "filter": "..."}`` (no files: cancelled) on standard output.

Why a process: a file dialog opens and closes the files of the folder it shows, to find their
types (Qt's icon provider, GTK's content sniffing). On Linux, closing *any* descriptor of a file
drops every POSIX lock the process holds on it, SQLite's included, so a dialog in the window's
process showing the project's folder would silently unlock the project under the window.
Nothing in this process holds a lock, so nothing it opens or closes matters.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

MODES = {"open", "open-many", "save", "folder"}


def _dialog(request: dict):
    from PySide6.QtWidgets import QFileDialog

    mode = request["mode"]
    kind = _folder_saving_dialog() if mode == "save" else QFileDialog
    dialog = kind(None, request.get("title", ""), request.get("path", ""),
                  request.get("filter", ""))
    if request.get("selected"):
        dialog.selectNameFilter(request["selected"])
    if mode == "save":
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        if request.get("replacing") is False:  # (never replaced: no question about it)
            dialog.setOption(QFileDialog.Option.DontConfirmOverwrite)
        suffixes = request.get("suffixes") or {}  # filter -> the ending a bare name gets
        if suffixes:  # ("" for a format that writes a folder: a bare name is the folder)
            folders = {f for f, ending in suffixes.items() if not ending}
            dialog.folder_filters = folders  # type: ignore[union-attr]
            if folders:  # (FolderSaving.accept is Qt's own dialog's: a desktop's dialog would
                dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # go into the folder)
            dialog.filterSelected.connect(lambda f: _filter_chosen(dialog, f, suffixes))
            dialog.setDefaultSuffix(suffixes.get(dialog.selectedNameFilter(), ""))
        elif request.get("suffix"):
            dialog.setDefaultSuffix(request["suffix"])
    elif mode == "folder":
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.Directory)
    else:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles if mode == "open-many"
                           else QFileDialog.FileMode.ExistingFile)
    return dialog


def _folder_saving_dialog():
    """A save dialog that, for a format writing a folder (brat, csv, Label Studio), takes an
    existing folder typed or picked as the answer: Qt's own goes into it instead, so a folder
    could only be new, and a name typed again inside it made a folder within the folder."""
    from PySide6.QtWidgets import QDialog, QFileDialog, QLineEdit

    class FolderSaving(QFileDialog):
        def __init__(self, *args) -> None:
            super().__init__(*args)
            self.folder_filters: set[str] = set()
            self.chosen: list[str] = []

        def accept(self) -> None:
            edit = self.findChild(QLineEdit, "fileNameEdit")
            typed = edit.text().strip() if edit is not None else ""
            if typed and self.selectedNameFilter() in self.folder_filters:
                target = Path(self.directory().absolutePath()) / Path(typed).expanduser()
                if target.is_dir():
                    self.chosen = [str(target.resolve())]
                    QDialog.accept(self)
                    return
            super().accept()

    return FolderSaving


def _filter_chosen(dialog, name_filter: str, suffixes: dict[str, str]) -> None:
    """A format chosen: a bare name gets its ending; for a format that writes a folder, the
    ending Qt has just put on the typed name (its filter's pattern) comes off again."""
    from PySide6.QtWidgets import QLineEdit

    suffix = suffixes.get(name_filter, "")
    dialog.setDefaultSuffix(suffix)
    edit = dialog.findChild(QLineEdit, "fileNameEdit")  # (Qt's own dialog: the name box)
    if suffix or edit is None:
        return
    patterns = name_filter[name_filter.rfind("(") + 1:].rstrip(")").split()
    for ending in (p.removeprefix("*") for p in patterns if p.startswith("*.")):
        if edit.text().lower().endswith(ending) and len(edit.text()) > len(ending):
            edit.setText(edit.text()[:-len(ending)])
            break


def _with_typed(dialog, files: list[str]) -> list[str]:
    """The chosen files and, in the order typed, those typed in quotes that the type filter
    left out (Qt's own dialog drops "notes.png" beside "a.json" without a word): the import
    then says what it makes of each."""
    from PySide6.QtWidgets import QLineEdit

    edit = dialog.findChild(QLineEdit, "fileNameEdit")
    typed = re.findall(r'"([^"]+)"', edit.text()) if edit is not None else []
    folder = Path(dialog.directory().absolutePath())
    chosen = {str(Path(f)) for f in files}
    wanted = [str(folder / name) for name in typed]
    extra = [name for name in wanted if name not in chosen and Path(name).is_file()]
    if not extra:
        return files
    return [name for name in wanted if name in chosen or name in extra] + \
        [f for f in files if f not in set(wanted)]


def _attach(dialog, parent_id: int | None) -> None:
    """Keep the dialog above the window that asked for it (X11 and Windows window ids)."""
    if not parent_id:
        return
    from PySide6.QtGui import QGuiApplication, QWindow

    if QGuiApplication.platformName() not in ("xcb", "windows", "cocoa"):
        return
    foreign = QWindow.fromWinId(parent_id)
    if foreign is not None:
        dialog.winId()  # creates the native window, so it has a handle to attach
        dialog.windowHandle().setTransientParent(foreign)


def _scripted(dialog, app) -> None:
    """For tests: ANNOTATOR_TEST_DIALOG='{"after_ms": 500, "files": [...]}' answers the shown
    dialog after a while, as a person would (no files: Cancel)."""
    script = os.environ.get("ANNOTATOR_TEST_DIALOG")
    if not script:
        return
    from PySide6.QtCore import QTimer

    plan = json.loads(script)

    def answer() -> None:
        if plan.get("files"):
            dialog.selectFile(plan["files"][0])
            dialog.accept()
        else:
            dialog.reject()

    QTimer.singleShot(int(plan.get("after_ms", 300)), answer)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    request = json.loads(argv[0])
    if request.get("mode") not in MODES:
        print(json.dumps({"error": f"unknown mode {request.get('mode')!r}"}))
        return 2
    from PySide6.QtWidgets import QApplication, QFileDialog

    app = QApplication([sys.argv[0]])
    app.setApplicationName("annotator")
    dialog = _dialog(request)
    _attach(dialog, request.get("parent"))
    _scripted(dialog, app)
    files: list[str] = []
    if dialog.exec() == QFileDialog.DialogCode.Accepted:
        files = getattr(dialog, "chosen", None) or dialog.selectedFiles()
        if request["mode"] == "open-many":
            files = _with_typed(dialog, files)
    print(json.dumps({"files": files, "filter": dialog.selectedNameFilter()}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
