"""media plan per project and month

Revision ID: 0805
Revises: 0804
Create Date: 2026-12-06 20:47:57.503428
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0805"
down_revision: str | Sequence[str] | None = "0804"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "media_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_media_plan_project_id_project")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_plan")),
        sa.UniqueConstraint("project_id", "month", name=op.f("uq_media_plan_project_id_month")),
    )


def downgrade() -> None:
    op.drop_table("media_plan")
