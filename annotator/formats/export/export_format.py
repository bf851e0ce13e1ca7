"""The registry's ``json`` format: annotator's own export (DESIGN.md sections 3 and 9), read by
export_read (versions 1 and 2), written by the project's streaming writer (version 2)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...domain.bundle import Bundle
    from ...domain.loss import LossReport


def detect(path: Path, head: bytes) -> bool:
    from ..registry import json_kind

    return json_kind(head) == "annotator"


def read(path: Path, *, now: str) -> Bundle:
    from ..encoding.decode import read_capped
    from .export_read import MAX_EXPORT_BYTES, check_export_head, read_export

    raw = read_capped(Path(path), MAX_EXPORT_BYTES, check_export_head)
    return read_export(raw, str(path), now)


def write(source, target, *, before=None, progress=None) -> LossReport:
    """The export to a binary stream; it holds everything, so the report is empty."""
    from ...domain.loss import LossReport

    report = LossReport("json")
    if before is not None:
        before(report)
    report.articles, report.annotations = source.write_export(target, progress=progress)
    return report
