"""Tag every mention of an actor: find its name and aliases in the open articles (whole words,
outside not-article regions), and spans already tagged actor that name no actor but whose text
is one of its names; after a preview (mentions_dialog.py), tag the new ones and name the actor
by the others, as one undoable step (actor_commands.tag_and_name)."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtWidgets import QMessageBox

from ...domain.comparison.actors import find_mentions, matching
from ...domain.model import Actor, Annotation
from ...domain.comparison.regions import inside, join_ranges, not_article_ranges, overlaps
from ..undo.actor_commands import tag_and_name
from .actor_ops import ACTOR_TAG, spoken_name
from ..undo.commands import _excerpt


class Hit(NamedTuple):
    article_id: str
    title: str
    start: int
    end: int
    text: str  # the article's text (shared, not copied)
    existing: Annotation | None = None  # a span tagged actor, naming no actor, to name it


def find_hits(project, article_ids: list[str], actor: Actor) -> tuple[list[Hit], int]:
    """What "tag every mention" offers in these articles, outside not-article regions, in text
    order: whole-word mentions of the actor's name and aliases, as new spans; and spans already
    tagged actor that name no actor and whose text is one of those names (``existing``), to
    name it. A mention inside a span naming this actor, or inside one of those spans, or with
    the extent of another actor span, is not offered. Returns (hits, how many mentions were
    left out as already tagged)."""
    entries = [(actor.name, actor.aliases)]
    hits: list[Hit] = []
    skipped = 0
    for article_id in article_ids:
        article = project.article(article_id)
        annotations = project.annotations(article_id)
        regions = not_article_ranges(annotations)
        tagged = [a for a in annotations if a.tag == ACTOR_TAG]
        extents = {(a.start, a.end) for a in tagged}
        unnamed = [a for a in tagged if a.actor is None and not overlaps(regions, a.start, a.end)
                   and (matching(entries, a.text) or matching(entries, spoken_name(a.text)))]
        naming = join_ranges((a.start, a.end) for a in tagged if a.actor == actor.id)
        to_name = join_ranges((a.start, a.end) for a in unnamed)
        found = [Hit(article_id, article.title, a.start, a.end, article.text, a) for a in unnamed]
        for start, end in find_mentions(article.text, [actor.name, *actor.aliases], regions):
            if inside(to_name, start, end):
                continue  # listed as the span that will name the actor
            if inside(naming, start, end) or (start, end) in extents:
                skipped += 1
            else:
                found.append(Hit(article_id, article.title, start, end, article.text))
        hits += sorted(found, key=lambda h: (h.start, h.end))
    return hits, skipped


def mentions_label(new: int, named: int, name: str) -> str:
    """"Tag 3 mentions of Gu Kailai; 1 span tagged before names Gu Kailai now"."""
    parts = [f"Tag {new} mention{'s' if new != 1 else ''} of {_excerpt(name)}"] if new else []
    if named:
        parts.append(f"{named} span{'s' if named != 1 else ''} tagged before "
                     f"name{'s' if named == 1 else ''} {_excerpt(name)} now")
    return "; ".join(parts)


def tag_every_mention(ops, actor: Actor | None) -> None:
    """M, or the Actors panel: preview the hits, then tag and name the accepted ones."""
    from .mentions_dialog import MentionsDialog

    w = ops.w
    if actor is None:
        ops._tell("Choose an actor first: click a span that names it, or select it in the "
                  "Actors panel, then press M")
        return
    if not any(t.name == ACTOR_TAG for t in w.session.tags):
        QMessageBox.warning(w, "annotator", f"This project has no tag named "
                            f"“{ACTOR_TAG}”: add it (Annotate › Tags) to tag mentions.")
        return
    hits, skipped = find_hits(w.session.project, ops.open_articles(), actor)
    if not hits:
        names = " / ".join([actor.name, *actor.aliases])
        already = f" ({skipped} already tagged)" if skipped else ""
        ops._tell(f"No untagged mention of {names} in the open articles{already}")
        return
    dialog = MentionsDialog(w, actor, hits, skipped)
    ops.mentions_dialog = dialog  # tests drive it
    if not dialog.exec():
        return
    chosen = dialog.chosen()
    spans: list[tuple[str, int, int, str, str | None]] = [
        (h.article_id, h.start, h.end, ACTOR_TAG, actor.id) for h in chosen if h.existing is None]
    # As they are now (the preview was open a while): their actor and time come back on undo.
    ids = [h.existing.id for h in chosen if h.existing is not None]
    named = w.session.project.annotations_by_ids(ids) if ids else []
    if not spans and not named:
        return
    label = mentions_label(len(spans), len(named), actor.name)
    if ops._run(tag_and_name(w.session, spans, named, actor.id, label)):
        ops._tell(f"{label} (Ctrl+Z to undo)")
