"""Where projects live: --db, else $ANNOTATOR_DB, else the user data folder (appdirs)."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "annotator"
DEFAULT_PROJECT_NAME = "project.annotator.sqlite"


def user_data_dir() -> Path:
    import appdirs

    return Path(appdirs.user_data_dir(APP_NAME, False))


def default_project() -> Path:
    return user_data_dir() / DEFAULT_PROJECT_NAME


def resolve_project(cli_db: str | None) -> tuple[Path, bool]:
    """The project path to use, and whether it is the default project (which starts with the
    bundled sample articles)."""
    if cli_db:
        return Path(cli_db).expanduser(), False
    env = os.environ.get("ANNOTATOR_DB")
    if env:
        return Path(env).expanduser(), False
    return default_project(), True


def user_config_dir() -> Path:
    import appdirs

    return Path(appdirs.user_config_dir(APP_NAME, False))


def user_log_dir() -> Path:
    import appdirs

    return Path(appdirs.user_log_dir(APP_NAME, False))
