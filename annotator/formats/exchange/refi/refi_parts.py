"""The REFI-QDA codebook and cases read into what a Bundle holds (formats/exchange/refi/refi.py says what
becomes what): codes -> tags, cases -> actors, variable values; and the small readers of GUIDs and
times every part uses."""

from __future__ import annotations

import json
import re
from datetime import datetime

from ....domain.comparison.actors import KINDS
from .refi import NS, VARIABLES

Q = "{" + NS + "}"
_MAX_TAG = 100
_COLOR3 = re.compile(r"#([0-9a-fA-F])([0-9a-fA-F])([0-9a-fA-F])")
_COLOR6 = re.compile(r"#[0-9a-fA-F]{6}")


def guid(value: str | None) -> str:
    """A GUID as an id: braces off, lower case (NVivo writes lower case, ATLAS.ti upper)."""
    return (value or "").strip().strip("{}").lower()


def q(name: str) -> str:
    return Q + name


def time(value: str | None) -> str | None:
    """A date and time as the file gives it, or None when it is not one."""
    if not value:
        return None
    try:
        datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return value.strip()


def codebook(root, own: bool = False) -> tuple[list[dict], dict[str, str]]:
    """(the tags, as the export's tag objects, in codebook order; code guid -> tag name) for
    the codable codes: a code's own name, or its path joined by " / " when two share a name.
    Descriptions as written in a file annotator wrote (``own``), trimmed in another's."""
    found: list[tuple[str, tuple[str, ...], str | None, str]] = []

    def walk(parent, path: tuple[str, ...]) -> None:
        for code in parent.iterfind(q("Code")):
            name = " ".join((code.get("name") or "").split()) or "code " + \
                guid(code.get("guid"))[:8]
            here = (*path, name)
            if code.get("isCodable", "true").strip().lower() in ("true", "1"):
                described = code.find(q("Description"))
                text = described.text or "" if described is not None else ""
                found.append((guid(code.get("guid")), here, code.get("color"),
                              text if own else text.strip()))
            walk(code, here)

    codes = root.find(f"{Q}CodeBook/{Q}Codes")
    if codes is not None:
        walk(codes, ())
    leaves: dict[str, int] = {}
    for _, path, _, _ in found:
        leaves[path[-1]] = leaves.get(path[-1], 0) + 1
    tag_of: dict[str, str] = {}
    tags: list[dict] = []
    used: set[str] = set()
    for ident, path, color, description in found:
        name = path[-1] if leaves[path[-1]] == 1 else " / ".join(path)
        if len(name) > _MAX_TAG:
            name = name[:_MAX_TAG - 1] + "…"
        base, n = name, 2
        while name in used:
            name, n = f"{base[:_MAX_TAG - 5]} ({n})", n + 1
        used.add(name)
        tag_of[ident] = name
        match = _COLOR3.fullmatch(color or "")
        color = "#" + "".join(2 * c for c in match.groups()) if match else \
            color if color and _COLOR6.fullmatch(color) else None
        tags.append({"name": name, "color": color, "description": description[:2000]})
    return tags, tag_of


def cases(root, variables: dict[str, str]) -> tuple[list[dict], dict[str, str]]:
    """(the actors, as the export's actor objects; selection guid -> actor id)."""
    actor_of: dict[str, str] = {}
    items = []
    for case in root.iterfind(f"{Q}Cases/{Q}Case"):
        ident = guid(case.get("guid"))
        found = values(case, variables)
        described = case.find(q("Description"))
        kind = found.get(VARIABLES["kind"])
        try:
            aliases = json.loads(found.get(VARIABLES["aliases"], "[]"))
        except ValueError:
            aliases = []
        items.append({"id": ident, "name": case.get("name") or "case " + ident[:8],
                      "kind": kind if kind in KINDS else None,
                      "aliases": [a for a in aliases if isinstance(a, str)]
                      if isinstance(aliases, list) else [],
                      "description": (described.text or "")[:2000]
                      if described is not None else ""})
        for ref in case.iterfind(q("SelectionRef")):
            actor_of.setdefault(guid(ref.get("targetGUID")), ident)
    return items, actor_of


def values(element, variables: dict[str, str]) -> dict[str, str]:
    """An element's Text variable values by variable name."""
    found = {}
    for value in element.iterfind(q("VariableValue")):
        ref = value.find(q("VariableRef"))
        text = value.find(q("TextValue"))
        if ref is not None and text is not None and text.text:
            found[variables.get(guid(ref.get("targetGUID")), "")] = text.text
    return found


def joined_notes(notes: list[str], own: bool) -> str:
    """A selection's or link's notes as one: one of ours as written, white space and all;
    another program's trimmed (its XML may be indented); several joined by a blank line, blank
    ones left out."""
    if len(notes) == 1 and own:
        return notes[0]
    return "\n\n".join(n if own else n.strip() for n in notes if n.strip())


def link_items(root, first_of: dict[str, str], notes: dict[str, str], own: bool = False
               ) -> tuple[list[dict], dict[str, bool], int]:
    """(the links between two imported selections, as the export's link objects; each link
    type's direction, as its first link says; how many links join no two imported selections).
    A link's note is as written (its notes joined, when it has more than one); in a file
    annotator wrote (``own``), a note with U+FFFD is one whose characters XML cannot hold were
    replaced: left unsaid (a link the project has keeps its own note)."""
    directed: dict[str, bool] = {}
    items = []
    other = 0
    for link in root.iterfind(f"{Q}Links/{Q}Link"):
        origin = first_of.get(guid(link.get("originGUID")))
        target = first_of.get(guid(link.get("targetGUID")))
        if origin is None or target is None or origin == target:
            other += 1
            continue
        kind = " ".join((link.get("name") or "").split())[:100] or "related"
        directed.setdefault(kind, link.get("direction") == "OneWay")
        note = joined_notes([notes.get(guid(r.get("targetGUID")), "")
                             for r in link.iterfind(q("NoteRef"))], own)
        item = {"id": guid(link.get("guid")), "type": kind, "from": origin, "to": target}
        if not (own and "\ufffd" in note):
            item["note"] = note
        items.append(item)
    return items, directed, other
