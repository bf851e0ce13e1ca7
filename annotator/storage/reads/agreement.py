"""Read what `agreement` needs (DESIGN.md section 10) in a few streaming queries and hand plain
rows to domain.team.agreement. Spans of the tag `not-article` are not measured.

Which two annotators: the ones asked for, else the only two who annotated anything (the gold
layer of adjudication is not a coder and is left out of that choice, but may be asked for)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ...domain.team.agreement import agreement
from ...domain.annotators import GOLD
from ...domain.comparison.links import NOT_ARTICLE
from ...errors import InputRefused


def annotators_found(conn) -> list[str]:
    """The annotators with at least one annotation or link, by name."""
    return [name for (name,) in conn.execute(
        "SELECT who.name FROM annotators who WHERE EXISTS (SELECT 1 FROM annotations an "
        "WHERE an.annotator_id = who.id) OR EXISTS (SELECT 1 FROM links ln WHERE "
        "ln.annotator_id = who.id) ORDER BY who.name")]


def _listed(names: Sequence[str]) -> str:
    if not names:
        return "none"
    return ", ".join(names)


def choose_pair(found: list[str], asked: Sequence[str] | None) -> tuple[str, str]:
    """The pair to measure, or InputRefused in one sentence naming the annotators found."""
    if asked is not None:
        names = [n.strip() for n in asked]
        if len(names) != 2 or not all(names) or names[0] == names[1]:
            raise InputRefused(f"--annotators needs two different names joined by a comma "
                               f"(the project's annotators: {_listed(found)})")
        missing = [n for n in names if n not in found]
        if missing:
            raise InputRefused(f"{', '.join(missing)}: no annotation by "
                               f"{'this annotator' if len(missing) == 1 else 'these annotators'}"
                               f" in this project (its annotators: {_listed(found)})")
        return names[0], names[1]
    coders = [n for n in found if n != GOLD]
    if len(coders) != 2:
        raise InputRefused(f"agreement needs two annotators and this project has {len(coders)} "
                           f"({_listed(coders)}); choose two with --annotators A,B")
    return coders[0], coders[1]


def _spans(conn, pair: tuple[str, str]) -> Iterator[tuple[str, str, str, int, int]]:
    yield from conn.execute(
        'SELECT who.name, an.article_id, tg.name, an.start, an."end" FROM annotations an '
        "JOIN tags tg ON tg.id = an.tag_id JOIN annotators who ON who.id = an.annotator_id "
        "WHERE who.name IN (?, ?) AND tg.name <> ?", (*pair, NOT_ARTICLE))


def _links(conn, pair: tuple[str, str]) -> Iterator[tuple]:
    for (who, link_type, directed, a_article, a_tag, a_start, a_end,
         b_article, b_tag, b_start, b_end) in conn.execute(
            'SELECT who.name, lt.name, lt.directed, fa.article_id, ft.name, fa.start, fa."end", '
            'ta.article_id, tt.name, ta.start, ta."end" FROM links ln '
            "JOIN link_types lt ON lt.id = ln.type_id "
            "JOIN annotators who ON who.id = ln.annotator_id "
            "JOIN annotations fa ON fa.id = ln.from_id JOIN tags ft ON ft.id = fa.tag_id "
            "JOIN annotations ta ON ta.id = ln.to_id JOIN tags tt ON tt.id = ta.tag_id "
            "WHERE who.name IN (?, ?)", pair):
        yield (who, link_type, bool(directed), (a_article, a_tag, a_start, a_end),
               (b_article, b_tag, b_start, b_end))


def read_agreement(conn, annotators: Sequence[str] | None = None) -> dict:
    """The contract's dict for the pair (see choose_pair)."""
    pair = choose_pair(annotators_found(conn), annotators)
    articles = [(i, t, n) for i, t, n in conn.execute(
        "SELECT id, title, length(text) FROM articles ORDER BY seq")]
    tags = [name for (name,) in conn.execute("SELECT name FROM tags ORDER BY position, name")
            if name != NOT_ARTICLE]
    return agreement(pair, articles, tags, _spans(conn, pair), _links(conn, pair))
