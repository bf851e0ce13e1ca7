"""Writing Label Studio tasks and the labelling config (shapes and keys:
formats/exchange/labelstudio/labelstudio.py). Offsets in code points, as the current editor counts them."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import quoteattr

import orjson

from ....domain.bundle import Bundle
from ....domain.loss import LossReport
from ....errors import AnnotatorError
from ..shared.foreign_write import (NOT_XML, add_loss, details, link_type_losses,
                                    links_by_article, loss_of, no_gc)
from .labelstudio import CONFIG, TASKS
from .labelstudio_own import KEY, own_data

__all__ = ["config_path", "config_xml", "tasks_json", "write_labelstudio"]


def tasks_json(bundle: Bundle, within: dict | None = None) -> bytes:
    """The tasks; ``within``: links_by_article's first part, when the caller has it."""
    within = links_by_article(bundle)[0] if within is None else within
    directed = {t.name: t.directed for t in bundle.link_types}
    tasks = []
    # (Equal parts are one object, written as often as it is used: the labels of a tag, who and
    # when; a third of the dicts and lists to make, and to free, for 100,000 spans.)
    labels: dict[str, list[str]] = {}
    made: dict[tuple[str, str, str], dict] = {}
    for seq, article in enumerate(bundle.articles, start=1):
        result: list[dict] = []
        for a in article.annotations:
            tag = labels.get(a.tag) or labels.setdefault(a.tag, [a.tag])
            key = (a.annotator, a.created_at, a.updated_at)
            who = made.get(key) or made.setdefault(key, {
                "name": a.annotator, "created_at": a.created_at, "updated_at": a.updated_at})
            if a.note:
                result.append({"id": a.id, "from_name": "label", "to_name": "text",
                               "type": "labels", "value": {"start": a.start, "end": a.end,
                                                           "text": a.text, "labels": tag},
                               "meta": {"text": [a.note]}, "annotator": who})
            else:
                result.append({"id": a.id, "from_name": "label", "to_name": "text",
                               "type": "labels", "value": {"start": a.start, "end": a.end,
                                                           "text": a.text, "labels": tag},
                               "annotator": who})
        for k in within.get(article.id, []):
            result.append({"type": "relation", "from_id": k.from_id, "to_id": k.to_id,
                           "direction": "right" if directed.get(k.type, True) else "bi",
                           "labels": [k.type],
                           "annotator": {"id": k.id, "name": k.annotator,
                                         "created_at": k.created_at,
                                         "updated_at": k.updated_at}})
        # (annotations before the text, so that the first bytes show what the file is)
        task: dict = {"id": seq, "annotations": [{"result": result}] if result else [],
                      "data": {"text": article.text, **details(article)}}
        if own := own_data(article, within.get(article.id, [])):  # (what Label Studio keeps
            task["data"][KEY] = own  # when a region is edited: labelstudio_own)
        tasks.append(task)
    return orjson.dumps(tasks, option=orjson.OPT_INDENT_2) + b"\n"


def config_xml(bundle: Bundle) -> bytes:
    lines = ["<View>", '  <Labels name="label" toName="text">']
    for t in bundle.tags:
        extra = (f" background={quoteattr(t.color)}" if t.color else "") + (
            f" hint={quoteattr(NOT_XML.sub(chr(0xfffd), t.description))}" if t.description
            else "")
        lines.append(f"    <Label value={quoteattr(t.name)}{extra}/>")
    lines += ["  </Labels>", '  <Text name="text" value="$text"/>']
    if bundle.link_types:
        lines.append("  <Relations>")
        lines += [f"    <Relation value={quoteattr(t.name)}/>" for t in bundle.link_types]
        lines.append("  </Relations>")
    lines.append("</View>")
    return ("\n".join(lines) + "\n").encode("utf-8")


@no_gc()
def write_labelstudio(bundle: Bundle, target, *, before=None, path: Path | None = None
                      ) -> LossReport:
    """To a binary stream: the tasks, and when ``path`` names the file the stream becomes
    (``-o FILE.json``), the labelling config beside it as FILE.config.xml (written atomically;
    the file import reads beside the tasks); to a Path: the folder with tasks.json and
    config.xml."""
    folder = isinstance(target, Path)
    with_config = folder or path is not None
    report = loss_of(bundle, "labelstudio", ("actors", "attributes")
                     if with_config else ("actors", "attributes", "tag_details"))
    within, _ = links_by_article(bundle)
    link_type_losses(report, bundle, directions=False, named=None if with_config else
                     {k.type for links in within.values() for k in links})
    if with_config:
        add_loss(report, "tag description with characters XML cannot hold",
                 "tag descriptions with characters XML cannot hold",
                 sum(1 for t in bundle.tags if NOT_XML.search(t.description)),
                 "those characters written as U+FFFD in the config")
    if not with_config and "tag_details" in report.counts:
        report.how["tag_details"] = ("left out (-o DIR writes tasks.json with config.xml, "
                                     "the labelling config that has them; -o FILE.json writes "
                                     "FILE.config.xml beside it)")
    if before is not None:
        before(report)
    from ....fileutil import atomic_write

    if not folder:
        target.write(tasks_json(bundle, within))
        if path is not None:
            with atomic_write(config_path(path)) as handle:
                handle.write(config_xml(bundle))
        return report
    if target.exists() and not target.is_dir():
        raise AnnotatorError(f"{target}: is a file; --format labelstudio writes a folder "
                             "(tasks.json and config.xml) there, or name a .json file for the "
                             "tasks alone")
    target.mkdir(parents=True, exist_ok=True)
    for name, data in ((TASKS, tasks_json(bundle, within)), (CONFIG, config_xml(bundle))):
        with atomic_write(target / name) as handle:
            handle.write(data)
    return report


def config_path(tasks: Path) -> Path:
    """The labelling config beside a tasks file: NAME.config.xml for NAME.json (what
    labelstudio.config_beside finds first)."""
    tasks = Path(tasks)
    return tasks.with_name(f"{tasks.stem}.config.xml")
