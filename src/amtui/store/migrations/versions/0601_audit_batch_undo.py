"""audit batch kind and target for undo/redo

Revision ID: 0601
Revises: 0001
Create Date: 2026-11-28 20:35:46.643407
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0601"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("audit_batch", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=10), server_default="action", nullable=False))
        batch_op.add_column(sa.Column("target_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_audit_batch_target_id_audit_batch"), "audit_batch", ["target_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("audit_batch", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_audit_batch_target_id_audit_batch"), type_="foreignkey")
        batch_op.drop_column("target_id")
        batch_op.drop_column("kind")
