"""What the window says after an import: a line in the status bar, and a message box whenever
anything was not imported or left out, sorted as it happened: files refused whole (nothing of
them written), spans and links refused from files otherwise imported, and what the readers
said (left out, moved to where their text is, listed twice). All of it in the box's details.
Several annotation files merged at once get a box too, a line per file (as the command line
says them), which a status bar line cannot show."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtWidgets import QMessageBox

from .words import plural


@dataclass
class ImportTally:
    added: int = 0  # new articles (of article files: a merge counts its own)
    present: int = 0  # articles already in the project (of article files)
    readings: list[str] = field(default_factory=list)  # "NAME read as windows-1252"
    merges: list[str] = field(default_factory=list)  # "NAME: 3 annotations added, …"
    failed: list[str] = field(default_factory=list)  # files refused whole, a sentence each
    refused: list[str] = field(default_factory=list)  # spans and links refused
    said: list[str] = field(default_factory=list)  # what the readers left out or moved

    def summary(self, files_below: bool = False) -> str:
        """The import in a line; ``files_below``: several merges counted, not each said."""
        text = ""
        if self.added or self.present or not self.merges:
            text = f"Imported {plural(self.added, 'new article')}"
        if self.present:
            text += f"; {self.present:,} already in the project"
        if self.readings:
            text += " (" + "; ".join(self.readings) + ")"
        if self.merges:
            text += ("; merged " if text else "Merged ") + (
                f"{len(self.merges):,} files (each below)" if files_below else
                "; ".join(self.merges))
        return text

    def message(self) -> tuple[str, str, list[str]] | None:
        """(title, text, detail lines) of the box to show, or None when all went in."""
        parts, details = [], []
        for lines, head in (
                (self.failed, f"{plural(len(self.failed), 'file')} not imported (nothing of "
                              f"{'it' if len(self.failed) == 1 else 'them'} was written)"),
                (self.refused, f"{len(self.refused):,} refused from files otherwise imported "
                               "(spans, links, or a task or document of a file)"),
                (self.said, "what the files held that was left out or moved")):
            if lines:
                parts.append(head)
                details += [head[0].upper() + head[1:] + ":", *lines, ""]
        several = len(self.merges) > 1  # (each said on a line of its own, as the command line)
        if not parts:
            return ("Import", f"Merged {len(self.merges):,} files.", list(self.merges)) \
                if several else None
        if several:
            details += ["Merged:", *self.merges, ""]
        title = "Import: some things were not imported" if self.failed or self.refused \
            else "Import: left out or moved"
        return title, f"{self.summary(several)}.\n\nSee below: {'; '.join(parts)}.", details[:-1]


def show_tally(parent, tally: ImportTally) -> None:
    said = tally.message()
    if said is None:
        return
    title, text, details = said
    icon = QMessageBox.Icon.Warning if tally.failed or tally.refused \
        else QMessageBox.Icon.Information
    box = QMessageBox(icon, title, text, parent=parent)
    lines = [line for line in details if line]
    # (wide enough for a file's line on one line, not two)
    box.setStyleSheet("QLabel#qt_msgbox_informativelabel { min-width: 46em; }")
    if title == "Import":  # (all went in: each file's line, as the command line says it)
        box.setInformativeText("\n".join(lines[:12]) + ("\n…" if len(lines) > 12 else ""))
        if len(lines) > 12:
            box.setDetailedText("\n".join(lines))
        box.exec()
        return
    shown = 0  # (the first ten lines, the sections a blank line apart as in the details)
    preview = [line for line in details if (shown := shown + bool(line)) <= 10]
    box.setInformativeText("\n".join(preview).strip() + ("\n…" if len(lines) > 10 else ""))
    box.setDetailedText("\n".join(details))
    box.exec()
