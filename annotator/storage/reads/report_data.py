"""What the comparison's files read from a project (DESIGN.md section 10, `compare`), each in
one read transaction so that a window writing meanwhile never makes them disagree: the CSV's
claim texts, and everything the HTML report shows, as plain domain objects."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...formats.report.report_html import Report
from . import queries
from .compare import compare_project

if TYPE_CHECKING:
    from ..project import Project


def named_spans(conn, comparison: dict) -> dict[str, tuple[str, str]]:
    """(article id, text) of every annotation the claim groups name."""
    ids = sorted({i for group in comparison["claims"]
                  for i in (*group["members"], *group["contradicted_by"])})
    return {a.id: (a.article_id, a.text) for a in queries.annotations_by_ids(conn, ids)}


def compare_with_spans(project: Project) -> tuple[dict, dict[str, tuple[str, str]]]:
    """The comparison and the (article id, text) of the annotations its claim groups name."""
    with project._read() as conn:
        comparison = compare_project(conn)
        return comparison, named_spans(conn, comparison)


def read_report(project: Project) -> Report:
    """Everything `write_report` needs: the comparison, the tags, link types and actors, every
    article with its text and annotations, and every link."""
    with project._read() as conn:
        comparison = compare_project(conn)
        articles = [queries.article(conn, a["id"]) for a in comparison["articles"]]
        return Report(
            title=project.path.stem, comparison=comparison, tags=queries.tags(conn),
            link_types=queries.link_types(conn), actors=queries.actors(conn),
            articles=articles,
            annotations={a.id: queries.annotations_of(conn, a.id) for a in articles},
            links=queries.links(conn))
