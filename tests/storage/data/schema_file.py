"""An empty project file built by the migrations up to one revision (for make_schema_*.py)."""

from importlib.resources import files
from pathlib import Path

from alembic import command
from alembic.config import Config

from annotator.storage.files.engine import make_engine


def file_at_revision(target: Path, revision: str) -> None:
    target.unlink(missing_ok=True)
    upgraded_to(target, revision)


def upgraded_to(target: Path, revision: str) -> None:
    """Run the migrations on ``target`` (a new file, or a project of an older revision)."""
    config = Config()
    config.set_main_option("script_location", str(files("annotator._migrations")))
    engine = make_engine(target)
    with engine.connect() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    engine.dispose()
