"""billing terms, dated progress, invoice periods, time cost

Revision ID: 0801
Revises: 0701
Create Date: 2026-12-06 16:44:16.129084

Billing terms on projects and change orders, a fixed fee's billing schedule, % complete with its dates, the
period an invoice bills, and what time costs the agency. Existing projects keep the defaults (None = the
default for their billing type). A % complete already set becomes the first entry of its history, dated the
day the book is upgraded: when it was set is unknown, so an earlier "as of" does not use it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0801"
down_revision: str | Sequence[str] | None = "0701"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "progress_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("complete_bp", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_progress_entry_project_id_project")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_entry")),
    )
    with op.batch_alter_table("progress_entry", schema=None) as batch_op:
        batch_op.create_index("ix_progress_entry_project_on", ["project_id", "on_date", "id"], unique=False)

    op.create_table(
        "billing_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("share_bp", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("milestone_id", sa.Integer(), nullable=True),
        sa.Column("label", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["milestone_id"], ["milestone.id"], name=op.f("fk_billing_line_milestone_id_milestone")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_billing_line_project_id_project")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_billing_line")),
    )
    with op.batch_alter_table("billing_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_billing_line_project_id"), ["project_id"], unique=False)

    with op.batch_alter_table("change_order", schema=None) as batch_op:
        batch_op.add_column(sa.Column("billing", sa.String(length=14), nullable=True))

    with op.batch_alter_table("invoice", schema=None) as batch_op:
        batch_op.add_column(sa.Column("billed_through", sa.Date(), nullable=True))

    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.add_column(sa.Column("bill_timing", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("fee_schedule", sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column("deposit_bp", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("co_billing", sa.String(length=14), nullable=True))

    with op.batch_alter_table("time_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cost_rate_cents", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("cost_cents", sa.Integer(), nullable=True))
        batch_op.drop_index("ix_time_entry_rollup")
        batch_op.create_index(
            "ix_time_entry_rollup",
            ["project_id", "entry_date", "minutes", "amount_cents", "billable", "out_of_scope", "cost_cents"],
            unique=False,
        )

    from amtui.core import clock

    op.execute(
        sa.text(
            "INSERT INTO progress_entry (project_id, on_date, complete_bp, created_at) "
            "SELECT id, :on, complete_bp, :at FROM project WHERE complete_bp IS NOT NULL"
        ).bindparams(on=clock.today(), at=clock.utc_now())
    )


def downgrade() -> None:
    with op.batch_alter_table("time_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_time_entry_rollup")
        batch_op.create_index(
            "ix_time_entry_rollup",
            ["project_id", "entry_date", "minutes", "amount_cents", "billable", "out_of_scope"],
            unique=False,
        )
        batch_op.drop_column("cost_cents")
        batch_op.drop_column("cost_rate_cents")

    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_column("co_billing")
        batch_op.drop_column("deposit_bp")
        batch_op.drop_column("fee_schedule")
        batch_op.drop_column("bill_timing")

    with op.batch_alter_table("invoice", schema=None) as batch_op:
        batch_op.drop_column("billed_through")

    with op.batch_alter_table("change_order", schema=None) as batch_op:
        batch_op.drop_column("billing")

    with op.batch_alter_table("billing_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_billing_line_project_id"))

    op.drop_table("billing_line")
    with op.batch_alter_table("progress_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_progress_entry_project_on")

    op.drop_table("progress_entry")
