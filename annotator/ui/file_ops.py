"""Files from the window: import articles (in a worker thread, with progress, errors gathered
into one message), export (in a worker thread, with progress), new and open project."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QThread, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from ..errors import AnnotatorError, InputRefused
from ..formats import registry
from .background import Worker, run_painting
from .dialogs import file_choice, file_dialogs
from .import_report import ImportTally, show_tally

PROJECT_FILTER = "annotator projects (*.sqlite *.sqlite3 *.db *.annotator);;All files (*)"


class ExportWorker(QThread):
    """Writes the project in a format of the registry; what the format cannot hold is sent
    (lossSaid) before anything is written, and when ``ask`` is given the worker waits for it
    to say whether to go on."""

    progressed = Signal(int)
    finished_ok = Signal(int, int)
    failed = Signal(str)
    lossSaid = Signal(list)

    def __init__(self, project, path: Path, format_name: str = "json", ask: bool = False,
                 bom: bool = False):
        super().__init__()
        self.project, self.path, self.format = project, path, registry.by_name(format_name,
                                                                                writing=True)
        self.ask, self.bom = ask, bom
        self.go_on = True
        self.lines: list[str] = []
        self._answered = threading.Event()

    def answer(self, go_on: bool) -> None:
        self.go_on = go_on
        self._answered.set()

    def wait(self, *args) -> bool:
        """(A window waiting for the export cannot answer its question: that is a no.)"""
        if self.ask and not self._answered.is_set():
            self.answer(False)
        return super().wait(*args)

    def _before(self, report) -> None:
        self.lines = report.lines()
        if self.lines:
            self.lossSaid.emit(self.lines)
            if self.ask:
                self._answered.wait()
                if not self.go_on:
                    raise _Stopped

    def run(self) -> None:
        options: dict = {"progress": self.progressed.emit} if self.format.name == "json" else \
            {"bom": True} if self.format.name == "csv" and self.bom else {}
        try:
            report = self.format.write_to(self.project, self.path, before=self._before,
                                          **options)
            self.finished_ok.emit(report.articles, report.annotations)
        except _Stopped:
            self.failed.emit("")
        except AnnotatorError as exc:
            self.failed.emit(str(exc))
        except OSError as exc:
            self.failed.emit(f"{self.path}: cannot be written ({exc.strerror or exc})")
        finally:
            self.project.release_thread_connection()


class _Stopped(Exception):
    """The person chose not to write a format that would lose something."""


class FileOps:
    def __init__(self, window):
        self.w = window
        self.worker: ExportWorker | None = None
        self.importing = False  # a file is being imported (the window closes after it)
        self.close_after_import = False
        self._queued: list[Path] = []  # files given during an import, imported after it
        self._worker: Worker | None = None  # the thread importing them, while it does

    # -- import ---------------------------------------------------------------------------------
    def choose_and_import(self) -> None:
        paths = file_choice.import_files(self.w)
        if paths:
            self.import_paths(paths)

    def choose_and_import_folder(self) -> None:
        folder = file_choice.import_folder(self.w)
        if folder is not None:
            self.import_paths([folder])

    def import_paths(self, paths: list[Path]) -> list[str]:
        """Import files one by one; show progress for many, then one message with every
        problem. Returns the ids of the articles imported (or found already present). The
        views hear of everything imported once, at the end (Session.batch), before the message
        (which can then be read against them)."""
        if self.importing:  # (files dropped, or chosen between files, meanwhile: after it)
            self._queued.extend(paths)
            return []
        self.importing = True
        project = self.w.session.project
        self._worker = Worker(release=project.release_thread_connection)  # (all the files)
        try:
            with self.w.session.batch():
                ids, tally = self._import_paths(paths)
            self.w.statusBar().showMessage(tally.summary(), 15000)
            new = [i for i in dict.fromkeys(ids) if i not in {p.article_id for p in self.w.panes}]
            empty = [p for p in self.w.panes if p.article_id is None]
            for pane, article_id in zip(empty, new, strict=False):
                self.w.show_in_pane(pane, article_id)
            show_tally(self.w, tally)
            return ids
        finally:
            self._worker.close()
            self._worker = None
            self.importing = False
            queued, self._queued = self._queued, []
            if self.close_after_import:  # (asked while a file was being imported)
                QTimer.singleShot(0, self.w.close)
            elif queued:
                QTimer.singleShot(0, lambda: self.import_paths(queued))

    def busy(self) -> bool:
        """An import is running: a project cannot be switched or restored now (said)."""
        if self.importing:
            self.w.statusBar().showMessage("An import is running; try again once it is done",
                                           8000)
        return self.importing

    def _import_paths(self, paths: list[Path]) -> tuple[list[str], ImportTally]:
        from ..formats.folders import each_file

        project = self.w.session.project
        tally = ImportTally()
        paths, left_out = each_file(paths)  # (a folder of articles: its files)
        tally.said.extend(left_out)
        progress = None
        if len(paths) > 2:
            progress = QProgressDialog("Importing…", "Stop", 0, len(paths), self.w)
            progress.setWindowTitle("Import")
            progress.setMinimumDuration(300)
        ids: list[str] = []
        for i, path in enumerate(paths):
            if self.close_after_import:  # (the window was closed: no file after this one)
                break
            if progress is not None:
                progress.setValue(i)
                progress.setLabelText(f"Importing {path.name}…")
                QApplication.processEvents()
                if progress.wasCanceled():
                    tally.failed.append(f"Stopped before {path.name}; the files before it were "
                                        "imported.")
                    break
            else:  # (one or two files, each maybe large: say so while the window waits)
                self.w.statusBar().showMessage(f"Importing {path.name}…")  # (painted while
                # the file is imported in the worker: ui.background)
            try:
                result = self._import_one(project, path)
                if result is None:
                    tally.failed.append(f"{path}: not imported (no encoding was chosen)")
                    continue
                if result.report is not None:
                    tally.merges.append(f"{path.name}: {result.report.summary()}")
                (tally.failed if result.nothing_in else tally.refused).extend(result.refused)
                tally.said.extend(result.said)
                for article_id, _title, created in result.articles:
                    ids.append(article_id)
                    if result.report is not None:
                        continue  # (its summary counts its articles)
                    tally.added += created
                    tally.present += not created
                    if created:
                        used = project.article(article_id).encoding
                        if used and used not in ("utf-8", "ascii"):
                            tally.readings.append(f"{path.name} read as {used}")
            except InputRefused as exc:
                tally.failed.append(str(exc))
            except AnnotatorError as exc:
                tally.failed.append(f"{path}: {exc}")
        if progress is not None:
            progress.setValue(len(paths))
        return ids, tally

    def _import_one(self, project, path: Path):
        """Import one file or folder (its format detected: formats.registry); when an article's
        encoding cannot be told for sure, ask, showing what each reading gives (None: the
        person cancelled). Returns the project's ImportResult."""
        from ..formats.encoding.decode import EncodingUncertain

        try:
            return self._in_background(project, path)
        except EncodingUncertain as exc:
            chosen = self.ask_encoding(self.w, str(path), exc.candidates, exc.sample)
            if not chosen:
                return None
            return self._in_background(project, path, chosen)

    def _in_background(self, project, path: Path, encoding: str | None = None):
        """project.import_path in a thread, the window painting meanwhile (ui.background)."""
        return run_painting(project.import_path, path, encoding, busy=self.w.status_line.busy,
                            worker=self._worker)

    @staticmethod
    def ask_encoding(parent, name, candidates, sample):
        from .dialogs.encoding_dialog import ask_encoding

        return ask_encoding(parent, name, candidates, sample)

    # -- export ---------------------------------------------------------------------------------
    def choose_and_export(self) -> None:
        """Ask for a file and a format (the dialog's filters: every format of the registry that
        writes), then export."""
        chosen = file_choice.export_target(self.w, Path(self.w.session.project.path))
        if chosen is not None:
            self.export_to(chosen[0], format_name=chosen[1])

    def export_to(self, path: Path, wait: bool = False, format_name: str = "json") -> None:
        total = max(1, self.w.session.project.annotation_count())
        progress = QProgressDialog(f"Exporting to {path.name}…", "", 0, total, self.w)
        progress.setCancelButton(None)  # an export is not stopped
        progress.setWindowTitle("Export")
        progress.setMinimumDuration(400)
        self.worker = worker = ExportWorker(self.w.session.project, path, format_name,
                                            ask=not wait, bom=self.w.settings.flag(
                                                file_choice.CSV_BOM, False))
        worker.progressed.connect(progress.setValue)

        def loss(lines: list[str]) -> None:
            """Before anything is written: what the format cannot hold; go on?"""
            if not worker.ask:
                return
            answer = QMessageBox.question(
                self.w, "Export: not everything fits",
                "\n".join(lines) + f"\n\nWrite {path.name} anyway?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.Yes)
            worker.answer(answer == QMessageBox.StandardButton.Yes)

        def done(articles: int, annotations: int) -> None:
            progress.close()
            file_choice.exported(self.w, format_name)
            message = (f"Exported {articles} article{'s' if articles != 1 else ''} and "
                       f"{annotations:,} annotation{'s' if annotations != 1 else ''} to {path}")
            self.w.statusBar().showMessage(message + (
                "; some things were left out (see the message)" if worker.lines else ""), 10000)
            if worker.lines:  # (one per line: what the format could not hold)
                message += ".\n\nWhat the format cannot hold, and what became of it:\n" + \
                    "\n".join(f"• {line}" for line in worker.lines)
            if not wait:
                QMessageBox.information(self.w, "Export finished", message)

        def failed(message: str) -> None:
            progress.close()
            if message:  # (empty: the person chose not to write it)
                QMessageBox.warning(self.w, "Export failed", message)

        worker.lossSaid.connect(loss)
        worker.finished_ok.connect(done)
        worker.failed.connect(failed)
        worker.start()
        if wait:
            worker.wait()
            QApplication.processEvents()

    # -- projects -------------------------------------------------------------------------------
    def new_project(self) -> None:
        name = file_dialogs.save_file_name(self.w, "New project", "project.annotator.sqlite",
                                           PROJECT_FILTER, "sqlite", replacing=False)
        if name:
            if Path(name).exists():
                QMessageBox.warning(self.w, "New project", f"{name} already exists; use "
                                    "File › Open project to open it.")
                return
            self.w.switchProject.emit(name)

    def open_project(self) -> None:
        name = file_dialogs.open_file_name(self.w, "Open project", "", PROJECT_FILTER)
        if name:
            self.w.switchProject.emit(name)

    # -- backups --------------------------------------------------------------------------------
    def restore_backup(self) -> None:
        from ..storage.files.restore import restore
        from .dialogs.backups_ui import RestoreDialog

        project = self.w.session.project
        if self.busy():
            return
        if project.shared is not None:  # no backup files: the server's pg_dump
            from ..storage.server.backend_pg import no_backups

            QMessageBox.information(self.w, "Restore from backup", str(no_backups(project.shared)))
            return
        dialog = RestoreDialog(project.path, self.w)
        chosen = dialog.chosen() if dialog.exec() else None
        if not chosen:
            return
        self.w.autobackup.at_close()
        self.w.wait_for_workers()
        try:
            project.close_database()
            aside = restore(project.path, Path(chosen))
        except AnnotatorError as exc:
            QMessageBox.warning(self.w, "Restore failed", str(exc))
            return
        self.w.statusBar().showMessage(f"Restored; the previous file is kept as {aside}", 15000)
        self.w.switchProject.emit(str(project.path))
