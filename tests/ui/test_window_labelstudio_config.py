"""The window's Export of Label Studio to a .json file writes the labelling config beside it
(NAME.config.xml), as the command line does."""

from __future__ import annotations

from annotator.formats.exchange.labelstudio.labelstudio_write import config_xml


def test_labelstudio_file_export_writes_the_config_beside(window, qtbot, tmp_path):
    project = window.session.project
    article = project.articles()[0]
    project.add_annotation(article.id, 0, 5, "claim")
    window.files.export_to(tmp_path / "tasks.json", wait=True, format_name="labelstudio")
    qtbot.waitUntil(lambda: "Exported 2 articles and 1 annotation to" in
                    window.statusBar().currentMessage())
    assert (tmp_path / "tasks.config.xml").read_bytes() == config_xml(project.bundle())
    assert b'"labels":["claim"]' in (tmp_path / "tasks.json").read_bytes().replace(b" ", b"") \
        .replace(b"\n", b"")
