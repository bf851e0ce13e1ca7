"""What a target format cannot hold, counted before anything is written (issue 11).

A writer says which of a bundle's things its format lacks; ``LossReport.of`` counts them and
``lines()`` gives the sentences the command line prints on standard error and the window shows
before the file is written. Nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .bundle import Bundle

__all__ = ["LOSSES", "LossReport"]

# The things a format may lack, and how a count of them is said.
LOSSES = {
    "links": ("link", "links"),
    "actors": ("actor", "actors"),
    "notes": ("note", "notes"),
    "attributes": ("annotation's attributes", "annotations' attributes"),
    "overlaps": ("overlapping span", "overlapping spans"),
    "multiline": ("span across lines", "spans across lines"),
    "actor_details": ("actor's aliases, kind and description",
                      "actors' aliases, kinds and descriptions"),
    "texts": ("article's text and details", "articles' texts and details"),
    "link_types": ("link type", "link types"),
    "tag_details": ("tag's colour and description", "tags' colours and descriptions"),
    "unused_tags": ("tag that no span uses", "tags that no span uses"),  # (a format without a
    # list of tags: with tag_details)
    # (brat's)
    "spans of line breaks only": ("span of line breaks only", "spans of line breaks only"),
    "spans beginning or ending with a line break": (
        "span beginning or ending with a line break",
        "spans beginning or ending with a line break"),
    "notes with line breaks or tabs": ("note with line breaks or tabs",
                                       "notes with line breaks or tabs"),
}


_TAG = attrgetter("tag")


@dataclass
class LossReport:
    format: str
    counts: dict[str, int] = field(default_factory=dict)  # keys of LOSSES, or free wording
    how: dict[str, str] = field(default_factory=dict)  # key -> what becomes of them instead
    articles: int = 0  # what was written, once it is (for the closing message)
    annotations: int = 0

    @classmethod
    def of(cls, bundle: Bundle, format_name: str, lacks: Iterable[str],
           how: dict[str, str] | None = None) -> LossReport:
        """Count in ``bundle`` the things (keys of LOSSES) that ``format_name`` cannot hold."""
        lacks = list(dict.fromkeys(lacks))  # (said in the order given)
        unknown = set(lacks) - LOSSES.keys()
        if unknown:
            raise ValueError(f"unknown kinds of loss: {sorted(unknown)}")
        counts = dict.fromkeys(lacks, 0)
        if "links" in lacks:
            counts["links"] = len(bundle.links)
        if "actors" in lacks:
            counts["actors"] = len(bundle.actors)
        if "actor_details" in lacks:
            counts["actor_details"] = sum(1 for a in bundle.actors
                                          if a.aliases or a.kind or a.description)
        if "texts" in lacks:
            counts["texts"] = len(bundle.articles)
        if "link_types" in lacks:
            counts["link_types"] = len(bundle.link_types)
        if "tag_details" in lacks:
            counts["tag_details"] = sum(1 for t in bundle.tags if t.color or t.description)
            used = set().union(*(map(_TAG, article.annotations) for article in bundle.articles))
            counts["unused_tags"] = sum(1 for t in bundle.tags if t.name not in used)
        for article in bundle.articles:
            spans = article.annotations
            for a in spans:
                if "notes" in lacks and a.note:
                    counts["notes"] += 1
                if "attributes" in lacks and a.attributes:
                    counts["attributes"] += 1
                if "multiline" in lacks and "\n" in a.text:
                    counts["multiline"] += 1
            if "overlaps" in lacks:
                counts["overlaps"] += overlapping([(s.start, s.end) for s in spans])
        return cls(format_name, {k: v for k, v in counts.items() if v}, dict(how or {}))

    def add(self, key: str, count: int) -> None:
        if count:
            self.counts[key] = self.counts.get(key, 0) + count

    def __bool__(self) -> bool:
        return any(self.counts.values())

    def lines(self) -> list[str]:
        """One sentence per kind of loss, e.g. 'doccano cannot hold 3 notes: left out'."""
        said = []
        for key, count in self.counts.items():
            if not count:
                continue
            one, many = LOSSES.get(key, (key, key))
            what = self.how.get(key, "left out")
            said.append(f"{self.format} cannot hold {count:,} {one if count == 1 else many}: "
                        f"{what}")
        return said


def overlapping(spans: list[tuple[int, int]]) -> int:
    """How many spans overlap an earlier one (by start) of the same article."""
    count, reach = 0, -1
    for start, end in sorted(spans):
        if start < reach:
            count += 1
        reach = max(reach, end)
    return count
