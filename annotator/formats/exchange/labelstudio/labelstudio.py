"""The registry's ``labelstudio`` format (issue 11): Label Studio's tasks JSON and its labelling
config (XML).

Tasks: a JSON list of ``{"id", "data": {"text": ...}, "annotations": [{"result": [...]}],
"predictions": [...]}``; a span is a result ``{"id", "from_name", "to_name", "type": "labels",
"value": {"start", "end", "text", "labels": [tag]}, "meta": {"text": [note]}}``, a link a result
``{"type": "relation", "from_id", "to_id", "direction": "right"|"left"|"bi", "labels": [type]}``
between regions of one annotation (so only links within one article). The config declares the
labels (``<Labels name="label" toName="text"><Label value="claim" background="#d9534f"/>``),
the text (``<Text name="text" value="$text"/>``) and the relation labels (``<Relations>``).

Offsets: the current editor counts code points; exports from before about 2022 counted UTF-16
units. Each file is read in the unit under which more of its results' ``value.text`` match the
task's text, and each span is checked: the other unit is tried when the file's does not match,
then the quote is looked for (moved when it occurs once, said), else the span is refused.

Written: ``-o FILE.json`` (or standard output) writes the tasks alone; ``-o DIR`` writes the
folder ``DIR/tasks.json`` and ``DIR/config.xml`` (labels with their colours, relation labels):
the config is what Label Studio's project needs. Import reads a file (with ``NAME.config.xml``
beside it when there is one) or such a folder. Each result also carries ``annotator``: the span's
or link's id, annotator and times, so that an import back into annotator keeps them (Label Studio
keeps unknown keys until a region is edited). Lost: actors, attributes, links between articles,
the notes of links; without the config, the tags' colours and descriptions.
"""

from __future__ import annotations

import re
from pathlib import Path

from ....domain.bundle import Bundle
from ....domain.loss import LossReport
from ....errors import InputRefused
from ...naming import others_left_out

__all__ = ["CONFIG", "TASKS", "config_beside", "detect", "read", "read_config", "write"]

TASKS, CONFIG = "tasks.json", "config.xml"
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


def detect(path: Path, head: bytes) -> bool:
    from ...registry import HEAD_BYTES, json_kind

    path = Path(path)
    if path.is_dir():
        tasks = path / TASKS
        if not tasks.is_file():
            return False
        with open(tasks, "rb") as handle:
            head = handle.read(HEAD_BYTES)
    if json_kind(head) == "labelstudio":
        return True
    # A first task larger than the head: its keys (a result's from_name and to_name, or data
    # beside annotations or predictions) seen in a list of objects or one object.
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if not (start[:1] == b"{" or _LIST.match(start)):
        return False
    return bool(_RESULT.search(start) or (_DATA.search(start) and _GROUP.search(start)))


_LIST = re.compile(rb"\[\s*\{")
_RESULT = re.compile(rb'"from_name"\s*:\s*"[^"]*"\s*,\s*"to_name"\s*:')
_DATA = re.compile(rb'"data"\s*:\s*\{')
_GROUP = re.compile(rb'"(?:annotations|completions|predictions)"\s*:\s*\[')


def config_beside(path: Path) -> Path | None:
    """The labelling config that goes with a tasks file: ``config.xml`` in its folder (the
    folder form), else ``NAME.config.xml`` beside it (NAME: its name without ``.json``, or the
    part before its first dot)."""
    if path.is_dir():
        found = path / CONFIG
        return found if found.is_file() else None
    for name in (path.stem, path.name.split(".", 1)[0]):
        found = path.with_name(f"{name}.config.xml")
        if found.is_file():
            return found
    return None


class Config:
    """What a labelling config says: labels (name -> colour or None, description), the text's
    data key per object name, which objects are HyperText, relation labels."""

    def __init__(self):
        self.labels: dict[str, tuple[str | None, str]] = {}
        self.texts: dict[str, str] = {}  # object name -> data key
        self.html: set[str] = set()  # HyperText object names
        self.relations: list[str] = []


def read_config(path: Path) -> Config:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True)
    try:
        root = etree.parse(str(path), parser).getroot()
    except (etree.XMLSyntaxError, OSError) as exc:
        raise InputRefused(f"is not a labelling config (not well-formed XML: {exc})",
                           str(path)) from None
    config = Config()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        kind, get = element.tag, element.get
        if kind in ("Text", "HyperText", "Paragraphs") and get("name"):
            if kind != "Text":
                config.html.add(get("name"))
            config.texts[get("name")] = (get("value") or "").removeprefix("$")
        elif kind == "Label" and get("value") and element.getparent() is not None and \
                element.getparent().tag in ("Labels", "HyperTextLabels", "ParagraphLabels"):
            color = get("background") or ""
            config.labels.setdefault(get("value"), (color if _COLOR.fullmatch(color) else None,
                                                    (get("hint") or "")[:2000]))  # (a tag's
            # description holds 2,000 characters, as REFI-QDA's are cut)
        elif kind == "Relation" and get("value") and get("value") not in config.relations:
            config.relations.append(get("value"))
    return config


def read(path: Path, *, now: str) -> Bundle:
    from .labelstudio_read import read_tasks

    path = Path(path)
    tasks = path / TASKS if path.is_dir() else path
    found = config_beside(path)
    bundle = read_tasks(tasks, read_config(found) if found else None, now)
    if path.is_dir() and (said := others_left_out(
            path, {TASKS, CONFIG}, f"a Label Studio folder is read as its {TASKS} and {CONFIG}")):
        bundle.said.append(said)
    return bundle


def write(source, target, *, before=None, **options) -> LossReport:
    from .labelstudio_write import write_labelstudio

    return write_labelstudio(source.bundle(), target, before=before, path=options.get("path"))
