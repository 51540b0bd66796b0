"""timeline milestones

Revision ID: 0401
Revises: 0001
Create Date: 2026-11-28 20:34:55.412253
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0401"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "milestone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("team", sa.String(length=20), nullable=False),
        sa.Column("owner", sa.String(length=120), nullable=True),
        sa.Column("start_on", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=True),
        sa.Column("estimated_minutes", sa.Integer(), nullable=True),
        sa.Column("client_approval", sa.Boolean(), nullable=False),
        sa.Column("approval_days", sa.Integer(), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("blocked_on", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("note", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"], name=op.f("fk_milestone_project_id_project")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestone")),
    )
    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.create_index("ix_milestone_project_due", ["project_id", "due_on", "status"], unique=False)
        batch_op.create_index("ix_milestone_status_due", ["status", "due_on"], unique=False)

    op.create_table(
        "milestone_dependency",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("predecessor_id", sa.Integer(), nullable=False),
        sa.Column("successor_id", sa.Integer(), nullable=False),
        sa.Column("lag_days", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["predecessor_id"],
            ["milestone.id"],
            name=op.f("fk_milestone_dependency_predecessor_id_milestone"),
        ),
        sa.ForeignKeyConstraint(
            ["successor_id"], ["milestone.id"], name=op.f("fk_milestone_dependency_successor_id_milestone")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestone_dependency")),
        sa.UniqueConstraint(
            "predecessor_id", "successor_id", name=op.f("uq_milestone_dependency_predecessor_id_successor_id")
        ),
    )
    with op.batch_alter_table("milestone_dependency", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_milestone_dependency_predecessor_id"), ["predecessor_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_milestone_dependency_successor_id"), ["successor_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("milestone_dependency", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_milestone_dependency_successor_id"))
        batch_op.drop_index(batch_op.f("ix_milestone_dependency_predecessor_id"))

    op.drop_table("milestone_dependency")
    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.drop_index("ix_milestone_status_due")
        batch_op.drop_index("ix_milestone_project_due")

    op.drop_table("milestone")
