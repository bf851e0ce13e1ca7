"""`annotator compare [--format json|csv|html] [-o FILE]` (DESIGN.md section 10): the comparison
of the project's articles, to standard output or written atomically to FILE (never onto one of
the project's own files). Reads only: the project is opened read-only, as for `export`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import BinaryIO

from .text import say

FORMATS = ("json", "csv", "html")


def compare(project, fmt: str, output: str | None) -> None:
    target = None
    if output is not None:
        from .read import output_target

        target = output_target(project, output)  # refused before anything is read
    write, articles = _writer(project, fmt)
    if target is None:
        write(sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    from ..fileutil import atomic_write

    with atomic_write(target) as handle:
        write(handle)
    say(f"wrote the comparison of {articles} article{'s' if articles != 1 else ''} "
        f"({fmt}) to {output}")


def _writer(project, fmt: str) -> tuple[Callable[[BinaryIO], object], int]:
    """What writes the chosen format (everything read first, in one transaction), and the
    number of articles compared."""
    if fmt == "json":
        from ..formats.report.compare_json import compare_json

        comparison = project.compare()
        body = compare_json(comparison)
        return (lambda out: out.write(body)), len(comparison["articles"])
    if fmt == "csv":
        from ..formats.report.compare_csv import write_compare_csv
        from ..storage.reads.report_data import compare_with_spans

        comparison, spans = compare_with_spans(project)
        return (lambda out: write_compare_csv(out, comparison, spans)), len(comparison["articles"])
    from ..formats.report.report_html import write_report
    from ..storage.reads.report_data import read_report

    report = read_report(project)
    return (lambda out: write_report(out, report)), len(report.articles)
