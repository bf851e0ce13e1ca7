"""A folder given to `import` (or the window's Import a folder…) that no format of folders reads
(brat's pairs, the CSV tables, Label Studio's tasks): the files directly in it are imported, one
by one as if each had been named, articles and annotation files alike. Folders within it and
files of a kind no format reads are left out, and said; hidden files (".name") are passed over,
as a file manager does. With a format named that reads files, each file of the folder is read
in it."""

from __future__ import annotations

from pathlib import Path

from ..errors import AnnotatorError
from .naming import some
from .registry import by_extension, by_name, detect


def each_file(paths: list[Path], format_name: str | None = None) -> tuple[list[Path], list[str]]:
    """(what to import, in order: each such folder replaced by its files in name order; a
    sentence per folder whose files were left out). With a format named, folders are as given
    (that format says whether it reads a folder)."""
    found: list[Path] = []
    said: list[str] = []
    named = _named(format_name)
    for path in map(Path, paths):
        if not _of_files(path, format_name, named):
            found.append(path)  # (a file, or a folder a format reads: its reader says the rest)
            continue
        try:
            inside = sorted(p for p in path.iterdir() if not p.name.startswith("."))
        except OSError:
            inside = []
        files = [p for p in inside if p.is_file() and (named or by_extension(p) is not None)]
        if not files:
            found.append(path)  # (refused as a folder of no format, with the reason)
            continue
        found += files
        left = [p.name + ("/" if p.is_dir() else "") for p in inside if p not in files]
        if left:
            said.append(f"{path}: left out (no format annotator reads, or a folder within): "
                        f"{some(left)}")
    return found, said


def _named(format_name: str | None) -> bool:
    """Whether the format named (if any) reads files, not folders."""
    try:
        return format_name is not None and by_name(format_name).folder == "no"
    except KeyError:
        return False  # (an unknown name: the import says so)


def _of_files(path: Path, format_name: str | None, named: bool) -> bool:
    """Whether ``path`` is a folder to import file by file."""
    try:
        return path.is_dir() and (named or (format_name is None and detect(path) is None))
    except (OSError, AnnotatorError):
        return False  # (the import of the folder says why it cannot be read)
