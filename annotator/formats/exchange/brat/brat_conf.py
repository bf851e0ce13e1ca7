"""A brat folder's ``annotation.conf`` and ``visual.conf``, as far as annotator uses them: the
entity and relation types (symmetric or not), the tags' colours, and the '# annotator' comment
lines of our own exports (formats/exchange/brat/brat) that give back names and article details."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ....domain.comparison.links import DEFAULT_LINK_TYPES
from ....errors import InputRefused
from .brat import (ABOUT_LINK_TYPE, ABOUT_TAG, CONF, MAP_ARTICLE, MAP_LINK_TYPE, MAP_TAG, MARKER,
                   VISUAL)
from ...encoding.decode import read_capped

_COLOR = re.compile(r"bgColor:(#[0-9a-fA-F]{6})\b")
_DEFAULT_WAY = {t.name: t.directed for t in DEFAULT_LINK_TYPES}
_CONF_BYTES = 16 << 20


class BratConf:
    def __init__(self, folder: Path):
        self.ours = False
        self.entities: list[str] = []  # brat types, in the file's order
        self.relations: dict[str, bool] = {}  # brat type -> directed
        self.colors: dict[str, str] = {}
        self.tag_names: dict[str, str] = {}  # brat type -> our name, where they differ
        self.link_names: dict[str, str] = {}
        self.about: dict[tuple[str, str], str] = {}  # ("tag" or "link", brat type) -> description
        self.articles: dict[str, dict] = {}  # file stem -> details
        conf = folder / CONF
        if conf.is_file():
            self._read_conf(_text(conf))
        visual = folder / VISUAL
        if visual.is_file():
            self._read_visual(_text(visual))

    def tag(self, brat_type: str) -> str:
        return self.tag_names.get(brat_type, brat_type)

    def description(self, kind: str, name: str) -> str:
        """A tag's (kind 'tag') or link type's ('link') description, by our name."""
        names = self.tag_names if kind == "tag" else self.link_names
        brat_type = next((t for t, n in names.items() if n == name), name)
        return self.about.get((kind, brat_type), "")

    def link_type(self, brat_type: str) -> str:
        return self.link_names.get(brat_type, brat_type)

    def directed(self, brat_type: str) -> bool:
        """A relation declared symmetric is undirected; else one of our default link types
        keeps its way (another tool's conf may not declare it); else directed, as brat's are."""
        if brat_type in self.relations and (self.ours or not self.relations[brat_type]):
            return self.relations[brat_type]
        return _DEFAULT_WAY.get(self.link_type(brat_type), True)

    def _read_conf(self, text: str) -> None:
        self.ours = text.startswith(MARKER)
        section = ""
        for line in text.splitlines():
            if self.ours and line.startswith(MAP_ARTICLE):
                name, _, details = line[len(MAP_ARTICLE):].partition(" = ")
                try:
                    value = json.loads(details)
                except ValueError:
                    continue
                if isinstance(value, dict):
                    self.articles[name] = value
                continue
            for prefix, kind_ in ((ABOUT_TAG, "tag"), (ABOUT_LINK_TYPE, "link")):
                if self.ours and line.startswith(prefix):
                    kind, _, about = line[len(prefix):].partition(" = ")
                    try:
                        value = json.loads(about)
                    except ValueError:
                        continue
                    if isinstance(value, str):
                        self.about[kind_, kind] = value
            for prefix, names in ((MAP_TAG, self.tag_names), (MAP_LINK_TYPE, self.link_names)):
                if self.ours and line.startswith(prefix):
                    kind, _, name = line[len(prefix):].partition(" = ")
                    if kind and name:
                        names[kind] = name
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            if stripped.startswith("[") and stripped.endswith("]"):
                section = stripped[1:-1].strip().lower()
                continue
            first = stripped.split()[0]
            if first.startswith(("!", "<")) or "=" in first:  # abstract types, macros
                continue
            if section == "entities":
                self.entities.append(first)
            elif section == "relations":
                rest = stripped[len(first):]
                way = re.search(r"<REL-TYPE>:([\w-]+)", rest)
                self.relations[first] = not (way and "symmetric" in way.group(1).split("-"))

    def _read_visual(self, text: str) -> None:
        section = ""
        for line in text.splitlines():
            stripped = line.strip()
            if stripped.startswith("[") and stripped.endswith("]"):
                section = stripped[1:-1].strip().lower()
            elif section == "drawing" and stripped and not stripped.startswith("#"):
                color = _COLOR.search(stripped)
                if color:
                    self.colors[stripped.split()[0]] = color.group(1)


def _text(path: Path) -> str:
    try:
        return read_capped(path, _CONF_BYTES).decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise InputRefused(f"is not UTF-8 (byte {exc.start:,})", str(path)) from None
