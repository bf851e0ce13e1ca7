"""`compare --format csv`: the comparison as one table, RFC 4180 (CRLF line ends, quotes only
where needed), UTF-8 without a byte-order mark, a header row. The column `view` says which view
a row belongs to, one row per (actor or claim group, article), zeros included:

- `actors` rows: `id` and `name` of the actor, the article, `mentions` and `quotes` in it;
- `claims` rows: `id` is the group's number (1, 2, … in the JSON's order), `name` the text of
  its first member; `claims` counts its members in the article, `members` lists their
  annotation ids and `contradicted_by` the ids of this article's annotations linked by
  `contradicts` to the group (ids separated by spaces). Joined over a group's rows, `members`
  and `contradicted_by` are the JSON's lists.

Columns of the other view are empty. Filter on `view` in R (`subset(x, view == "actors")`) or a
spreadsheet."""

from __future__ import annotations

import csv
import io
from typing import BinaryIO

COLUMNS = ("view", "id", "name", "article_id", "article_title", "article_source", "mentions",
           "quotes", "claims", "members", "contradicted_by")


def write_compare_csv(out: BinaryIO, comparison: dict,
                      spans: dict[str, tuple[str, str]]) -> int:
    """Write the table; ``spans`` maps the annotation ids named by the claim groups to their
    (article id, text). Returns the number of rows below the header."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        articles = [(a["id"], a["title"], a["source"] or "") for a in comparison["articles"]]
        rows = 0
        for actor in comparison["actors"]:
            mentions, quotes = actor["mentions"], actor["quotes"]
            writer.writerows(("actors", actor["id"], actor["name"], ident, title, source,
                              mentions[ident], quotes[ident], "", "", "")
                             for ident, title, source in articles)
            rows += len(articles)
        for number, group in enumerate(comparison["claims"], 1):
            first = spans.get(group["members"][0])
            members = _by_article(group["members"], spans)
            against = _by_article(group["contradicted_by"], spans)
            writer.writerows(("claims", number, first[1] if first else "", ident, title, source,
                              "", "", group["articles"][ident], " ".join(members.get(ident, ())),
                              " ".join(against.get(ident, ())))
                             for ident, title, source in articles)
            rows += len(articles)
        text.flush()
        return rows
    finally:
        text.detach()  # the caller's stream stays open


def _by_article(ids: list[str], spans: dict[str, tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for ident in ids:
        if ident in spans:
            out.setdefault(spans[ident][0], []).append(ident)
    return out
