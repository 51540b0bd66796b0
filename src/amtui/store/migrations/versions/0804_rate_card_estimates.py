"""rate card and estimates

Revision ID: 0804
Revises: 0803
Create Date: 2026-12-06 20:00:00.000000

The rate card (each team's bill and cost rate per hour from a date, a project's own rates over the book's),
estimates for an account with their versions and lines (a team's hours, or a fixed-price item). New tables
only: existing books gain an empty rate card and no estimates.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0804"
down_revision: str | Sequence[str] | None = "0803"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team", sa.String(length=20), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("bill_cents", sa.Integer(), nullable=False),
        sa.Column("cost_cents", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"], name=op.f("fk_rate_project_id_project")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rate")),
        sa.UniqueConstraint(
            "team", "project_id", "valid_from", name=op.f("uq_rate_team_project_id_valid_from")
        ),
    )
    with op.batch_alter_table("rate", schema=None) as batch_op:
        batch_op.create_index("ix_rate_lookup", ["team", "valid_from"], unique=False)

    op.create_table(
        "estimate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("billing", sa.String(length=20), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=True),
        sa.Column("end_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("accepted_version", sa.Integer(), nullable=True),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("assumptions", sa.String(), nullable=True),
        sa.Column("exclusions", sa.String(), nullable=True),
        sa.Column("template", sa.String(length=60), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], name=op.f("fk_estimate_account_id_account")),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"], name=op.f("fk_estimate_project_id_project")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_estimate")),
    )
    with op.batch_alter_table("estimate", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_estimate_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_estimate_project_id"), ["project_id"], unique=False)

    op.create_table(
        "estimate_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("estimate_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("contingency_bp", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["estimate_id"], ["estimate.id"], name=op.f("fk_estimate_version_estimate_id_estimate")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_estimate_version")),
        sa.UniqueConstraint("estimate_id", "number", name=op.f("uq_estimate_version_estimate_id_number")),
    )

    op.create_table(
        "estimate_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("estimate_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("team", sa.String(length=20), nullable=True),
        sa.Column("label", sa.String(length=200), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("bill_rate_cents", sa.Integer(), nullable=True),
        sa.Column("cost_rate_cents", sa.Integer(), nullable=True),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("cost_cents", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["estimate_id"], ["estimate.id"], name=op.f("fk_estimate_line_estimate_id_estimate")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_estimate_line")),
    )
    with op.batch_alter_table("estimate_line", schema=None) as batch_op:
        batch_op.create_index("ix_estimate_line_version", ["estimate_id", "version", "seq"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("estimate_line", schema=None) as batch_op:
        batch_op.drop_index("ix_estimate_line_version")
    op.drop_table("estimate_line")
    op.drop_table("estimate_version")
    with op.batch_alter_table("estimate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_estimate_project_id"))
        batch_op.drop_index(batch_op.f("ix_estimate_account_id"))
    op.drop_table("estimate")
    with op.batch_alter_table("rate", schema=None) as batch_op:
        batch_op.drop_index("ix_rate_lookup")
    op.drop_table("rate")
