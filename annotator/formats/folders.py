"""A folder given to `import` (or the window's Import a folder…) that no format of folders reads
(brat's pairs, the CSV tables, Label Studio's tasks): the files directly in it are imported, one
by one as if each had been named, articles and annotation files alike. Hidden files, folders
within it and files of a kind no format reads are left out, and said."""

from __future__ import annotations

from pathlib import Path

from .registry import by_extension, detect


def each_file(paths: list[Path], format_name: str | None = None) -> tuple[list[Path], list[str]]:
    """(what to import, in order: each such folder replaced by its files in name order; a
    sentence per folder whose files were left out). With a format named, folders are as given
    (that format says whether it reads a folder)."""
    found: list[Path] = []
    said: list[str] = []
    for path in map(Path, paths):
        if format_name is not None or not path.is_dir() or detect(path) is not None:
            found.append(path)
            continue
        try:
            inside = sorted(p for p in path.iterdir() if not p.name.startswith("."))
        except OSError:
            inside = []
        files = [p for p in inside if p.is_file() and by_extension(p) is not None]
        if not files:
            found.append(path)  # (refused as a folder of no format, with the reason)
            continue
        found += files
        left = [p.name + ("/" if p.is_dir() else "") for p in inside if p not in files]
        if left:
            shown = ", ".join(left[:5]) + (f" and {len(left) - 5:,} more" if len(left) > 5
                                           else "")
            said.append(f"{path}: left out (no format annotator reads, or a folder within): "
                        f"{shown}")
    return found, said
