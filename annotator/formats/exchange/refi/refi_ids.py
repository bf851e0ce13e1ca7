"""The ids annotator wrote as UUIDs derived from them (refi_write.guid: ids that are not UUIDs in
lower case), read back: a file annotator wrote lists them in a Note (refi_write.IDS_NOTE, JSON:
kind -> the original ids), and each is taken back where the GUID the file has is the one
annotator derives from it. So a project's own export, imported back into it, finds its spans and
links again instead of adding them beside the first ones."""

from __future__ import annotations

import json
import re

from ....domain.bundle import Bundle
from .refi_write import derived_many

_KINDS = ("article", "annotation", "actor", "link")
_ID = re.compile(r"[^\s\x00-\x1f\x7f\ud800-\udfff]{1,128}")  # (an id the JSON export takes)


def original_ids(note: str) -> dict[str, dict[str, str]]:
    """kind -> (GUID as read -> the id it stands for), from the note's text; empty when it is
    not such a list."""
    try:
        listed = json.loads(note)
    except ValueError:
        return {}
    if not isinstance(listed, dict):
        return {}
    found: dict[str, dict[str, str]] = {}
    for kind in _KINDS:
        ids = listed.get(kind)
        if not isinstance(ids, list):
            continue
        ids = [i for i in ids if isinstance(i, str) and _ID.fullmatch(i)]
        found[kind] = dict(zip(derived_many(kind, ids), ids, strict=True))
    return found


def restore_ids(bundle: Bundle, ids: dict[str, dict[str, str]]) -> None:
    """The bundle's ids that ``ids`` (original_ids) names, and every reference to them, back
    to the ids they stand for."""
    articles, spans, actors, links = (ids.get(kind, {}) for kind in _KINDS)
    for article in bundle.articles:
        article.id = articles.get(article.id, article.id)
        if spans or actors:
            for a in article.annotations:
                a.id = spans.get(a.id, a.id)
                if a.actor is not None:
                    a.actor = actors.get(a.actor, a.actor)
    if actors:
        bundle.actors = [a._replace(id=actors.get(a.id, a.id)) for a in bundle.actors]
    directed = {t.name: t.directed for t in bundle.link_types}
    for k in bundle.links:
        k.id = links.get(k.id, k.id)
        k.from_id, k.to_id = spans.get(k.from_id, k.from_id), spans.get(k.to_id, k.to_id)
        if not directed.get(k.type, True) and k.to_id < k.from_id:  # (as export_read_v2.links)
            k.from_id, k.to_id = k.to_id, k.from_id
    if spans or links:
        bundle.where = {spans.get(key, links.get(key, key)): where
                        for key, where in bundle.where.items()}
