"""Start the Qt application on a project; switch projects; report our own bugs clearly."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from typing import cast

from ..errors import AnnotatorError
from ..paths import user_log_dir

log = logging.getLogger("annotator")


def _log_file() -> Path:
    folder = user_log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "annotator.log"


def install_crash_handler() -> None:
    """An exception nobody caught is our bug: log it and say so, with the log's path."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    path = _log_file()
    logging.basicConfig(filename=path, level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    # (while a message is up, further errors are logged, not shown over it: an error raised
    # again by what the message itself does, a focus change, would be forever)
    showing: list[bool] = []

    def hook(kind, value, tb):
        text = "".join(traceback.format_exception(kind, value, tb))
        log.error("unexpected error\n%s", text)
        sys.__stderr__.write(text)
        if QApplication.instance() is not None and not showing:
            showing.append(True)
            try:
                QMessageBox.critical(
                    None, "annotator: unexpected error",
                    f"Something went wrong inside annotator (our bug, not yours).\n\n"
                    f"{kind.__name__}: {value}\n\nEverything you did before this is saved. "
                    f"Details are in {path}; please include them in a report.")
            finally:
                showing.clear()

    sys.excepthook = hook


def make_window(project, open_ids=None):
    from .main_window import MainWindow
    from .session import Session

    window = MainWindow(Session(project), open_ids=open_ids)
    window.switchProject.connect(lambda path, w=window: _switch(w, path))
    return window


def _switch(window, path: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    from ..storage.project import open_project

    from ..storage.target import is_url

    if window.files.busy():  # (between two files of an import: its project stays)
        return
    old_project = window.session.project
    window.wait_for_workers()  # nothing may still be reading the project that closes
    if is_url(path):  # a shared PostgreSQL project: no lock (the server arbitrates)
        _switch_to_shared(window, path)
        return
    same = Path(path).expanduser().resolve() == old_project.path
    lock = "window"
    if same:  # reopening (after a restore): the lock passes over, never let go meanwhile
        old_project.close_database()
        lock = old_project.detach_lock() or "window"
    try:
        # Who annotates stays who it was (--as, ANNOTATOR_NAME or the window's setting).
        project = open_project(Path(path), lock=lock, annotator=old_project.annotator)
    except AnnotatorError as exc:
        if same and not isinstance(lock, str):
            lock.release()
        QMessageBox.warning(window, "Cannot open project", str(exc))
        return
    _replace(window, project)


def _switch_to_shared(window, url: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    from ..storage.project import open_project

    old_project = window.session.project
    try:
        project = open_project(url, create=False, annotator=old_project.annotator)
    except AnnotatorError as exc:
        QMessageBox.warning(window, "Cannot open project", str(exc))
        return
    _replace(window, project)


def _replace(window, project) -> None:
    """A new window on ``project`` in place of ``window``, whose project is closed."""
    old_project = window.session.project
    new = make_window(project)
    new.restoreGeometry(window.saveGeometry())  # (where and as large as the one it replaces,
    new.restoreState(window.saveState())  # with its panels: not as the last one closed was)
    new.show()
    window.close()
    window.deleteLater()
    old_project.close()
    _windows.append(new)


_windows: list = []
_annotator_explicit = False


def annotator_explicit() -> bool:
    """True when --as or ANNOTATOR_NAME named who annotates (the window's Project already has
    that name as project.annotator, and a setting in the window must not replace it); False
    when project.annotator is only the operating-system user's login name."""
    return _annotator_explicit


def show_error(message: str) -> None:
    """A project that cannot be opened, said in a window (the program was started from one)."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    QApplication.instance() or QApplication(sys.argv[:1])
    QMessageBox.critical(None, "annotator", message)


def offer_restore_at_start(error) -> bool:
    from PySide6.QtWidgets import QApplication

    from .dialogs.backups_ui import offer_restore

    QApplication.instance() or QApplication(sys.argv[:1])
    return offer_restore(error)


def run(project, open_ids, notice: str | None = None, *, annotator_explicit: bool = False):
    """Show the window on ``project`` and run until it closes; ``notice``: what the import of
    `annotator open` refused or left out, shown in a message; ``annotator_explicit``: see
    annotator_explicit()."""
    global _annotator_explicit
    _annotator_explicit = annotator_explicit
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    app = cast(QApplication, QApplication.instance() or QApplication(sys.argv[:1]))
    app.setApplicationName("annotator")
    app.setOrganizationName("annotator")
    app.setWindowIcon(QIcon.fromTheme("accessories-text-editor"))
    install_crash_handler()
    window = make_window(project, open_ids)
    _windows.append(window)
    window.show()
    if notice:  # started from a desktop, nobody reads standard error
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QMessageBox

        QTimer.singleShot(0, window, lambda: QMessageBox.warning(
            window, "Not everything was imported", notice))
    code = app.exec()
    for shown in _windows:  # (a reader a timer started as the window closed: Qt aborts the
        shown.wait_for_workers()  # process if a thread is still running when it ends)
    return code
