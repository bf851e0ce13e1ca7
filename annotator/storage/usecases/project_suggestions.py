"""Suggestions the user dismissed, remembered per project without a schema change: one row of
the project_info key/value table, ``dismissed-suggestions``, holds them as a JSON list of
[article id, start, end, kind]. Mixed into Project; each write is one transaction that announces
Change(suggestions=True)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ...domain.model import Change
from ...domain.suggestions.kinds import KINDS

if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from sqlite3 import Connection

KEY = "dismissed-suggestions"
Dismissal = tuple[str, int, int, str]  # (article id, start, end, kind)


def _parse(value: str | None) -> set[Dismissal]:
    """The stored list; entries that are not [str, int, int, kind] are skipped (a hand-edited
    or damaged value costs its suggestions, never the window)."""
    try:
        items = json.loads(value) if value else []
    except ValueError:
        return set()
    kept: set[Dismissal] = set()
    for item in items if isinstance(items, list) else []:
        if (isinstance(item, list) and len(item) == 4 and isinstance(item[0], str)
                and all(type(x) is int for x in item[1:3]) and item[3] in KINDS):
            kept.add((item[0], item[1], item[2], item[3]))
    return kept


def _stored(conn: Connection) -> set[Dismissal]:
    row = conn.execute("SELECT value FROM project_info WHERE key = ?", (KEY,)).fetchone()
    return _parse(row[0] if row else None)


class SuggestionUseCases:
    if TYPE_CHECKING:
        def _read(self) -> AbstractContextManager[Connection]: ...
        def _write(self) -> AbstractContextManager[Connection]: ...
        def _announce(self, change: Change) -> Change: ...
        def _log(self, conn: Connection, change: Change, changed: bool = True) -> Change: ...

    def dismissed_suggestions(self) -> set[Dismissal]:
        """The suggestions dismissed in this project: (article id, start, end, kind)."""
        with self._read() as conn:
            return _stored(conn)

    def set_suggestions_dismissed(self, items: Iterable[Dismissal], dismissed: bool = True) -> None:
        """Remember ``items`` as dismissed (or, with dismissed False, forget them: undo).
        Entries of articles that no longer exist are dropped on the way."""
        items = {(str(a), int(s), int(e), str(k)) for a, s, e, k in items}
        with self._write() as conn:
            stored = _stored(conn)
            stored = stored | items if dismissed else stored - items
            existing = {row[0] for row in conn.execute("SELECT id FROM articles")}
            value = json.dumps(sorted(list(x) for x in stored if x[0] in existing),
                               separators=(",", ":"))
            conn.execute("INSERT INTO project_info (key, value) VALUES (?, ?) "
                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (KEY, value))
            change = self._log(conn, Change(suggestions=True))
        self._announce(change)
