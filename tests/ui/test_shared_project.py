"""File › Open shared project…: the URL dialog (a password refused where it is typed), and the
window switching to a PostgreSQL project, which it shows and writes like a file's."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from annotator.domain.model import ParsedArticle
from annotator.storage.project import Project


def test_the_dialog_refuses_a_password_and_a_path_and_takes_a_url(qtbot):
    from annotator.ui.team.shared_project import SharedProjectDialog

    dialog = SharedProjectDialog()
    qtbot.addWidget(dialog)
    dialog.url.setText("postgresql+psycopg://alice:secret@db.example.org:5432/news")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.chosen is None
    assert "password in the URL is refused" in dialog.problem.text()
    assert "secret" not in dialog.problem.text()
    dialog.url.setText("/home/alice/news.sqlite")
    dialog.accept()
    assert "Give a URL" in dialog.problem.text()
    dialog.url.setText(" postgresql+psycopg://alice@db.example.org:5432/news ")
    dialog.accept()
    assert dialog.chosen == "postgresql+psycopg://alice@db.example.org:5432/news"


def test_the_menu_has_the_action(window):
    assert window.actions_["open_shared"].text() == "Open &shared project…"


def test_switching_to_a_shared_project_opens_it_in_a_new_window(qtbot, window, pg_url,
                                                                 monkeypatch):
    from annotator.ui import app

    with Project(pg_url, create="init") as shared:
        shared.add_article(ParsedArticle(text="The mayor spoke.\n", title="Shared one"))
    app._switch(window, pg_url)  # what switchProject reaches in a window of app.make_window
    new = app._windows[-1]
    try:
        assert new.session.project.shared is not None
        assert [a.title for a in new.session.articles] == ["Shared one"]
        assert "t" in new.windowTitle()
        project = new.session.project
        article = project.articles()[0]
        project.add_annotation(article.id, 4, 9, "actor")
        with Project(pg_url) as other:  # what another annotator sees
            assert [a.text for a in other.annotations(article.id)] == ["mayor"]
        said = []
        monkeypatch.setattr("annotator.ui.file_ops.QMessageBox.information",
                            lambda _parent, _title, text: said.append(text))
        new.actions_["restore"].trigger()  # no backup files of a database: pg_dump
        assert len(said) == 1 and "pg_dump" in said[0]
    finally:
        new.close()
        app._windows.remove(new)
