"""The real window in a process of its own, driven by lines on standard input, for the tests
that must kill it (kill -9) or look at it from another process.

    python window_worker.py PROJECT

Lines it understands (each answered by one line on standard output):
    tag WORD TAG      select WORD in the left pane and tag it, as a person would -> "tagged ID"
    export-dialog     File › Export…; the dialog's own process answers as ANNOTATOR_TEST_DIALOG
                      says (tests/ui/test_lost_work.py) -> "dialog closed"
    touch             open and close the project's files from inside this process, as an
                      in-process file dialog would -> "touched"
    pid               -> "pid N"
"""

import os
import queue
import sys
import threading
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_RUNTIME_DIR", "/tmp")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from annotator.storage.project import Project
from annotator.ui.app import make_window


def main() -> None:
    path = Path(sys.argv[1])
    app = QApplication(sys.argv[:1])
    project = Project(path, lock="window")
    window = make_window(project, [a.id for a in project.articles()][:2])
    window.show()
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line.strip()) for line in sys.stdin],
                     daemon=True).start()

    def say(text: str) -> None:
        print(text, flush=True)

    def step() -> None:
        try:
            line = lines.get_nowait()
        except queue.Empty:
            return
        verb, *args = line.split()
        if verb == "tag":
            pane = window.panes[0]
            start = pane.view.text.index(args[0])
            pane.view.setFocus()
            pane.view.select_codepoints(start, start + len(args[0]))
            window.ops.tag(args[1])
            _, annotation = window.ops.current_annotation()
            say(f"tagged {annotation.id if annotation else None}")
        elif verb == "export-dialog":
            window.files.choose_and_export()
            say("dialog closed")
        elif verb == "touch":
            for suffix in ("", "-wal", "-shm"):
                os.close(os.open(f"{project.path}{suffix}", os.O_RDONLY))
            say("touched")
        elif verb == "pid":
            say(f"pid {os.getpid()}")

    timer = QTimer()
    timer.timeout.connect(step)
    timer.start(20)
    say("ready")
    app.exec()


if __name__ == "__main__":
    main()
