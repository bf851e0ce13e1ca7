"""Alembic environment: always runs on a connection the program hands over (never from a URL)."""

from alembic import context

from annotator.storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - the program always passes one
    raise RuntimeError("annotator migrations run from annotator.storage.schema, not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things: copy-and-move tables instead
    transaction_per_migration=True,
)
with context.begin_transaction():
    context.run_migrations()
