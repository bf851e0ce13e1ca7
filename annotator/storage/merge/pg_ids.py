"""A shared PostgreSQL project's ids are at most 36 characters (the schema's VARCHAR(36), which
SQLite does not enforce): a file whose ids are longer (a W3C annotation named by its IRI, a
script's long names) is refused before anything is written, with a sentence naming the first
such id, instead of the database's own message halfway through the merge."""

from __future__ import annotations

from ...domain.bundle import Bundle
from ...errors import InputRefused
from ..writes.versions import on_postgres

MAX_ID = 36


def refuse_long_ids(conn, data: Bundle, source: str) -> None:
    if not on_postgres(conn):
        return
    for what, ident in _ids(data):
        if len(ident) > MAX_ID:
            raise InputRefused(f"refused: {what} {ident[:80]!r} has an id of {len(ident)} "
                               f"characters, and a shared PostgreSQL project holds ids of at most "
                               f"{MAX_ID} (a project file holds longer ones: import it there, or "
                               "give the file shorter ids)", source)


def _ids(data: Bundle):
    for article in data.articles:
        if not article.reference:  # (else the project's, or no article: refused as such)
            yield "article", article.id
        for a in article.annotations:
            yield "annotation", a.id
            if a.actor is not None:
                yield "the actor of an annotation", a.actor
    for actor in data.actors:
        yield "actor", actor.id
    for link in data.links:
        yield "link", link.id
