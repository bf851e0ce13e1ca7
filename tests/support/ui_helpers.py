"""Helpers for the window tests."""

import io
import json


def exported(project) -> dict:
    out = io.BytesIO()
    project.write_export(out)
    return json.loads(out.getvalue())


def select(pane, phrase: str, nth: int = 0) -> tuple[int, int]:
    """Select a phrase in a pane's view (code points), as a mouse drag would; returns the span."""
    text = pane.view.text
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    pane.view.setFocus()
    pane.view.select_codepoints(start, start + len(phrase))
    return start, start + len(phrase)
