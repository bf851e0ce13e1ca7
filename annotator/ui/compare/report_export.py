"""File › Export report…: the comparison as one file to send to someone without annotator. A
name ending in .html (or .htm) writes the self-contained HTML report of `annotator compare
--format html` (formats.report.report_html); any other name, the PDF (report_pdf: Qt's PDF writer)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from ...errors import AnnotatorError

FILTERS = "PDF (*.pdf);;HTML (*.html *.htm)"


def kind_of(path: Path) -> str:
    return "html" if path.suffix.lower() in (".html", ".htm") else "pdf"


def export_report(w) -> None:
    from ..dialogs import file_dialogs

    default = str(w.session.project.path.with_name(f"{w.session.project.path.stem}-report.pdf"))
    name = file_dialogs.save_file_name(w, "Export the comparison report", default, FILTERS, "pdf")
    if name:
        write_report(w, Path(name))


def write_report(w, path: Path, quiet: bool = False) -> bool:
    """Write the report to ``path`` (its suffix says which kind), whole or not at all; says
    what happened in the status bar, and in a message box when it failed."""
    from ...cli.read import output_target

    project = w.session.project
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        target = output_target(project, str(path))  # never one of the project's own files
        if kind_of(path) == "pdf":
            from .report_pdf import write_pdf

            view = getattr(w, "compare_view", None)
            metric = view.chart_metric() if view is not None else "quotes"
            pages = write_pdf(project, target, metric=metric)
            done = f"Wrote the report to {path} ({pages} page{'s' if pages != 1 else ''})"
        else:
            _write_html(project, target)
            done = f"Wrote the report to {path}: it opens in any web browser, offline"
    except AnnotatorError as exc:
        return _failed(w, str(exc), quiet)
    except OSError as exc:
        return _failed(w, f"{path}: cannot be written ({exc.strerror or exc})", quiet)
    finally:
        QApplication.restoreOverrideCursor()
    w.statusBar().showMessage(done, 10000)
    return True


def _write_html(project, path: Path) -> None:
    """The same self-contained page as `annotator compare --format html`."""
    from ...fileutil import atomic_write
    from ...formats.report.report_html import write_report as write_html
    from ...storage.reads.report_data import read_report

    report = read_report(project)
    with atomic_write(path) as handle:
        write_html(handle, report)


def _failed(w, message: str, quiet: bool) -> bool:
    if not quiet:
        QMessageBox.warning(w, "Export report", message)
    w.statusBar().showMessage(message, 10000)
    return False
