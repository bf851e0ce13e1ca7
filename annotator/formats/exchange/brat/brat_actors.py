"""The actors of a brat folder's spans (brat_read): named by a ``#`` note ``Actor``, and, in
our own exports, by the id in the span's ``annotator`` record, so that two actors whose names
differ only in case or accents' form (Acme, ACME) stay two."""

from __future__ import annotations

from ....domain.bundle import AnnotationIn
from ....domain.comparison.actors import name_key
from ...export import export_read_v2 as v2
from ...export.export_fields import ident
from ...export.export_scan import Refuse


class SpanActors:
    def __init__(self, said: list[str]):
        self.said = said  # (the bundle's: what is not kept is said there)
        self.names: dict[str, str] = {}  # name as written -> as kept
        self.ids: dict[str, str] = {}  # actor id -> name
        self.by_name: list[tuple[AnnotationIn, str]] = []  # (spans whose actor is by name)

    def name(self, name: str, where: str) -> str | None:
        """The actor's name as annotator keeps it (NFC, single spaces), or None (said)."""
        if name not in self.names:
            try:
                self.names[name] = v2.actors([{"name": name}])[0].name
            except Refuse as exc:
                self.said.append(f"{where}: the actor is not kept ({exc})")
                return None
        return self.names[name]

    def of(self, span: AnnotationIn, name: str, record: dict | None) -> None:
        """The span's actor: the id its record gives (our exports: two actors whose names
        are alike stay two), if the span is as written and no other name has that id; else
        found by name in actors()."""
        given = record.get("actor") if record else None
        try:
            if isinstance(given, str) and (given in self.ids or ident({"id": given}, "", "")) \
                    and self.ids.setdefault(given, name) == name:
                span.actor = given
                return
        except Refuse:  # (not an id)
            pass
        self.by_name.append((span, name))

    def actors(self) -> list:
        """The spans found by name given their actor (the records' first id of that name, else
        one made from it: a second name alike but for case gets its own); the bundle's actors."""
        first: dict[str, str] = {}
        for id_, name in self.ids.items():
            first.setdefault(name, id_)
        for span, name in self.by_name:
            if name not in first:
                id_ = ident({}, "", "actor:" + name_key(name))  # (as v2.actors makes it)
                if id_ in self.ids:  # (another name alike)
                    id_ = ident({}, "", f"actor:{name_key(name)}:{name}")
                first[name] = id_
                self.ids[id_] = name
            span.actor = first[name]
        return v2.actors([{"id": i, "name": n} for i, n in self.ids.items()])
