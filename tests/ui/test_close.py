from PySide6.QtCore import Qt


def test_a_closed_window_reads_its_project_no_more(window, qtbot):
    """Panels refresh a moment after a change; once the window is closed and its project
    closed, no timer may open a new connection to the file (it would hold it open)."""
    project = window.session.project
    project.add_actor("Someone")  # schedules the Actors panel's refresh
    window.close()
    window.wait_for_workers()
    project.close_database()
    qtbot.wait(800)
    assert project._connections == []


def test_closing_the_active_pane_on_the_right_leaves_the_window_working(window, qtbot):
    """Its close button, the keyboard focus in its text: hiding it moved the focus, and what
    follows the focus asked for the active pane by an index past the end (IndexError, and the
    error's message raised it again, forever)."""
    window.show()
    qtbot.waitExposed(window)
    right = window.panes[-1]
    window.set_active(len(window.panes) - 1)
    right.view.setFocus()
    qtbot.waitUntil(right.view.hasFocus)
    with qtbot.captureExceptions() as errors:
        qtbot.mouseClick(right.close_button, Qt.MouseButton.LeftButton)
        qtbot.wait(100)
    assert errors == [] and right not in window.panes
    assert window.active_pane() is window.panes[-1]


def test_an_error_while_its_message_is_up_is_logged_not_shown_again(monkeypatch, tmp_path):
    import sys

    from PySide6.QtWidgets import QMessageBox

    from annotator.ui import app as uiapp

    shown = []

    def critical(*args):  # (the message's own focus change raises the same error again)
        shown.append(args[2])
        sys.excepthook(IndexError, IndexError("again"), None)

    monkeypatch.setattr(uiapp, "_log_file", lambda: tmp_path / "annotator.log")
    monkeypatch.setattr(QMessageBox, "critical", critical)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    uiapp.install_crash_handler()
    sys.excepthook(IndexError, IndexError("list index out of range"), None)
    assert len(shown) == 1 and "IndexError: list index out of range" in shown[0]

