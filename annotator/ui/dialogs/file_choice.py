"""What the Import and Export dialogs are asked, and what they remember between sessions (the
last folder of each, the last format exported): the file dialogs themselves are file_dialogs'.

A name typed without an ending gets the chosen format's first one, except for a format that
writes a folder (brat; csv, Label Studio: a folder keeps everything), where a bare name is the
folder: "tables" with csv chosen writes the folder tables/, not a file tables.json.
"""

from __future__ import annotations

from pathlib import Path

from ...formats import registry
from . import file_dialogs

IMPORT_FOLDER, EXPORT_FOLDER, EXPORT_FORMAT = "files/import-folder", "files/export-folder", \
    "files/export-format"
CSV_BOM = "files/csv-bom"  # CSV exports begin with a byte-order mark (Excel reads UTF-8 then)


def _folder(settings, key: str) -> str:
    value = settings.qsettings.value(key, "")
    return value if isinstance(value, str) and value and Path(value).is_dir() else ""


def import_files(window) -> list[Path]:
    names = file_dialogs.open_file_names(window, "Import articles or annotations",
                                         _folder(window.settings, IMPORT_FOLDER),
                                         registry.import_filter())
    if names:
        window.settings.set(IMPORT_FOLDER, str(Path(names[0]).parent))
    return [Path(n) for n in names]


def import_folder(window) -> Path | None:
    """A folder of articles, or of another tool's files (brat, CSV tables, Label Studio), or
    None."""
    name = file_dialogs.folder_name(window, "Import a folder (articles, brat, CSV tables, "
                                    "Label Studio)",
                                    _folder(window.settings, IMPORT_FOLDER))
    if not name:
        return None
    window.settings.set(IMPORT_FOLDER, str(Path(name).parent))
    return Path(name)


def export_target(window, project_path: Path) -> tuple[Path, str] | None:
    """(where to write, the format's name), or None when cancelled."""
    filters = registry.export_filters()
    labels = {f.name: label for f, label in filters}
    last = window.settings.qsettings.value(EXPORT_FORMAT, "json")
    chosen = registry.by_name(last if last in labels else "json", writing=True)
    folder = _folder(window.settings, EXPORT_FOLDER) or str(project_path.parent)
    # (no dot in the name but the ending: the dialog swaps the ending as the format changes;
    # a name not taken: the dialog would go into a folder of that name)
    stem, ending = f"{project_path.name.split('.')[0] or 'annotations'}-export", (
        "" if chosen.folder != "no" else chosen.extensions[0])
    name, n = stem + ending, 1
    while (Path(folder) / name).exists() and n < 100:
        n += 1
        name = f"{stem}-{n}{ending}"
    suffixes = {label: "" if f.folder != "no" else f.extensions[0].lstrip(".")
                for f, label in filters}
    path, label = file_dialogs.save_file_and_filter(
        window, "Export annotations", str(Path(folder) / name), ";;".join(labels.values()),
        suffixes, labels[chosen.name])
    if not path:
        return None
    found = next((f for f, text in filters if text == label), None) \
        or registry.by_extension(Path(path))
    format_name = found.name if found is not None and found.can_write else "json"
    window.settings.set(EXPORT_FOLDER, str(Path(path).parent))
    return Path(path), format_name  # (the format is remembered once written: exported())


def exported(window, format_name: str) -> None:
    """An export in this format was written: the next Export dialog offers it first (not one
    the person chose and then did not write)."""
    window.settings.set(EXPORT_FORMAT, format_name)
