"""What the window remembers between sessions, in an INI file in the user config folder:
geometry, panels, splitter, sync scrolling, recent projects, who annotates, and per project the
open articles."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from ..paths import user_config_dir

MAX_RECENT = 8


class WindowSettings:
    def __init__(self, path: Path | None = None):
        path = path or user_config_dir() / "window.ini"
        path.parent.mkdir(parents=True, exist_ok=True)
        self.qsettings = QSettings(str(path), QSettings.Format.IniFormat)

    @staticmethod
    def _project_key(project: Path) -> str:
        return "project-" + hashlib.sha1(str(project).encode("utf-8")).hexdigest()[:16]

    def bytes(self, key: str) -> QByteArray | None:
        value = self.qsettings.value(key)
        return value if isinstance(value, QByteArray) else None

    def set(self, key: str, value) -> None:
        self.qsettings.setValue(key, value)

    def flag(self, key: str, default: bool) -> bool:
        value = self.qsettings.value(key, default)
        return value in (True, "true", "1", 1) if not isinstance(value, bool) else value

    def open_articles(self, project: Path) -> tuple[list[str], int] | None:
        key = self._project_key(project)
        ids = self.qsettings.value(f"{key}/open")
        if ids is None:
            return None
        ids = [ids] if isinstance(ids, str) else list(ids)
        return [i for i in ids if i], int(str(self.qsettings.value(f"{key}/active", 0)))

    def set_open_articles(self, project: Path, ids: list[str | None], active: int) -> None:
        key = self._project_key(project)
        self.qsettings.setValue(f"{key}/open", [i or "" for i in ids])
        self.qsettings.setValue(f"{key}/active", active)

    def scroll_positions(self, project: Path) -> list[int]:
        value = self.qsettings.value(f"{self._project_key(project)}/scroll", [])
        values = [value] if isinstance(value, str) else list(value or [])  # type: ignore[call-overload]
        try:
            return [int(v) for v in values]
        except (TypeError, ValueError):
            return []

    def set_scroll_positions(self, project: Path, positions: list[int]) -> None:
        self.qsettings.setValue(f"{self._project_key(project)}/scroll", [str(p) for p in positions])

    def recent(self) -> list[str]:
        value = self.qsettings.value("recent", [])
        return [value] if isinstance(value, str) else list(value or [])  # type: ignore[call-overload]

    def add_recent(self, project: Path | str) -> None:
        items = [str(project)] + [p for p in self.recent() if p != str(project)]
        self.qsettings.setValue("recent", items[:MAX_RECENT])

    def annotator(self) -> str | None:
        """The name chosen with File › Annotate as… (None: never chosen)."""
        value = self.qsettings.value("annotator/name")
        return (value.strip() or None) if isinstance(value, str) else None

    def set_annotator(self, name: str) -> None:
        self.qsettings.setValue("annotator/name", name)

    def sync(self) -> None:
        self.qsettings.sync()


def check_annotator_name(name: str) -> str:
    """A name to annotate as, trimmed; raises InputRefused saying what is wrong with it."""
    from ..domain.annotators import clean_annotator_name
    from ..errors import InputRefused

    cleaned, problem = clean_annotator_name(name)
    if cleaned is None:
        raise InputRefused(f"the name of who annotates {problem}")
    return cleaned


def name_given_elsewhere(project_annotator: str) -> bool:
    """Whether ``--as NAME`` or ANNOTATOR_NAME chose who annotates: they win over the window's
    setting. (Without them the project annotates as the operating-system user.)"""
    import os

    from ..storage.project import default_annotator

    return bool(os.environ.get("ANNOTATOR_NAME")) or project_annotator != default_annotator()
