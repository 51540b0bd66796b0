"""change order team: the estimate line an approved change order adds to

Revision ID: 0809
Revises: 0808
Create Date: 2026-12-06 23:50:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0809"
down_revision: str | Sequence[str] | None = "0808"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("change_order") as batch:
        batch.add_column(sa.Column("team", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("change_order") as batch:
        batch.drop_column("team")
