"""working calendar: holidays, planned and fixed milestone dates

Revision ID: 0803
Revises: 0802
Create Date: 2026-12-06 19:45:03.046571

The book's holidays (``amtui holidays import``), and on each milestone the dates as planned and whether its
date is fixed. Existing milestones keep their dates: their planned dates stay empty, which reads as "the dates
are the plan", and their durations are derived from start and due. None is fixed.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0803"
down_revision: str | Sequence[str] | None = "0802"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "holiday",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_holiday")),
        sa.UniqueConstraint("on_date", name=op.f("uq_holiday_on_date")),
    )
    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.add_column(sa.Column("plan_start", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("plan_due", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("fixed", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.drop_column("fixed")
        batch_op.drop_column("plan_due")
        batch_op.drop_column("plan_start")
    op.drop_table("holiday")
