"""Fixtures for driving the real window offscreen."""

from __future__ import annotations

import pytest

from annotator.domain.model import ParsedArticle
from annotator.storage.project import Project

LEFT = ("Mayor 👩‍⚖️ Zoë Ortiz said the bridge 🌉 is safe.\n\n"
        "中文报道：市长说桥梁是安全的。 The council’s engineer, Raj Patel, disagreed.\n"
        "🇫🇷 Visitors were told: “Stay off the east walkway.”\n")
RIGHT = "Bridge row: engineer contradicts mayor\n\nRaj Patel said cracks were found in two pillars.\n"


@pytest.fixture
def settings(tmp_path):
    from annotator.ui.settings import WindowSettings

    return WindowSettings(tmp_path / "window.ini")


@pytest.fixture
def ui_project(tmp_path):
    project = Project(tmp_path / "ui.sqlite")
    project.add_article(ParsedArticle(text=LEFT, title="Bridge safe, says mayor", source="Gull"))
    project.add_article(ParsedArticle(text=RIGHT, title="Engineer contradicts mayor", source="Post"))
    yield project
    project.close()


@pytest.fixture
def window(qtbot, ui_project, settings):
    from annotator.ui.main_window import MainWindow
    from annotator.ui.session import Session

    win = MainWindow(Session(ui_project), settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    return win
