"""Who annotates, chosen in the window (File › Annotate as…), remembered in the settings; the
command line's --as and ANNOTATOR_NAME win over the setting; the status bar says who it is."""

from __future__ import annotations

import getpass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox
from ui_helpers import select

from annotator.storage.project import Project
from annotator.ui.main_window import MainWindow
from annotator.ui.session import Session


def open_window(qtbot, path, settings, annotator=None):
    project = Project(path, annotator=annotator)
    window = MainWindow(Session(project), settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    return window, project


@pytest.fixture
def no_env(monkeypatch):
    monkeypatch.delenv("ANNOTATOR_NAME", raising=False)
    monkeypatch.setattr(getpass, "getuser", lambda: "osuser")


def test_the_name_chosen_is_used_shown_and_remembered(window, qtbot, monkeypatch, settings,
                                                      ui_project):
    assert window.annotate_as.label.text() == "Annotating as tester"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("  Ana  Lima ", True))
    window.actions_["annotate-as"].trigger()
    assert ui_project.annotator == "Ana Lima"
    assert window.annotate_as.label.text() == "Annotating as Ana Lima"
    assert settings.annotator() == "Ana Lima"
    left = window.panes[0]
    select(left, "Raj Patel")
    qtbot.keyClick(left.view, Qt.Key.Key_1)
    (annotation,) = ui_project.annotations(left.article_id)
    assert annotation.annotator == "Ana Lima"


def test_an_empty_name_is_refused_and_nothing_changes(window, monkeypatch, settings, ui_project):
    said = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("   ", True))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: said.append(text))
    window.actions_["annotate-as"].trigger()
    assert said == ["Not changed: the name of who annotates is only spaces."]
    assert ui_project.annotator == "tester" and settings.annotator() is None


def test_the_setting_applies_when_the_command_line_chose_nobody(qtbot, tmp_path, settings,
                                                                no_env):
    settings.set_annotator("Ana Lima")
    window, project = open_window(qtbot, tmp_path / "p.sqlite", settings)
    try:
        assert project.annotator == "Ana Lima"
        assert window.annotate_as.label.text() == "Annotating as Ana Lima"
    finally:
        window.close()
        project.close()


@pytest.mark.parametrize("how", ["--as", "ANNOTATOR_NAME"])
def test_as_and_the_environment_win_over_the_setting(qtbot, tmp_path, settings, no_env,
                                                     monkeypatch, how):
    settings.set_annotator("Ana Lima")
    if how == "--as":
        window, project = open_window(qtbot, tmp_path / "p.sqlite", settings, annotator="Bo")
    else:
        monkeypatch.setenv("ANNOTATOR_NAME", "Bo")
        window, project = open_window(qtbot, tmp_path / "p.sqlite", settings)
    try:
        assert project.annotator == "Bo"
        assert window.annotate_as.label.text() == "Annotating as Bo"
    finally:
        window.close()
        project.close()


def test_as_naming_the_login_user_still_wins(qtbot, tmp_path, settings, no_env, monkeypatch):
    """--as osuser is the same name as the default, but it was given: the setting stays out."""
    import annotator.ui.app as app

    monkeypatch.setattr(app, "_annotator_explicit", True)
    settings.set_annotator("Ana Lima")
    window, project = open_window(qtbot, tmp_path / "p.sqlite", settings, annotator="osuser")
    try:
        assert project.annotator == "osuser"
    finally:
        window.close()
        project.close()
