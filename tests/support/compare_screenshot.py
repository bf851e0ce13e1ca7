"""Make the README's picture of the Compare view: the window on the annotated bundled samples
(compare_sample.py), the Compare dock on its matrix, one cell clicked (its article's spans
naming the actor listed, the first selected).

    QT_QPA_PLATFORM=offscreen python tests/support/compare_screenshot.py resources/compare.png
"""

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))


def main(target: str) -> None:
    from compare_sample import sample_project
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from annotator.ui.compare.compare_model import ACTOR_ROLE, ARTICLE_ROLE
    from annotator.ui.main_window import MainWindow
    from annotator.ui.session import Session
    from annotator.ui.settings import WindowSettings

    _app = QApplication([])  # kept: Qt needs it alive
    tmp = Path(tempfile.mkdtemp())
    project = sample_project(tmp / "demo.sqlite")
    window = MainWindow(Session(project), WindowSettings(tmp / "w.ini"))
    window.resize(1400, 860)
    window.show()
    window.actions_["compare"].trigger()
    view = window.compare_view
    while view.matrix.rowCount() == 0:
        QTest.qWait(50)
    QTest.qWait(300)
    row = next(r for r in range(view.matrix_proxy.rowCount())
               if view.matrix_proxy.index(r, 0).data() == "Halvorsen Coatings")
    index = view.matrix_proxy.index(row, 2)  # the second outlet's cell
    view.matrix_table.setCurrentIndex(index)
    view.open_cell(index.data(ACTOR_ROLE), index.data(ARTICLE_ROLE))
    QTest.qWait(1200)  # the Actors panel counts a moment after the window opens
    window.grab().save(target)
    print(target)
    window.close()
    project.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "compare.png")
