"""Make the README's screenshot: the window on the bundled samples, both articles annotated.

    QT_QPA_PLATFORM=offscreen python tests/support/screenshot.py resources/screenshot.png
"""

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SPANS = {
    0: [("Halvorsen Coatings", "actor", 0), ("Environmental officers", "actor", 0),
        ("water samples taken at 06:30 showed ammonia levels more than ten times the legal limit",
         "claim", 0),
        ("\"We saw the foam coming out of the pipe at two in the morning,\"", "quote", 0),
        ("Tomás Ferreira", "actor", 0),
        ("\"Nobody discharges at night unless they have something to hide.\"", "quote", 0),
        ("Nobody discharges at night unless they have something to hide.", "claim", 0),
        ("Ingrid Solberg", "actor", 0)],
    1: [("Halvorsen Coatings", "actor", 1),
        ("an unusual drop in water temperature, rather than its plant, was the most likely cause "
         "of the fish deaths", "claim", 0),
        ("Mirela Petrović", "actor", 0),
        ("\"Our data show no irregular discharge, and we are sharing every reading with the "
         "regulator,\"", "quote", 0),
        ("all releases on Friday night were within the limits of its permit", "claim", 0),
        ("The company confirmed that it released water at night", "claim", 0)],
}
# (from phrase, its pane, to phrase, its pane, link type): who said what, and what the two
# reports say about the same facts
LINKS = [
    ("\"We saw the foam coming out of the pipe at two in the morning,\"", 0, "Tomás Ferreira", 0,
     "speaker"),
    ("\"Our data show no irregular discharge, and we are sharing every reading with the "
     "regulator,\"", 1, "Mirela Petrović", 1, "speaker"),
    ("water samples taken at 06:30 showed ammonia levels more than ten times the legal limit", 0,
     "all releases on Friday night were within the limits of its permit", 1, "contradicts"),
    ("Nobody discharges at night unless they have something to hide.", 0,
     "The company confirmed that it released water at night", 1, "same"),
]


def main(target: str) -> None:
    from PySide6.QtWidgets import QApplication

    from annotator.samples import add_samples
    from annotator.storage.project import Project
    from annotator.ui.main_window import MainWindow
    from annotator.ui.session import Session
    from annotator.ui.settings import WindowSettings

    _app = QApplication([])  # kept: Qt needs it alive
    tmp = Path(tempfile.mkdtemp())
    project = Project(tmp / "demo.sqlite", annotator="zoe")
    add_samples(project)
    window = MainWindow(Session(project), WindowSettings(tmp / "w.ini"))
    window.resize(1400, 860)
    window.show()
    for index, spans in SPANS.items():
        pane = window.panes[index]
        for phrase, tag, nth in spans:
            start = -1
            for _ in range(nth + 1):
                start = pane.view.text.index(phrase, start + 1)
            window.set_active(index)
            pane.view.select_codepoints(start, start + len(phrase))
            window.ops.tag(tag)
    def span(pane_index: int, phrase: str, tag: str | None = None):
        return next(a for a in window.panes[pane_index].view.store.ordered()
                    if a.text == phrase and (tag is None or a.tag == tag))

    company = project.add_actor("Halvorsen Coatings", ["the company", "Halvorsen"], "organization")
    project.set_actor([span(0, "Halvorsen Coatings").id, span(1, "Halvorsen Coatings").id],
                      company.id)
    for name in ("Tomás Ferreira", "Mirela Petrović"):
        person = project.add_actor(name, [name.split()[-1]], "person")
        pane = 0 if name.startswith("Tomás") else 1
        project.set_actor([span(pane, name).id], person.id)
    for from_phrase, from_pane, to_phrase, to_pane, kind in LINKS:
        tag = "quote" if kind == "speaker" else "claim"
        project.add_link(span(from_pane, from_phrase, tag).id,
                         span(to_pane, to_phrase, "actor" if kind == "speaker" else "claim").id,
                         kind)
    project.set_attributes(span(0, LINKS[0][0], "quote").id, {"quote_form": "direct"})
    window.linking.dock.raise_()
    note_target = window.panes[0].view.store.ordered()[3]
    window.session.set_note(note_target.id, "eyewitness; compare Northgate's framing")
    window.ops.select(window.panes[1].view.store.ordered()[2].id, window.panes[1])
    from PySide6.QtTest import QTest

    QTest.qWait(1200)  # the Actors panel counts a moment after the window opens
    window.grab().save(target)
    print(target)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "screenshot.png")
