"""Reading Label Studio tasks (shapes, units and keys: formats/exchange/labelstudio/labelstudio.py)
into a Bundle."""

from __future__ import annotations

import json
from pathlib import Path

import orjson

from ..shared.gc_pause import gc_paused
from ....domain.anchor import anchor
from ....domain.bundle import AnnotationIn, ArticleIn, Bundle, TagIn
from ....domain.text import canonicalize
from ....errors import InputRefused
from ...encoding.decode import read_capped
from ...registry import LS_GROUPS
from ...export.export_fields import ident, tag_name
from ...export.export_read import MAX_EXPORT_BYTES
from ...export.export_scan import Refuse
from ..shared.foreign_read import article_of, file_text, finish_checked, json_problem
from ..shared.foreign_text import ForeignText
from .labelstudio_own import Own, own_of
from .labelstudio_plain import group_votes, plain_group

__all__ = ["read_tasks"]


class _Task:
    def __init__(self, where: str, foreign: ForeignText, article: ArticleIn, groups: list,
                 own: Own | None = None):
        self.where, self.foreign, self.article, self.groups = where, foreign, article, groups
        self.own = own  # (a task our export made: labelstudio_own)
        self.taken: set = set()  # (our spans' ids, ("link", id)s, given to an edited result)


@gc_paused
def read_tasks(path: Path, config, now: str) -> Bundle:
    try:
        data = orjson.loads(read_capped(path, MAX_EXPORT_BYTES).removeprefix(b"\xef\xbb\xbf"))
    except orjson.JSONDecodeError:  # (the standard parser says where; it also takes the lone
        try:                        # surrogates orjson refuses, which then refuse their task)
            data = json.loads(file_text(path))
        except json.JSONDecodeError as exc:
            raise InputRefused(f"is not JSON ({json_problem(exc)}, line {exc.lineno})",
                               str(path)) from None
    tasks = data if isinstance(data, list) else [data] if isinstance(data, dict) else None
    if not tasks:
        raise InputRefused("holds no Label Studio task (a list of objects with 'data')",
                           str(path))
    bundle = Bundle(tags=[TagIn(name, color, description) for name, (color, description)
                          in (config.labels.items() if config else ())], articles=[],
                    lacks=frozenset({"actor", "attributes", "link_direction"} | (
                        set() if config else {"tags", "link_types"})))
    read = [t for n, task in enumerate(tasks, start=1)
            if (t := _task(task, f"{path}, task {n}", config, bundle)) is not None]
    utf16 = _prefers_utf16(read)
    directions: dict[str, bool] = {}  # (by the relations' own directions; then the config's)
    link_items: list[dict] = []
    tags_ok: set[str] = set()  # labels found to be good tag names
    for task in read:
        for label, annotator, results in task.groups:
            plain = None if task.own is not None and task.own.touched(results) else plain_group(
                task.foreign, task.article.text_sha256, label, annotator, results, utf16, now,
                tags_ok)  # (our regions edited in Label Studio: the careful way knows them)
            if plain is not None:  # (the usual group: labels results, each at its quote)
                task.article.annotations += plain
                continue
            regions = _spans(task, label, annotator, results, utf16, bundle, now)
            link_items += _relations(task, label, annotator, results, regions, directions,
                                     bundle)
        bundle.articles.append(task.article)
    if config is not None:  # (the config's relation labels first, in its order; unused: directed)
        directions = {name: directions.get(name, True) for name in config.relations} | directions
    return finish_checked(bundle, directions, link_items, now, path)


def _task(task, where: str, config, bundle: Bundle) -> _Task | None:
    if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
        raise InputRefused(f"{where.rsplit(', ', 1)[1]} is not a Label Studio task (an object "
                           "with 'data')", where.rsplit(", ", 1)[0])
    data = task["data"]
    key = _text_key(task, data, config)
    if key is None:
        bundle.refused.append(f"{where}: refused: its text is HTML (a HyperText object, whose "
                              "regions are XPaths), which annotator does not read")
        return None
    try:
        foreign, article = article_of(data.get(key), data, where)
    except Refuse as exc:
        bundle.refused.append(f"{exc}: refused with its results")
        return None
    groups = []
    seen: dict[object, list] = {}  # (an annotation's id -> its results: one listed twice alike)
    for kind in LS_GROUPS:
        items = task.get(kind)
        if items is not None and not isinstance(items, list):
            bundle.refused.append(f"{where}: refused: its {kind!r} should be a list (of "
                                  "objects with a 'result' list): none of them imported")
            continue
        for k, group in enumerate(items or [], start=1):
            label = f"{where}, {kind[:-1]} {k}"
            if not isinstance(group, dict) or not isinstance(group.get("result"), list):
                bundle.refused.append(f"{label}: refused: it has no 'result' list")
            elif group.get("was_cancelled") is True:
                bundle.said.append(f"{label}: left out: it was cancelled (skipped) in Label "
                                   "Studio")
            elif _listed_before(seen, kind, group):
                bundle.said.append(f"{label}: listed twice alike (id {group['id']!r}): kept once")
            else:
                groups.append((label, _who(group, kind), group["result"]))
    return _Task(where, foreign, article, groups, own_of(data, groups))


def _listed_before(seen: dict, kind: str, group: dict) -> bool:
    """Whether the task listed this annotation (or prediction) before with the same results
    (the same id under 'annotations' and 'completions', or twice); remembered otherwise."""
    ident = group.get("id")
    if not isinstance(ident, (int, str)) or isinstance(ident, bool):
        return False
    key = (kind == "predictions", ident)
    if key in seen and seen[key] == group["result"]:
        return True
    seen.setdefault(key, group["result"])
    return False


def _text_key(task: dict, data: dict, config) -> str | None:
    """The data key holding the task's text; None when the task's text is HTML."""
    names = {r.get("to_name") for r in _results(task)}
    if config is not None:
        for name in [n for n in names if n in config.texts] or list(config.texts):
            if name not in config.html and isinstance(data.get(config.texts[name]), str):
                return config.texts[name]
        if config.texts and all(n in config.html for n in config.texts):
            return None
    types = {r.get("type") for r in _results(task)}
    if "hypertextlabels" in types and "labels" not in types:
        return None
    if isinstance(data.get("text"), str):
        return "text"
    strings = [k for k, v in data.items() if isinstance(v, str)]
    return strings[0] if len(strings) == 1 else "text"


def _results(task: dict) -> list[dict]:
    """Every result object of the task's annotations and predictions."""
    found = []
    for kind in LS_GROUPS:
        groups = task.get(kind)
        for group in groups if isinstance(groups, list) else []:
            items = group.get("result") if isinstance(group, dict) else None
            found += [r for r in items if isinstance(r, dict)] if isinstance(items, list) else []
    return found


def _who(group: dict, kind: str) -> str:
    if kind == "predictions":
        model = group.get("model_version")
        return f"prediction {model}" if isinstance(model, str) and model else "prediction"
    by = group.get("completed_by")
    if isinstance(by, dict) and isinstance(by.get("email"), str) and by["email"]:
        return by["email"]
    if isinstance(by, int) and not isinstance(by, bool):
        return f"label-studio user {by}"
    return "label-studio"


def _same(piece: str, quote: str) -> bool:
    """Whether the text at a reading is the result's quote (which the editor writes with a
    literal backslash-n for a line break, and which may differ by CRLF)."""
    if piece == quote:
        return True
    lf = piece.replace("\r\n", "\n")
    return lf == quote.replace("\r\n", "\n") or lf.replace("\n", "\\n") == quote


def _readings(task: _Task, value: dict, utf16: bool):
    start, end, quote = value.get("start"), value.get("end"), value.get("text")
    for unit in (utf16, not utf16):
        found = task.foreign.raw_span(start, end, utf16=unit)
        yield unit, found, found is not None and (
            not isinstance(quote, str) or _same(task.foreign.raw[found[0]:found[1]], quote))


def _prefers_utf16(tasks: list[_Task]) -> bool:
    """Whether more of the file's quotes match under UTF-16 units than under code points.
    (Stops once the results not yet seen could no longer change the answer.)"""
    votes = {True: 0, False: 0}
    tasks = [task for task in tasks if not task.foreign.units.identity]
    left = sum(len(results) for task in tasks for _, _, results in task.groups)
    for task in tasks:
        for _, _, results in task.groups:
            if abs(votes[True] - votes[False]) > left:
                return votes[True] > votes[False]
            left -= len(results)
            counted = group_votes(task.foreign, results, _same) or careful_votes(task, results)
            votes[True] += counted[0]
            votes[False] += counted[1]
    return votes[True] > votes[False]


def careful_votes(task: _Task, results: list) -> tuple[int, int]:
    """(for UTF-16 units, for code points): the group's quotes found at their offsets read in
    one unit and not in the other, result by result (group_votes counts a usual group at once)."""
    votes = {True: 0, False: 0}
    for r in results:
        value = r.get("value") if isinstance(r, dict) else None
        if isinstance(value, dict) and isinstance(value.get("text"), str):
            ok = {unit: fits for unit, _, fits in _readings(task, value, False)}
            if ok[True] != ok[False]:
                votes[ok[True]] += 1
    return votes[True], votes[False]


def _spans(task: _Task, label: str, annotator: str, results: list, utf16: bool,
           bundle: Bundle, now: str) -> dict[str, str]:
    """The group's spans added to the task's article; returns region id -> annotation id."""
    regions: dict[str, str] = {}
    for j, r in enumerate(results, start=1):
        place = f"{label}, result {j}"
        kind = r.get("type") if isinstance(r, dict) else None
        if kind == "relation":
            continue
        value = r.get("value") if kind == "labels" else None
        if not isinstance(value, dict):
            bundle.refused.append(f"{place}: refused: a {kind!r} result is not a span of the "
                                  "text (annotator reads 'labels' and 'relation' results)")
            continue
        placed = _place(task, value, utf16, place, bundle)
        if placed is None:
            continue
        labels = value.get("labels")
        if not isinstance(labels, list) or not labels:
            bundle.refused.append(f"{place}: refused: it has no labels")
            continue
        own: dict = r["annotator"] if isinstance(r.get("annotator"), dict) else {}
        meta = r.get("meta")
        notes = meta.get("text") if isinstance(meta, dict) else None
        note = "\n".join(n for n in notes if isinstance(n, str)) if isinstance(notes, list) else ""
        rid = r.get("id") if isinstance(r.get("id"), str) else str(j)
        # Our span edited in Label Studio (its object gone, or a label added): its first label
        # is that span, an edit made now; the others are new spans (labelstudio_own).
        mine = task.own
        edited = mine is not None and mine.region(r.get("id")) and (
            len(labels) > 1 or not _complete(own))
        for tag in labels:
            try:
                tag = tag_name(tag if isinstance(tag, str) else "", place)
            except Refuse as exc:
                bundle.refused.append(f"{exc}: refused")
                continue
            if edited and mine is not None and rid not in task.taken:
                task.taken.add(rid)
                span = AnnotationIn(rid, tag, *placed, task.foreign.text[slice(*placed)], note,
                                    mine.coder(rid, annotator), now, now, False)
            else:
                span = _span(task, tag, placed, rid, own if len(labels) == 1 else {}, label,
                             annotator, note, now)
            task.article.annotations.append(span)
            regions.setdefault(rid, span.id)
    return regions


def _place(task: _Task, value: dict, utf16: bool, place: str,
           bundle: Bundle) -> tuple[int, int] | None:
    quote, first = value.get("text"), None
    for _, found, fits in _readings(task, value, utf16):
        span = task.foreign.canonical_span(*found) if found else None
        first = first or span
        if fits and span is not None and span[0] < span[1]:
            return span
    if isinstance(quote, str) and quote:
        at = first or (0, 0)
        moved = anchor(task.foreign.text, at[0], at[1], canonicalize(quote).replace("\\n", "\n"))
        if moved is not None:
            start, end = value.get("start"), value.get("end")
            how = f"moved from {start}-{end} to" if type(start) is int and type(end) is int \
                else f"its offsets {start!r}-{end!r} are not whole numbers: placed at"
            bundle.said.append(f"{place}: {how} {moved[0]}-{moved[1]}, where its text "
                               f"{quote[:40]!r} is")
            return moved
        why = "does not occur in" if quote not in task.foreign.text else \
            "occurs more than once in"
        bundle.refused.append(f"{place}: refused: its text {quote[:40]!r} is not at "
                              f"{value.get('start')!r}-{value.get('end')!r} and {why} the task's "
                              "text")
        return None
    bundle.refused.append(f"{place}: refused: {value.get('start')!r}-{value.get('end')!r} is "
                          "not a span of the task's text")
    return None


def _complete(own: dict) -> bool:
    """Whether a result's ``annotator`` object has our coder and times (as we write it)."""
    return all(isinstance(v := own.get(k), str) and v for k in ("name", "created_at",
                                                               "updated_at"))


def _span(task: _Task, tag: str, placed: tuple[int, int], rid: str, own: dict, label: str,
          annotator: str, note: str, now: str) -> AnnotationIn:
    start, end = placed
    text = task.foreign.text[start:end]
    name, created, updated = own.get("name"), own.get("created_at"), own.get("updated_at")
    if isinstance(name, str) and isinstance(created, str) and isinstance(updated, str) and \
            name and created and updated:
        try:
            span_id = ident({"id": rid}, label, "")
            return AnnotationIn(span_id, tag, start, end, text, note, name, created, updated)
        except Refuse:
            pass
    span_id = ident({}, label, f"labelstudio:{task.article.text_sha256}:{label.rsplit(', ', 2)[-1]}"
                               f":{rid}:{tag}")
    return AnnotationIn(span_id, tag, start, end, text, note, annotator, now, now, False)


def _relations(task: _Task, label: str, annotator: str, results: list, regions: dict[str, str],
               directions: dict[str, bool], bundle: Bundle) -> list[dict]:
    found = []
    for j, r in enumerate(results, start=1):
        if not isinstance(r, dict) or r.get("type") != "relation":
            continue
        place = f"{label}, result {j}"
        ends = [regions.get(end) if isinstance(end := r.get(k), str) else None
                for k in ("from_id", "to_id")]
        if None in ends or ends[0] == ends[1]:
            bundle.refused.append(f"{place}: refused: a relation whose ends are not two regions "
                                  "of its annotation that were read")
            continue
        direction = r.get("direction")
        if direction == "left":
            ends.reverse()
        labels = [x for x in r.get("labels") or [] if isinstance(x, str) and x.strip()]
        own: dict = r["annotator"] if isinstance(r.get("annotator"), dict) else {}
        ours = task.own.link(*map(str, ends)) if task.own is not None and "id" not in own \
            else None
        for kind in labels or ["related"]:
            directions[kind] = directions.get(kind, False) or direction != "bi"
            item = {"type": kind, "from": ends[0], "to": ends[1], "annotator": annotator,
                    "where": place}
            if ours is not None and ("link", ours) not in task.taken:  # (our link, edited)
                task.taken.add(("link", ours))
                item["id"] = ours  # (no times: an edit made now; no coder: the project's)
                del item["annotator"]
            elif len(labels) <= 1:
                item.update({k: v for k, v in own.items() if k in ("id", "created_at",
                                                                   "updated_at", "note")})
                if isinstance(own.get("name"), str):
                    item["annotator"] = own["name"]
            found.append(item)
    return found
