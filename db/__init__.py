"""Alembic environment and versions. Installed as ``annotator._migrations``."""
