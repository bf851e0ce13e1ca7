"""Opening an article in a pane without making the user wait for all of its spans.

An article with few annotations is shown with all of them at once. One with many is shown at
once with the spans of its first screens (a small indexed query), and the rest are read in a
worker thread; when they arrive the pane swaps them in, replaying any edit made meanwhile.
"""

from __future__ import annotations

from PySide6.QtCore import QThread, Signal

EAGER_LIMIT = 5_000      # annotations read before the first paint
FIRST_WINDOW = 20_000    # code points whose spans are read first (several screens)


class SpanLoader(QThread):
    loaded = Signal(object, str, list)   # pane, article id, annotations
    failed = Signal(str)

    def __init__(self, project, pane, article_id: str):
        super().__init__()
        self.project, self.pane, self.article_id = project, pane, article_id

    def run(self) -> None:
        try:
            self.loaded.emit(self.pane, self.article_id, self.project.annotations(self.article_id))
        except Exception as exc:  # noqa: BLE001  (said in the window; the pane keeps what it has)
            self.failed.emit(f"Could not read all annotations: {exc}")
        finally:
            self.project.release_thread_connection()


def open_in_pane(pane, project, article_id: str, expected: int, colors: dict[str, str],
                 on_loaded) -> SpanLoader | None:
    """Show an article in a pane. Returns the running loader when the spans come in two steps;
    ``on_loaded(pane, article_id)`` is called once the pane holds all of them."""
    article = project.article(article_id)
    if expected <= EAGER_LIMIT:
        pane.show_article(article, project.annotations(article_id), colors)
        return None
    pane.show_article(article, project.annotations(article_id, 0, FIRST_WINDOW), colors)
    pane.view.begin_loading()
    loader = SpanLoader(project, pane, article_id)

    def arrived(target, loaded_id, annotations):
        if target.article_id == loaded_id:  # the pane may have moved on meanwhile
            target.view.finish_loading(annotations)
            on_loaded(target, loaded_id)

    loader.loaded.connect(arrived)
    loader.start()
    return loader
