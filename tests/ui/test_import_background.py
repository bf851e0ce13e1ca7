"""An import runs off the window's thread (ui/background.py): the window keeps its event loop
(timers fire, a busy bar shows in the status bar) while a file is read and merged, the import
loop still waits for each file, an error of the work reaches the window as before, and the
thread's connection is closed when it ends."""

import threading
import time

from PySide6.QtCore import QMetaObject, Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QProgressBar

from annotator.ui.background import Worker, run_painting


def test_the_window_keeps_its_event_loop_while_a_file_imports(window, tmp_path, monkeypatch):
    project = window.session.project
    source = tmp_path / "new.txt"
    source.write_text("A ferry sailed at dawn.", "utf-8")
    seen: dict = {}
    timer_fired = threading.Event()
    real = project.import_path

    def slow_import(path, encoding=None, format=None):
        # Waits for a timer of the window's thread: it fires only if that thread's loop runs.
        seen["thread"] = threading.get_ident()
        seen["fired"] = timer_fired.wait(10)
        return real(path, encoding, format)

    def tick():
        bar = window.statusBar().findChild(QProgressBar, "importBusy")
        seen["busy shown"] = bar is not None and bar.isVisible()
        seen["message alone"] = not window.saved_label.isVisible()  # (not drawn over it)
        timer_fired.set()

    monkeypatch.setattr(project, "import_path", slow_import)
    QTimer.singleShot(50, tick)
    before = len(project._connections)
    ids = window.files.import_paths([source])
    assert seen["fired"] and seen["busy shown"] and seen["message alone"]
    assert seen["thread"] != threading.get_ident()
    assert [project.article(i).text for i in ids] == ["A ferry sailed at dawn."]
    assert not window.statusBar().findChild(QProgressBar, "importBusy").isVisible()
    assert len(project._connections) == before  # (the worker's was closed)
    assert "Imported 1 new article" in window.statusBar().currentMessage()


def test_an_error_of_the_work_is_told_as_before(window, tmp_path, monkeypatch):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "annotator-export", "version": 99}', "utf-8")
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.detailedText()))
    assert window.files.import_paths([bad]) == []
    assert len(shown) == 1 and str(bad) in shown[0]


def test_run_painting_gives_the_result_or_raises_the_error(qtbot):
    assert run_painting(lambda a, b: (time.sleep(0.05), a + b)[1], 2, 3) == 5
    released = []
    worker = Worker(release=lambda: released.append(threading.get_ident()))

    def fails():
        raise KeyError("x")

    try:
        run_painting(fails, worker=worker)
    except KeyError as exc:
        assert exc.args == ("x",)
    else:
        raise AssertionError("the work's error was not raised")
    here = run_painting(threading.get_ident, worker=worker)
    assert released == []  # (the worker goes on after an error, in the same thread)
    worker.close()
    assert released == [here] and here != threading.get_ident()


def test_every_file_of_an_import_is_read_in_one_thread(window, tmp_path, monkeypatch):
    """One worker thread for all the files (one database connection: on PostgreSQL one
    handshake, not one per file), its connection closed at the end."""
    project = window.session.project
    paths = []
    for i in range(3):
        paths.append(tmp_path / f"r{i}.txt")
        paths[-1].write_text(f"Report number {i} of three.", "utf-8")
    threads, real = [], project.import_path

    def import_path(path, encoding=None, format=None):
        threads.append(threading.get_ident())
        return real(path, encoding, format)

    monkeypatch.setattr(project, "import_path", import_path)
    opened = []
    connect = project._backend.connect
    monkeypatch.setattr(project._backend, "connect",
                        lambda *a, **k: (opened.append(threading.get_ident()), connect(*a, **k))[1])
    before = len(project._connections)
    assert len(window.files.import_paths(paths)) == 3
    assert len(set(threads)) == 1 and threads[0] != threading.get_ident()
    assert opened == threads[:1]  # (one connection, in that thread)
    assert len(project._connections) == before


def test_closing_during_an_import_closes_once_it_is_done(window, qtbot, tmp_path, monkeypatch):
    project = window.session.project
    source = tmp_path / "new.txt"
    source.write_text("A ferry sailed at dawn.", "utf-8")
    asked = threading.Event()
    real = project.import_path
    seen = {}

    def slow_import(path, encoding=None, format=None):
        asked.wait(10)
        return real(path, encoding, format)

    def close_now():
        window.close()
        seen["open while importing"] = window.isVisible()
        seen["said"] = window.statusBar().currentMessage()
        asked.set()

    monkeypatch.setattr(project, "import_path", slow_import)
    QTimer.singleShot(50, close_now)
    ids = window.files.import_paths([source])
    assert seen == {"open while importing": True,
                    "said": "Closing once the file being imported is in…"}
    assert project.article(ids[0]).text == "A ferry sailed at dawn."  # (the import finished)
    qtbot.waitUntil(lambda: not window.isVisible())
    assert window.closed


def test_files_given_during_an_import_are_imported_after_it(window, qtbot, tmp_path,
                                                            monkeypatch):
    """A drop (or Ctrl+I between files) during an import does not start a second one inside
    it: its files wait, and are imported once the first is done."""
    project = window.session.project
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text("The first report.", "utf-8")
    second.write_text("The second report.", "utf-8")
    go = threading.Event()
    real = project.import_path
    seen = {}

    def slow_import(path, encoding=None, format=None):
        if path == first:
            go.wait(10)
        return real(path, encoding, format)

    def drop_meanwhile():
        seen["inner"] = window.files.import_paths([second])
        seen["still importing"] = window.files.importing
        go.set()

    monkeypatch.setattr(project, "import_path", slow_import)
    QTimer.singleShot(50, drop_meanwhile)
    window.files.import_paths([first])
    assert seen == {"inner": [], "still importing": True}

    def texts() -> set[str]:
        return {project.article(a.id).text for a in project.articles()}

    assert "The first report." in texts() and "The second report." not in texts()
    qtbot.waitUntil(lambda: "The second report." in texts())
    assert not window.files.importing


def test_no_other_project_is_opened_during_an_import(window, tmp_path, monkeypatch):
    project = window.session.project
    source = tmp_path / "new.txt"
    source.write_text("A ferry sailed at dawn.", "utf-8")
    go = threading.Event()
    real = project.import_path
    said = []

    def slow_import(path, encoding=None, format=None):
        go.wait(10)
        return real(path, encoding, format)

    def switch_meanwhile():  # (as File › Open project does, through app._switch)
        from annotator.ui import app

        app._switch(window, str(tmp_path / "other.sqlite"))
        said.append(window.statusBar().currentMessage())
        go.set()

    monkeypatch.setattr(project, "import_path", slow_import)
    QTimer.singleShot(50, switch_meanwhile)
    window.files.import_paths([source])
    assert said == ["An import is running; try again once it is done"]
    assert window.session.project is project and not (tmp_path / "other.sqlite").exists()


def test_closing_during_many_files_stops_after_the_current_one(window, qtbot, tmp_path,
                                                                monkeypatch):
    project = window.session.project
    paths = []
    for i in range(4):
        paths.append(tmp_path / f"r{i}.txt")
        paths[-1].write_text(f"Report number {i} of four.", "utf-8")
    real = project.import_path

    def import_and_close(path, encoding=None, format=None):
        if path == paths[1]:
            # (run by the window's thread, whose loop turns while this file is imported)
            QMetaObject.invokeMethod(window, "close", Qt.ConnectionType.QueuedConnection)
            time.sleep(0.3)
        return real(path, encoding, format)

    monkeypatch.setattr(project, "import_path", import_and_close)
    window.files.import_paths(paths)
    texts = {project.article(a.id).text for a in project.articles()}
    assert {t for t in texts if t.startswith("Report")} == {"Report number 0 of four.",
                                                            "Report number 1 of four."}
    qtbot.waitUntil(lambda: not window.isVisible())
