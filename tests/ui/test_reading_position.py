"""A pane keeps its reading position when its width changes (the Compare panel opened and
closed beside it, a window made narrower): the text at its top stays at its top. A new user
found the article several paragraphs on after opening and closing Compare: the speakers' strip
left a few letters a line (speaker_margin now gives way), and Qt kept the lines scrolled into the
top paragraph, another place at that width."""

from __future__ import annotations

import pytest
from annotator.domain.model import ParsedArticle
from annotator.storage.project import Project
from annotator.ui.links.link_sync import line_of
from annotator.ui.panes.scroll_memory import first_visible

pytestmark = pytest.mark.qt_log_ignore("does not support raise", "grabbing the keyboard",
                                       "does not support propagateSizeHints")


def paragraphs(n: int) -> str:
    words = ["the", "council", "said", "engineers", "found", "cracks", "in", "the", "old", "bridge", "while", "we", "waited"]
    out = []
    for i in range(n):
        size = 12 + (i * 37) % 140  # (short and long paragraphs)
        out.append(f"P{i}: " + " ".join(words[(i + k) % len(words)] for k in range(size)) + ".")
    return "\n\n".join(out) + "\n"


@pytest.fixture
def ui_project(tmp_path):
    project = Project(tmp_path / "ui.sqlite")
    project.add_article(ParsedArticle(text=paragraphs(60), title="Long one", source="Gull"))
    project.add_article(ParsedArticle(text=paragraphs(50), title="Long two", source="Post"))
    yield project
    project.close()


def top_paragraph(view) -> str:
    at = first_visible(view)
    start = view.text.rfind("P", 0, at + 1)
    return view.text[start:view.text.index(":", start)]


def scroll_to_line_of(view, codepoint: int) -> None:
    view.verticalScrollBar().setValue(int(line_of(view, codepoint)[0]))


@pytest.mark.parametrize("speakers", [False, True])
@pytest.mark.parametrize("how", ["compare", "narrow"])
def test_the_text_at_the_top_stays_there_when_the_pane_changes_width(window, qtbot, how,
                                                                      speakers):
    window.resize(1400, 900)
    left = window.panes[0]
    qtbot.waitUntil(lambda: not left.view.loading and left.view.width() > 300)
    view = left.view
    if speakers:  # (the names' strip in the margin, which narrows the text further)
        project = window.session.project
        quote = project.add_annotation(left.article_id, 5, 40, "quote")
        actor = project.add_annotation(left.article_id, 50, 57, "actor")
        project.add_link(quote.id, actor.id, "speaker")
        qtbot.waitUntil(lambda: view.viewportMargins().left() > 50)
    blocks = view.text.split("\n\n")
    longest = max(range(25, 40), key=lambda i: len(blocks[i]))  # (P37: 146 words)
    name = f"P{longest}"
    start = view.text.index(name + ": ")
    target = start + len(blocks[longest]) // 2  # (inside it, lines below its first)
    scroll_to_line_of(view, target)
    qtbot.wait(50)
    before = first_visible(view)
    assert top_paragraph(view) == name and before > start + 100
    if how == "compare":
        action = next(a for a in window.findChildren(type(window.menuBar().actions()[0]))
                      if a.shortcut().toString() == "Ctrl+Shift+C")
        action.trigger()
        qtbot.wait(100)
        action.trigger()
    else:
        view.setFixedWidth(70)
        qtbot.waitUntil(lambda: view.width() == 70)
        qtbot.wait(50)
        assert top_paragraph(view) == name
        view.setMinimumWidth(0)
        view.setMaximumWidth(16_777_215)
    qtbot.wait(100)
    after = first_visible(view)
    assert top_paragraph(view) == name
    assert abs(after - before) < 120, (before, after)
