"""Which annotators' layers the window shows, and how each is drawn. Qt-free.

A choice is one of: every annotator ("all"), the user's own layer ("mine"), or a set of names
("some"; an annotator who arrives later, by a merge or from another window, is not in it until
ticked). From the choice, the project's annotators and the user's name comes a Plan:

- shown: the names whose spans are drawn, clicked and listed in the Annotations table (None:
  everyone's, filtering nothing; an annotator unknown so far is then shown too);
- primary: the layer drawn as always (tag-coloured fill): the user's own when shown, else the
  first shown by name;
- styles: every other shown layer, numbered 0, 1, 2… by name: drawn as a tag-coloured underline
  with a dash pattern and a height of its own (layers_paint.py); the gold layer (the adjudicated
  pseudo-annotator) gets GOLD_STYLE, a double underline of its own, and is the primary only
  when it is the one layer shown ("Only gold": filled, as a single layer always is).

With one annotator shown (the usual case: a project of one coder) there are no styles, and the
panes draw exactly as before, at the same speed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from ...domain.annotators import GOLD

ALL, MINE, SOME = "all", "mine", "some"
GOLD_STYLE = -1  # the gold layer's style among the others: a double underline
ONLY_GOLD_NAMES = frozenset({GOLD})


def display_name(name: str, me: str = "") -> str:
    """An annotator as the menu and the legend name them."""
    if name == GOLD:
        return "gold (adjudicated)"
    return f"{name} (you)" if name == me else name


class Choice(NamedTuple):
    mode: str = ALL
    names: frozenset[str] = frozenset()  # the names ticked, in mode SOME

    def shown(self, known: Iterable[str], me: str) -> frozenset[str]:
        everyone = frozenset(known) | {me}
        if self.mode == MINE:
            return frozenset({me})
        if self.mode == SOME:
            return self.names & everyone
        return everyone

    def toggled(self, name: str, known: Iterable[str], me: str) -> Choice:
        """The choice after ticking or unticking one name; all ticked again is ALL."""
        everyone = frozenset(known) | {me}
        shown = set(self.shown(everyone, me))
        shown.symmetric_difference_update({name})
        if shown >= everyone:
            return Choice(ALL)
        return Choice(SOME, frozenset(shown))

    def label(self, known: Iterable[str], me: str) -> str:
        """A few words for the toolbar button."""
        if self.mode == ALL:
            return "all"
        if self.mode == MINE:
            return "only mine"
        if self.only_gold:
            return "only gold"
        shown = sorted(self.shown(known, me), key=str.casefold)
        if not shown:
            return "none"
        return ", ".join(shown) if len(shown) <= 2 else f"{shown[0]} +{len(shown) - 1}"

    @property
    def only_gold(self) -> bool:
        return self.mode == SOME and self.names == ONLY_GOLD_NAMES

    # -- remembered as two plain strings ---------------------------------------------------------
    def saved(self) -> tuple[str, list[str]]:
        return self.mode, sorted(self.names)

    @classmethod
    def restored(cls, mode: object, names: object) -> Choice:
        if mode not in (ALL, MINE, SOME):
            return cls()
        listed = [names] if isinstance(names, str) else list(names or [])  # type: ignore[call-overload]
        return cls(str(mode), frozenset(str(n) for n in listed if n))


class Plan(NamedTuple):
    shown: frozenset[str] | None = None
    primary: str | None = None
    styles: dict[str, int] = {}  # noqa: RUF012 (never mutated: a NamedTuple default)

    @property
    def layered(self) -> bool:
        return bool(self.styles)


def plan(choice: Choice, known: Iterable[str], me: str) -> Plan:
    known = frozenset(known)
    everyone = known | {me}
    shown = choice.shown(everyone, me)
    ordered = sorted(shown, key=str.casefold)
    # (the layers drawn: those shown that have spans; the user's own, empty, is none while
    # another is shown, so that one coder's imported spans are filled as a single layer is)
    drawn = [name for name in ordered if name in known] or ordered
    coders = [name for name in drawn if name != GOLD] or drawn  # gold alone: its own primary
    primary = me if me in drawn else (coders[0] if coders else None)
    others = [name for name in drawn if name not in (primary, GOLD)]
    styles = {name: i for i, name in enumerate(others)}
    if GOLD in shown and primary != GOLD:
        styles[GOLD] = GOLD_STYLE
    return Plan(shown=None if choice.mode == ALL else shown, primary=primary, styles=styles)
