"""What the user does with actors: name the actor of a span (offered right after tagging a span
as actor, or from its context menu), create, rename, edit, delete and merge actors, and tag
every mention of one (mentions.py). Every change is one undoable command
(commands_comparison.py, actor_commands.py)."""

from __future__ import annotations

from functools import partial
from PySide6.QtCore import QPoint, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QMenu, QMessageBox

from ...domain.comparison.actors import matching, name_key
from ...domain.model import Actor, Annotation
from ...errors import AnnotatorError
from ..undo.actor_commands import ChooseActor, TagActor
from .actor_dialog import ActorDialog
from .actor_offer import ActorOffer
from ..undo.commands import _excerpt, perform
from ..undo.commands_comparison import AddActor, DeleteActor, MergeActors, SetActor, UpdateActor

ACTOR_TAG = "actor"  # the tag whose spans name actors


def spoken_name(text: str) -> str:
    """A span's text as an actor's name: spaces collapsed, a possessive ('s) dropped."""
    name = " ".join(text.split())
    for suffix in ("'s", "\u2019s"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def suggestions(actors: list[Actor], text: str) -> tuple[list[Actor], list[Actor]]:
    """(actors one of whose names is the text, actors sharing a capitalised word with it):
    tagging "Gu" offers "Gu Kailai", and choosing it can add "Gu" as an alias."""
    entries = [(a.name, a.aliases) for a in actors]
    found = matching(entries, text) or matching(entries, spoken_name(text))
    exact = [actors[i] for i in found]
    words = {name_key(w) for w in spoken_name(text).split() if w[:1].isupper() or w[:1].isdigit()}
    similar = [a for a in actors if a not in exact and words
               & {w for n in (a.name, *a.aliases) for w in name_key(n).split()}]
    return exact, similar


class ActorOps:
    def __init__(self, window):
        self.w = window
        self._actors: list[Actor] | None = None
        self._by_id: dict[str, Actor] = {}
        self.offer_widget: ActorOffer | None = None  # the actor offer on screen
        window.session.actorsChanged.connect(self._actors_changed)
        window.ops.after_add = self.after_add
        window.ops.after_retag = self.after_retag
        window.ops.menu_hooks.append(self.menu_entries)
        self._actors_changed()

    # -- helpers --------------------------------------------------------------------------------
    def actors(self) -> list[Actor]:
        if self._actors is None:
            self._actors = self.w.session.project.actors()
            self._by_id = {a.id: a for a in self._actors}
        return self._actors

    def actor(self, actor_id: str | None) -> Actor | None:
        self.actors()
        return self._by_id.get(actor_id) if actor_id else None

    def _actors_changed(self) -> None:
        self._actors = None
        self.w.annotations_panel.model.set_names(actor_names={a.id: a.name for a in self.actors()})

    def _run(self, command) -> bool:
        try:
            perform(self.w.undo_stack, command)
            return True
        except AnnotatorError as exc:
            QMessageBox.warning(self.w, "annotator", str(exc))
            return False

    def _tell(self, message: str, ms: int = 5000) -> None:
        self.w.statusBar().showMessage(message, ms)

    @property
    def offering(self) -> bool:
        action = self.w.actions_.get("offer-actor") if hasattr(self.w, "actions_") else None
        return action.isChecked() if action is not None else True

    # -- naming the actor of a span -------------------------------------------------------------
    def after_add(self, pane, command) -> bool:
        """A span was just stored. Tagged as actor, it is pushed as a TagActor (which takes in
        the actor chosen next, as one undo step) and the actors it may name are offered."""
        return self._actor_span(pane, command, command.annotation)

    def after_retag(self, pane, command) -> bool:
        """A span was just retagged (key or toolbar on the current annotation). Made an actor
        span, it is offered the actors as a new one is, and the choice joins the retag."""
        return self._actor_span(pane, command, pane.view.store.by_id.get(command.before.id))

    def _actor_span(self, pane, command, annotation: Annotation | None) -> bool:
        """For an actor span: the command pushed as a TagActor and the actors offered."""
        if annotation is None or annotation.tag != ACTOR_TAG:
            return False
        self.w.undo_stack.push(TagActor(self.w.session, command, annotation.id))
        if self.offering:
            self.offer(pane, annotation)
        return True

    def offer(self, pane, annotation: Annotation) -> ActorOffer:
        """A small list by the span, which does not hold up the window (actor_offer.py)."""
        if self.offer_widget is not None:
            self.offer_widget.close_offer()
        entries = [(text, data, bold) for text, data, bold, _other in self.entries(annotation)]
        entries.append(("No actor   (Esc)", ("none",), False))
        offer = ActorOffer(pane.view, f"Which actor is “{_excerpt(annotation.text)}”?", entries)
        offer.chosen.connect(lambda data: self._chosen_later(data, pane, annotation))
        offer.destroyed.connect(lambda *_: setattr(self, "offer_widget", None)
                                if self.offer_widget is offer else None)
        rects = pane.view.span_rects(annotation.start, annotation.end)
        if rects:
            below = rects[-1].bottomLeft().toPoint() + QPoint(0, 3)
            offer.show_at(below, round(rects[0].top()) - 3)
        else:
            offer.show_at(QPoint(20, 20), 20)
        self.offer_widget = offer
        return offer

    def entries(self, annotation: Annotation) -> list[tuple[str, tuple, bool, bool]]:
        """(text, choice, bold, among the other actors) for a span, the likeliest first: the
        actors one of whose names is its text, the actors sharing a capitalised word with it
        (choosing one adds the text as an alias), "New actor…", then every other actor."""
        exact, similar = suggestions(self.actors(), annotation.text)
        alias = spoken_name(annotation.text)
        found: list[tuple[str, tuple, bool, bool]] = [
            (self._label(a), ("actor", a.id, None), True, False) for a in exact]
        found += [(f"{a.name} — add “{_excerpt(alias)}” as an alias", ("actor", a.id, alias),
                   False, False) for a in similar]
        found.append((f"New actor “{_excerpt(alias)}”…", ("new",), not exact and not similar,
                      False))
        found += [(self._label(a), ("actor", a.id, None), False, True) for a in self.actors()
                  if a not in exact and a not in similar]
        return found

    @staticmethod
    def _label(actor: Actor) -> str:
        return actor.name + (f"  ({', '.join(actor.aliases)})" if actor.aliases else "")

    def _connect(self, menu: QMenu, pane, annotation: Annotation) -> None:
        """Each entry (in submenus too) names the actor of the span when triggered."""
        for action in menu.actions():
            if action.menu() is not None:
                self._connect(action.menu(), pane, annotation)  # type: ignore[arg-type]
            elif action.data():
                action.triggered.connect(
                    partial(self._chosen_later, action.data(), pane, annotation))

    def _chosen_later(self, data, pane, annotation: Annotation, *_args) -> None:
        """After the menu has closed ("New actor…" opens a dialog), with the span as it is."""
        QTimer.singleShot(0, lambda: self.apply_choice(
            data, [pane.view.store.by_id.get(annotation.id, annotation)]))

    def apply_choice(self, choice: tuple, annotations: list[Annotation]) -> bool:
        """("actor", id, alias to add or None) | ("new",) | ("none",): name it by these spans,
        as one undo step (joined to the tagging when that is the last step)."""
        session = self.w.session
        first = annotations[0]
        children: list = []
        if choice[0] == "none":
            named = [a for a in annotations if a.actor is not None]
            children = [SetActor(session, named, None)] if named else []
            label = "no actor"
        elif choice[0] == "new":
            dialog = ActorDialog(self.w, "New actor", name=spoken_name(first.text),
                                 hint="Other names of this actor (aliases) are found by "
                                      "“Tag every mention” too.")
            if not dialog.exec():
                return False
            values = dialog.values()
            children = [AddActor(session, **values, annotation_ids=[a.id for a in annotations])]
            label = f"new actor {_excerpt(values['name'])}"
        else:
            actor = self.actor(choice[1])
            if actor is None:
                return False
            if choice[2]:
                children.append(UpdateActor(session, actor, aliases=(*actor.aliases, choice[2])))
            todo = [a for a in annotations if a.actor != actor.id]
            if todo:
                children.append(SetActor(session, todo, actor.id))
            label = _excerpt(actor.name)
        if not children:
            return False
        return self._run(ChooseActor(session, first.id, children,
                                     f"actor of “{_excerpt(first.text)}”: {label}"))

    def menu_entries(self, menu: QMenu, pane, annotation: Annotation) -> None:
        """The span's context menu: Actor ▸ (set, change, clear) and tag every mention."""
        current = self.actor(annotation.actor)
        sub = menu.addMenu(f"Actor: {_excerpt(current.name)}" if current else "Actor")
        entries = self.entries(annotation)
        others = [e for e in entries if e[3]]
        into = sub
        for text, data, bold, other in entries:
            if other and into is sub:
                sub.addSeparator()
                into = sub.addMenu("Other actors") if len(others) > 12 else sub
            action = into.addAction(text)
            action.setData(data)
            if bold:
                font = QFont(action.font())
                font.setBold(True)
                action.setFont(font)
            if data[0] == "actor" and data[2] is None:
                action.setCheckable(True)
                action.setChecked(data[1] == annotation.actor)
        sub.addSeparator()
        none = sub.addAction("No actor")
        none.setData(("none",))
        none.setCheckable(True)
        none.setChecked(current is None)
        self._connect(sub, pane, annotation)
        if current is not None:
            menu.addAction(f"Tag every mention of {_excerpt(current.name)}…\tM",
                           lambda: self.tag_every_mention(current))

    # -- tag every mention ----------------------------------------------------------------------
    def chosen_actor(self) -> Actor | None:
        """The actor the user means: the Actors panel's when it has the focus, else the current
        span's, else the one selected in the Actors panel."""
        panel = getattr(self.w, "actors_panel", None)
        if panel is not None and panel.tree.hasFocus() and panel.current_actor():
            return panel.current_actor()
        _, annotation = self.w.ops.current_annotation()
        if annotation is not None and annotation.actor:
            return self.actor(annotation.actor)
        return panel.current_actor() if panel is not None else None

    def open_articles(self) -> list[str]:
        return list(dict.fromkeys(p.article_id for p in self.w.panes if p.article_id))

    def tag_every_mention(self, actor: Actor | None = None) -> None:
        from .mentions import tag_every_mention

        tag_every_mention(self, actor or self.chosen_actor())

    def reveal_mentions(self, actor: Actor) -> None:
        """Show the actor's spans in the open articles: the table keeps only them (its filter
        says actor:"Name"), the first is shown in its pane; ↑/↓ in the table steps on."""
        panel = self.w.annotations_panel
        panel.tag_filter.setCurrentIndex(0)
        panel.text_filter.setText(f'actor:"{actor.name}"')
        self.w.annotations_dock.show()
        self.w.annotations_dock.raise_()
        n = panel.model.rowCount()
        if not n:
            self._tell(f"No span in the open articles names {actor.name} yet (M tags every "
                       "mention)")
            return
        panel.table.setFocus()
        panel.table.selectRow(0)
        first = panel.model.annotation(0)
        panes = self.w.panes_showing(first.article_id)
        if panes:
            self.w.ops.select(first.id, panes[0], reveal=True, from_table=True)
        self._tell(f"{n} span{'s' if n != 1 else ''} naming {actor.name} in the open articles: "
                   "↑/↓ in the table steps through them; clear the filter to see all", 10000)

    # -- editing actors (the Actors panel) ------------------------------------------------------
    def new_actor(self) -> None:
        dialog = ActorDialog(self.w, "New actor")
        if dialog.exec():
            self._run(AddActor(self.w.session, **dialog.values()))

    def edit(self, actor: Actor) -> None:
        dialog = ActorDialog(self.w, f"Actor {actor.name}", actor)
        if dialog.exec() and (changes := dialog.changes(actor)):
            self._run(UpdateActor(self.w.session, actor, **changes))

    def rename(self, actor: Actor, name: str) -> bool:
        name = " ".join(name.split())
        return name != actor.name and self._run(UpdateActor(self.w.session, actor, name=name))

    def set_aliases(self, actor: Actor, aliases: list[str]) -> bool:
        return tuple(aliases) != actor.aliases and self._run(
            UpdateActor(self.w.session, actor, aliases=tuple(aliases)))

    def delete(self, actor: Actor) -> None:
        if self._run(DeleteActor(self.w.session, actor)):
            self._tell(f"Deleted actor {actor.name}: its spans name no actor now (Ctrl+Z to undo)")

    def merge(self, first: Actor, second: Actor) -> None:
        """Ask which name to keep, then merge the other actor into it."""
        box = QMessageBox(QMessageBox.Icon.Question, "Merge actors",
                          f"Merge “{first.name}” and “{second.name}” into one actor?\n\nThe "
                          "other name becomes an alias; every span naming either names the one "
                          "kept.", parent=self.w)
        keep_first = box.addButton(f"Keep “{_excerpt(first.name)}”",
                                   QMessageBox.ButtonRole.AcceptRole)
        keep_second = box.addButton(f"Keep “{_excerpt(second.name)}”",
                                    QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(keep_first)
        self.merge_box = box  # tests drive it
        box.exec()
        clicked = box.clickedButton()
        if clicked in (keep_first, keep_second):
            keep, gone = (first, second) if clicked is keep_first else (second, first)
            if self._run(MergeActors(self.w.session, keep, gone)):
                self._tell(f"Merged {gone.name} into {keep.name} (Ctrl+Z to undo)")
