"""Project identity: a project_info table with the project's id and creation time.

The id names the project in backups and lock messages, so a copy of a file is recognisable.

Revision ID: 0002_project_info
Revises: 0001_initial
Create Date: 2026-11-22
"""
import uuid
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa

revision = "0002_project_info"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    info = op.create_table(
        "project_info",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    op.bulk_insert(info, [{"key": "project_id", "value": str(uuid.uuid4())},
                          {"key": "created_at", "value": now}])


def downgrade() -> None:
    op.drop_table("project_info")
