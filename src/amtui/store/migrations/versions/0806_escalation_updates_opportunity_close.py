"""Escalation update notes (a table; the plan text stays as it was) and an opportunity's expected close date.

Revision ID: 0806
Revises: 0805
Create Date: 2026-12-06 23:34:21.011541
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0806"
down_revision: str | Sequence[str] | None = "0805"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "escalation_update",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("escalation_id", sa.Integer(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=1000), nullable=False),
        sa.Column("author", sa.String(length=120), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["escalation_id"], ["escalation.id"], name=op.f("fk_escalation_update_escalation_id_escalation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_escalation_update")),
    )
    with op.batch_alter_table("escalation_update", schema=None) as batch_op:
        batch_op.create_index(
            "ix_escalation_update_escalation_on", ["escalation_id", "on_date"], unique=False
        )

    with op.batch_alter_table("opportunity", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expected_close", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("opportunity", schema=None) as batch_op:
        batch_op.drop_column("expected_close")

    with op.batch_alter_table("escalation_update", schema=None) as batch_op:
        batch_op.drop_index("ix_escalation_update_escalation_on")

    op.drop_table("escalation_update")
