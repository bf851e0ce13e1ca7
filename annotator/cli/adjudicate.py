"""`annotator adjudicate`: the command line's small view of adjudication (the window's View ›
Adjudicate… is the full one). Not part of the fixed command-line contract:

    annotator adjudicate --list [--article ID]
        one line per place, in the order to adjudicate (disagreements first, worst articles
        first): <article id> TAB <start> TAB <end> TAB <tags joined by |> TAB <kind> TAB
        <open|decided> TAB <each span as "annotator start-end tag", joined by " | ">
    annotator adjudicate --accept-unanimous [--article ID]
        accept every open place where all coders have the same span, into the gold layer
"""

from __future__ import annotations

import sys

from .text import say


def add_parser(sub, common) -> None:
    p = sub.add_parser("adjudicate", parents=[common],
                       help="the places where coders' spans are to be settled into the gold "
                            "layer: --list them, or --accept-unanimous")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--list", action="store_true",
                      help="print the places, tab-separated, disagreements first (read-only)")
    what.add_argument("--accept-unanimous", action="store_true",
                      help="accept every open place where all coders have the same span")
    p.add_argument("--article", metavar="ID", help="only this article's places")


def _line(place) -> str:
    spans = " | ".join(f"{s.annotator} {s.start}-{s.end} {s.tag}" for s in place.spans)
    return "\t".join((place.article_id, str(place.start), str(place.end), "|".join(place.tags),
                      place.kind, "decided" if place.settled else "open", spans))


def adjudicate(project, args) -> None:
    if args.article is not None:
        project.article(args.article)  # NotFound names it
    if args.list:
        out = sys.stdout
        for place in project.adjudication_places(args.article):
            out.write(_line(place) + "\n")
        return
    made = project.accept_unanimous(args.article)
    left = [p for p in project.adjudication_places(args.article) if not p.settled]
    say(f"accepted {len(made)} unanimous place{'' if len(made) == 1 else 's'} into the gold "
        f"layer (decided by {project.annotator}); {len(left)} place"
        f"{'' if len(left) == 1 else 's'} left to decide in the window (View › Adjudicate…)")
