"""The window's actions for actors and speakers: keys, Annotate and View menu entries."""

from __future__ import annotations

from ..links.speaker_ops import ANONYMOUS_KEY, FORM_KEYS

HELP_ROWS = """
<tr><td><b>A</b></td><td>attribute the selected quote: then click its speaker's actor span
(Esc cancels)</td></tr>
<tr><td><b>Alt+drag</b></td><td>from a quote to its speaker's actor span in the same pane: the
same, by dragging (a plain drag selects text)</td></tr>
<tr><td><b>M</b></td><td>tag every mention of the selected span's actor (or the one chosen in the
Actors panel), after a preview</td></tr>
<tr><td><b>Shift+D / I / P</b></td><td>quote form: direct / indirect / paraphrase (again:
unset)</td></tr>
<tr><td><b>Shift+N</b></td><td>anonymous source on / off</td></tr>
"""

OFFER_SETTING = "annotate/offer-actor"


def add_actions(w, act) -> None:
    """Called by build_actions with its act(key, text, slot, shortcut, tip, checkable)."""
    act("speaker", "Attribute to &speaker…", lambda: w.speakers.start(), "A",
        "Attribute the selected quote to a speaker: then click the speaker's actor span")
    act("mentions", "Tag every &mention…", lambda: w.actor_ops.tag_every_mention(), "M",
        "Find the actor's name and aliases in the open articles and tag them, after a preview")
    for form, key in FORM_KEYS.items():
        act(f"form:{form}", f"{form.capitalize()} quote", lambda _=False, f=form:
            w.speakers.set_form(f), key, f"Quote form: {form} (press again to unset)")
    act("anonymous", "Anonymous source", lambda: w.speakers.toggle_anonymous(), ANONYMOUS_KEY,
        "The quote's speaker is not named (\u201cdiplomatic sources said\u201d)")
    act("new-actor", "New &actor…", lambda: w.actor_ops.new_actor(), None, "A new actor")
    offer = act("offer-actor", "Ask for the actor after tagging an actor span",
                lambda on: w.settings.set(OFFER_SETTING, on), None,
                "After a span is tagged as actor, offer the actors it may name (Enter takes "
                "the first, Esc none)", True)
    offer.setChecked(w.settings.flag(OFFER_SETTING, True))


def fill_menus(w, a, annotate, view) -> None:
    annotate.addSeparator()
    annotate.addActions([a["speaker"], a["form:direct"], a["form:indirect"],
                         a["form:paraphrase"], a["anonymous"]])
    annotate.addSeparator()
    annotate.addActions([a["mentions"], a["new-actor"], a["offer-actor"]])
    view.addAction(w.actors_dock.toggleViewAction())
