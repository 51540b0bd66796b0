"""follow-ups

Revision ID: 0802
Revises: 0801
Create Date: 2026-12-06 19:43:53.888260

The follow-up table (`T-n`): an account manager's next actions, each due on a date, optionally snoozed,
repeating every week or month, and linked to a project, contact, escalation, change order or interaction.
Existing books gain an empty table.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0802"
down_revision: str | Sequence[str] | None = "0801"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("escalation_id", sa.Integer(), nullable=True),
        sa.Column("change_order_id", sa.Integer(), nullable=True),
        sa.Column("interaction_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("snoozed_to", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("every", sa.String(length=6), nullable=True),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], name=op.f("fk_follow_up_account_id_account")),
        sa.ForeignKeyConstraint(
            ["change_order_id"], ["change_order.id"], name=op.f("fk_follow_up_change_order_id_change_order")
        ),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], name=op.f("fk_follow_up_contact_id_contact")),
        sa.ForeignKeyConstraint(
            ["escalation_id"], ["escalation.id"], name=op.f("fk_follow_up_escalation_id_escalation")
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"], ["interaction.id"], name=op.f("fk_follow_up_interaction_id_interaction")
        ),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"], name=op.f("fk_follow_up_project_id_project")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up")),
        sa.UniqueConstraint("number", name=op.f("uq_follow_up_number")),
    )
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index("ix_follow_up_account", ["account_id", "done_on"], unique=False)
        batch_op.create_index("ix_follow_up_open_due", ["done_on", "due_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index("ix_follow_up_open_due")
        batch_op.drop_index("ix_follow_up_account")

    op.drop_table("follow_up")
