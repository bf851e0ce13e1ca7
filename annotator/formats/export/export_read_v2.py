"""The lists of an export beside its articles: tags, and what version 2 adds (DESIGN.md section
9): link types, actors and links, an annotation's actor and attributes; and the checks across
the whole file (an id used once, every actor and link end found in the file). Each problem is a
Refuse naming the tag, link type, actor, link or annotation concerned."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable

from ...domain.bundle import AnnotationIn, ArticleIn, LinkIn, TagIn
from ...domain.comparison.actors import check_kind, clean_aliases, clean_name, name_key
from ...domain.comparison.links import SPEAKER, check_attributes
from ...domain.model import Actor, LinkType
from ...errors import InputRefused
from .export_fields import get, ident, json_type, plain_times, tag_name, timestamp
from .export_scan import Refuse as _Refuse

MAX_LINKS = 4_000_000
MAX_ACTORS = 200_000
MAX_LINK_TYPES = 1_000
_UNUSUAL = re.compile("[\ud800-\udfff\x00]")  # a lone surrogate or a NUL anywhere
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_PLAIN_ID = re.compile(r"[^\s\x00-\x1f\x7f]{1,128}")


def tags(items: Iterable) -> list[TagIn]:
    found: list[TagIn] = []
    names: set[str] = set()
    for i, obj in enumerate(items):
        where = f"tag #{i + 1}"
        _object(obj, where)
        name = tag_name(get(obj, "name", str, where), where)
        color = get(obj, "color", str, where, required=False, nullable=True)
        if color is not None and not _COLOR.fullmatch(color):
            raise _Refuse(f"{where}: 'color' should look like #d9534f, not {color[:20]!r}")
        if name in names:
            raise _Refuse(f"the tag {name!r} is listed twice")
        names.add(name)
        found.append(TagIn(name, color, get(obj, "description", str, where, required=False,
                                               default="")))
    return found


def _cleaned(value, where: str, what: str) -> str:
    """A name as the window keeps names (NFC, single spaces), refused if it cannot be one."""
    if not isinstance(value, str):
        raise _Refuse(f"{where}: {what} should be a string, not {json_type(value)}")
    if _UNUSUAL.search(value):
        raise _Refuse(f"{where}: {what} contains a lone surrogate or NUL (not valid text)")
    try:
        return clean_name(value, what)
    except InputRefused as exc:
        raise _Refuse(f"{where}: {exc.reason}") from None


def link_type_name(value, where: str) -> str:
    """A link type's name as the window keeps names; Refuse naming ``where`` if it cannot be
    one."""
    return _cleaned(value, where, "its type")


def _object(obj, where: str) -> dict:
    if not isinstance(obj, dict):
        raise _Refuse(f"{where} is not an object")
    return obj


def link_types(items: list) -> list[LinkType]:
    found: dict[str, LinkType] = {}
    for i, obj in enumerate(items):
        where = f"link type #{i + 1}"
        if i == MAX_LINK_TYPES:
            raise _Refuse(f"it has more than {MAX_LINK_TYPES:,} link types")
        _object(obj, where)
        name = _cleaned(obj.get("name"), where, "'name'")
        where = f"link type {name!r}"
        directed = obj.get("directed")
        if type(directed) is not bool:
            raise _Refuse(f"{where}: 'directed' should be true or false, not {json_type(directed)}")
        if name in found:
            raise _Refuse(f"{where} is listed twice")
        description = get(obj, "description", str, where, required=False, default="")
        found[name] = LinkType(name, directed, description)
    return list(found.values())


def actors(items: Iterable) -> list[Actor]:
    found: dict[str, Actor] = {}
    for i, obj in enumerate(items):
        where = f"actor #{i + 1}"
        if i == MAX_ACTORS:
            raise _Refuse(f"it has more than {MAX_ACTORS:,} actors, the most one export may hold")
        _object(obj, where)
        if isinstance(obj.get("id"), str):
            where = f"actor {obj['id']!r}"
        name = _cleaned(obj.get("name"), where, "'name'")
        aliases = get(obj, "aliases", list, where, required=False, default=[])
        kind = get(obj, "kind", str, where, required=False, nullable=True)
        try:
            kind = check_kind(kind)
        except InputRefused as exc:
            raise _Refuse(f"{where}: {exc.reason}") from None
        actor = Actor(ident(obj, where, "actor:" + name_key(name)), name,
                      clean_aliases(name, [_cleaned(a, where, "an alias") for a in aliases]),
                      kind, get(obj, "description", str, where, required=False, default=""))
        if found.setdefault(actor.id, actor) != actor:
            raise _Refuse(f"actor {actor.id!r} appears twice with different content")
    return list(found.values())


def links(items: Iterable, types: list[LinkType], now: str) -> list[LinkIn]:
    """The links, undirected ones turned smaller id first; one link listed twice is kept once."""
    directed = {t.name: t.directed for t in types}
    by_id: dict[str, LinkIn] = {}
    by_ends: dict[tuple[str, str, str], str] = {}
    for i, obj in enumerate(items):
        if i == MAX_LINKS:
            raise _Refuse(f"it has more than {MAX_LINKS:,} links, the most one export may hold")
        link = _plain_link(obj, directed) or _link(obj, i, directed, now)
        first = by_id.setdefault(link.id, link)
        if first is not link:
            if first != link:
                raise _Refuse(f"link {link.id!r} appears twice with different content")
            continue
        other = by_ends.setdefault((link.type, link.from_id, link.to_id), link.id)
        if other != link.id:
            raise _Refuse(f"links {other!r} and {link.id!r} both join {link.from_id!r} to "
                          f"{link.to_id!r} as {link.type!r}")
    return list(by_id.values())


def _link(obj, index: int, directed: dict[str, bool], now: str) -> LinkIn:
    """One link checked field by field, the first problem named."""
    where = f"link #{index + 1}"
    _object(obj, where)
    if isinstance(obj.get("id"), str):
        where = f"link {obj['id']!r}"
    kind = get(obj, "type", str, where)
    if kind not in directed:
        raise _Refuse(f"{where}: its type {kind!r} is not in 'link_types'")
    ends = []
    for end in ("from", "to"):
        value = get(obj, end, str, where)
        if not value or len(value) > 128:
            raise _Refuse(f"{where}: {end!r} should be an annotation id")
        ends.append(value)
    from_id, to_id = ends
    if from_id == to_id:
        raise _Refuse(f"{where}: it joins annotation {from_id!r} to itself")
    if not directed[kind] and to_id < from_id:
        from_id, to_id = to_id, from_id
    given = obj.get("updated_at") is not None or obj.get("created_at") is not None
    created = timestamp(obj, "created_at", where, now) or now
    updated = timestamp(obj, "updated_at", where, created) or created
    # Without times, a note or coder left out is not said (None: see LinkIn), not emptied.
    unsaid = None if not given else ""
    note = get(obj, "note", str, where, required=False, default=unsaid)
    who = get(obj, "annotator", str, where, required=False, default=unsaid)
    return LinkIn(ident(obj, where, f"link:{kind}:{from_id}:{to_id}"), sys.intern(kind),
                  from_id, to_id, note, None if who is None else sys.intern(who or "unknown"),
                  created, created if updated == created else updated, given)


def _plain_link(obj, directed: dict[str, bool]) -> LinkIn | None:
    """A link as our own exports write it, checked in one pass (five times faster); None for
    anything unusual, which _link then checks field by field and names."""
    if type(obj) is not dict:
        return None
    get_ = obj.get
    ident_, kind, from_id, to_id = get_("id"), get_("type"), get_("from"), get_("to")
    note, who, created, updated = get_("note", ""), get_("annotator", ""), get_("created_at"), \
        get_("updated_at")
    if not (type(ident_) is str and type(kind) is str and type(from_id) is str
            and type(to_id) is str and type(note) is str and type(who) is str
            and type(created) is str and type(updated) is str):
        return None
    if (kind not in directed or from_id == to_id or not 0 < len(from_id) <= 128
            or not 0 < len(to_id) <= 128 or len(note) > 100_000 or len(who) > 10_000
            or len(created) > 64 or len(updated) > 64 or not _PLAIN_ID.fullmatch(ident_)
            or _UNUSUAL.search(ident_ + kind + from_id + to_id + note + who + created + updated)):
        return None
    if not plain_times(created, updated):
        return None
    if not directed[kind] and to_id < from_id:
        from_id, to_id = to_id, from_id
    return LinkIn(ident_, sys.intern(kind), from_id, to_id, note, sys.intern(who or "unknown"),
                  created, created if updated == created else updated, True)


def attributes(value, where: str) -> dict | None:
    """An annotation's attributes, keys sorted (None when absent or empty)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _Refuse(f"{where}: 'attributes' should be an object, not {json_type(value)}")
    for key, item in value.items():
        if _UNUSUAL.search(key) or (isinstance(item, str) and _UNUSUAL.search(item)):
            raise _Refuse(f"{where}: attribute {key[:40]!r} contains a lone surrogate or NUL")
    try:
        return check_attributes(value, where) or None
    except InputRefused as exc:
        raise _Refuse(exc.reason) from None


def plain_attributes(value) -> dict | None:
    """The attributes checked quickly when they are as our exports write them; None for
    anything the careful path (attributes) should look at and name."""
    if type(value) is not dict:
        return None
    try:
        checked = check_attributes(value)
    except InputRefused:
        return None
    for key, item in checked.items():
        if _UNUSUAL.search(key) or (type(item) is str and _UNUSUAL.search(item)):
            return None
    return checked


def check_whole(articles: list[ArticleIn], actor_list: list[Actor], link_list: list[LinkIn],
                said: list[str] | None = None, source: str = "") -> None:
    """Ids used once (an annotation listed twice alike is kept once, and ``said`` is told so,
    naming ``source``), and every annotation's actor and every link's ends found in the file;
    a speaker link within one article."""
    seen_articles: dict[str, str] = {}
    for article in articles:
        if article.reference:  # (a pointer, perhaps without an id: resolved in the project)
            continue
        if seen_articles.setdefault(article.id, article.text_sha256) != article.text_sha256:
            raise _Refuse(f"article {article.named()} appears twice with different texts")
    ids = [a.id for article in articles for a in article.annotations]
    if len(set(ids)) != len(ids):  # (rare: compared one by one, the first copy kept)
        _once(articles)
        copies = len(ids) - sum(len(a.annotations) for a in articles)
        if said is not None and copies:
            said.append(f"{source}: {copies:,} annotation{'s' if copies != 1 else ''} listed "
                        "twice alike (the same id, or the same place and tag without an id): "
                        "kept once")
    actor_ids = {a.id for a in actor_list}
    named = {a.actor for article in articles for a in article.annotations}
    named.discard(None)
    if not named <= actor_ids:  # name the first annotation whose actor is missing
        for article in articles:
            for a in article.annotations:
                if a.actor is not None and a.actor not in actor_ids:
                    raise _Refuse(f"article {article.named()}, annotation {a.id!r}: its 'actor' "
                                  f"{a.actor!r} is not one of the file's actors")
    if not link_list:
        return
    seen = {a.id: article.text_sha256 for article in articles for a in article.annotations}
    for link in link_list:
        for end, ident_ in (("from", link.from_id), ("to", link.to_id)):
            if ident_ not in seen:
                raise _Refuse(f"link {link.id!r}: its {end!r} end {ident_!r} is not an annotation "
                              "in this file")
        if link.type == SPEAKER and seen[link.from_id] != seen[link.to_id]:
            raise _Refuse(f"link {link.id!r}: a 'speaker' link joins a quote to an actor of the "
                          "same article, and these two are in different articles")


def _once(articles: list[ArticleIn]) -> None:
    """Each annotation id kept once: a copy alike (in an article of the same text) is dropped,
    a copy with other content refused."""
    seen: dict[str, tuple[str, AnnotationIn]] = {}  # the first of each id, to compare with
    for article in articles:
        unique: dict[str, AnnotationIn] = {}
        for a in article.annotations:
            sha, first = seen.setdefault(a.id, (article.text_sha256, a))
            if first is not a and (sha != article.text_sha256 or _content(first) != _content(a)):
                raise _Refuse(f"article {article.named()}, annotation {a.id!r}: the id is used twice "
                              "with different content")
            unique.setdefault(a.id, a)
        article.annotations = list(unique.values())


def _content(a: AnnotationIn) -> tuple:
    return (a.tag, a.start, a.end, a.note, a.annotator, a.created_at, a.updated_at, a.actor,
            a.attributes)
