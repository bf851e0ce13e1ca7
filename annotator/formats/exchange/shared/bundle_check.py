"""Every string a reader puts in a Bundle, whatever its format, within what a project holds and
its own export reads back (issue 11): the JSON export's rules (export_fields.field_problem: no
lone surrogate, no NUL, at most so many characters: a note 100,000, a title 1,000, a name 100...)
and the 20 MB limit of an article's text (encoding.decode.check_text_size). The JSON reader
checks them as it reads; the other readers take what their files say, so the registry runs this
after them: without it a title with a NUL from a doccano file was stored on SQLite (and the
project's export then refused by the project itself), refused by PostgreSQL, and a lone
surrogate failed as an internal error. A problem refuses the file, naming where it is."""

from __future__ import annotations

from ....domain.bundle import Bundle
from ....errors import InputRefused
from ...encoding.decode import check_text_size
from ...export.export_fields import field_problem

__all__ = ["check_bundle"]

_NAMES = ("name", "alias")  # (an actor's: checked for what clean_name lets through)


def check_bundle(bundle: Bundle, source: str) -> None:
    """Raise InputRefused naming the first string of ``bundle`` a project cannot hold."""
    coders: set[str] = set()
    tags = {tag.name for tag in bundle.tags}
    for article in bundle.articles:
        where = f"article {article.named()}"
        if not article.reference:
            check_text_size(article.text, source, f"{where}: the text")
            _check(article.text, "text", where, source)
            if "\x00" in article.text:
                raise InputRefused(f"refused: {where}: its text contains NUL characters", source)
        for key in ("title", "source", "url", "author", "published"):
            _check(getattr(article, key), key, where, source)
        for a in article.annotations:
            coders.add(a.annotator)
            tags.add(a.tag)
            if a.note or a.attributes:
                place = _place(bundle, a.id, source) or f"{where}, annotation {a.id!r}"
                _check(a.note, "note", place, source)
                for key, value in (a.attributes or {}).items():
                    _check(key, "attribute", place, source)
                    _check(value if isinstance(value, str) else None, "attribute", place, source)
    for coder in coders:
        _check(coder, "annotator", f"the coder {coder[:40]!r}", source, "name")
    for name in tags:
        _check(name, "tag", f"the tag {name[:40]!r}", source, "name")
    for listed in bundle.tags:
        _check(listed.description, "description", f"the tag {listed.name[:40]!r}", source)
    for kind in bundle.link_types:
        _check(kind.name, "link type", f"the link type {kind.name[:40]!r}", source, "name")
        if len(kind.name) > 200:  # (as an actor's name, clean_name: the JSON reader's limit)
            raise InputRefused(f"refused: the link type {kind.name[:40]!r}: its name is longer "
                               "than 200 characters", source)
        _check(kind.description, "description", f"the link type {kind.name[:40]!r}", source)
    for actor in bundle.actors:
        where = f"the actor {actor.id!r}"
        # (names and aliases: their length and control characters are clean_name's)
        for key, value in (("name", actor.name), ("kind", actor.kind),
                           ("description", actor.description), *(("alias", alias)
                                                                  for alias in actor.aliases)):
            _check(value, key, where, source)
    for link in bundle.links:
        place = _place(bundle, link.id, source) or f"link {link.id!r}"
        for key, value in (("type", link.type), ("note", link.note),
                           ("annotator", link.annotator)):
            _check(value, key, place, source)


def _check(value: str | None, key: str, where: str, source: str, said: str = "") -> None:
    """Refuse ``value`` if it cannot be the field ``key`` (said as ``said``, else ``key``)."""
    if value and (problem := field_problem(value, "actor" if key in _NAMES else key)):
        raise InputRefused(f"refused: {where}: its {said or key} {problem}", source)


def _place(bundle: Bundle, item: str, source: str) -> str:
    """Where in the file an annotation or link is, if the reader said (without the file's name
    the sentence starts with)."""
    return bundle.where.get(item, "").removeprefix(f"{source}, ")
