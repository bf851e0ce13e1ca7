"""A shared PostgreSQL project's ids are at most 128 characters (the schema's VARCHAR(128) since
0005_long_ids, which SQLite does not enforce). Every reader takes ids of 1 to 128 characters, so
this only guards what one might let through: a file with a longer id is refused before anything
is written, in a sentence naming it, instead of the database's own message halfway through the
merge."""

from __future__ import annotations

from ...domain.bundle import Bundle
from ...errors import InputRefused
from ..writes.versions import on_postgres

ID_LENGTH = 128  # (tables.ID_LENGTH: not imported, SQLAlchemy is not loaded to import a file)


def refuse_long_ids(conn, data: Bundle, source: str) -> None:
    if not on_postgres(conn):
        return
    for what, ident in _ids(data):
        if len(ident) > ID_LENGTH:
            raise InputRefused(f"refused: {what} {ident[:80]!r} has an id of {len(ident)} "
                               f"characters, and a shared PostgreSQL project holds ids of at most "
                               f"{ID_LENGTH} (a project file holds longer ones: import it there, "
                               "or give the file shorter ids)", source)


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
