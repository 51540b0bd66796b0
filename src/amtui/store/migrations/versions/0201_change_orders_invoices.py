"""change orders and invoices: who/why, rollup indexes

Revision ID: 0201
Revises: 0001
Create Date: 2026-11-28 20:34:59.861112
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0201"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("change_order", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sent_to", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("void_reason", sa.String(), nullable=True))
        batch_op.create_index(
            "ix_change_order_rollup", ["project_id", "status", "amount_cents"], unique=False
        )

    with op.batch_alter_table("invoice", schema=None) as batch_op:
        batch_op.add_column(sa.Column("void_reason", sa.String(), nullable=True))
        batch_op.create_index(batch_op.f("ix_invoice_change_order_id"), ["change_order_id"], unique=False)

    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.create_index("ix_payment_rollup", ["invoice_id", "paid_on", "amount_cents"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.drop_index("ix_payment_rollup")

    with op.batch_alter_table("invoice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invoice_change_order_id"))
        batch_op.drop_column("void_reason")

    with op.batch_alter_table("change_order", schema=None) as batch_op:
        batch_op.drop_index("ix_change_order_rollup")
        batch_op.drop_column("void_reason")
        batch_op.drop_column("sent_to")
