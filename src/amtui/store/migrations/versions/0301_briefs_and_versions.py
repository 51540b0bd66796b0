"""briefs and versions

Revision ID: 0301
Revises: 0001
Create Date: 2026-11-28 20:36:59.457079
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0301"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "brief",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("template", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("approved_by", sa.String(length=120), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"], name=op.f("fk_brief_project_id_project")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_brief")),
    )
    with op.batch_alter_table("brief", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_brief_project_id"), ["project_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_brief_status"), ["status"], unique=False)

    op.create_table(
        "brief_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("brief_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("markdown", sa.String(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["brief_id"], ["brief.id"], name=op.f("fk_brief_version_brief_id_brief")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_brief_version")),
        sa.UniqueConstraint("brief_id", "number", name=op.f("uq_brief_version_brief_id_number")),
    )


def downgrade() -> None:
    op.drop_table("brief_version")
    with op.batch_alter_table("brief", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_brief_status"))
        batch_op.drop_index(batch_op.f("ix_brief_project_id"))

    op.drop_table("brief")
