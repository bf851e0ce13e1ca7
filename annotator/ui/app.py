"""Start the Qt application on a project."""

from __future__ import annotations


def run(project, open_ids):
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication([])
    label = QLabel(f"{len(project.articles())} articles in {project.path}")
    label.show()
    return app.exec()
