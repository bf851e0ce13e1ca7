"""A small cache of article texts. A text never changes after import, so a cached copy is
never stale; it spares re-reading megabytes from SQLite to check every span."""

from __future__ import annotations

from collections import OrderedDict

import sqlite3

from ...errors import NotFound

MAX_CACHED_CHARS = 32_000_000


class TextCache:
    def __init__(self, limit: int = MAX_CACHED_CHARS):
        self._texts: OrderedDict[str, str] = OrderedDict()
        self._size = 0
        self._limit = limit

    def get(self, conn: sqlite3.Connection, article_id: str) -> str:
        text = self._texts.get(article_id)
        if text is not None:
            self._texts.move_to_end(article_id)
            return text
        row = conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        text = row[0] if row else None
        if text is None:
            raise NotFound(f"there is no article {article_id} in this project")
        self.put(article_id, text)
        return text

    def put(self, article_id: str, text: str) -> None:
        if article_id in self._texts:
            return
        self._texts[article_id] = text
        self._size += len(text)
        while self._size > self._limit and len(self._texts) > 1:
            _, dropped = self._texts.popitem(last=False)
            self._size -= len(dropped)
