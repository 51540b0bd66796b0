"""account.client_sees: the optional report sections a client may see

Revision ID: 0808
Revises: 0806
Create Date: 2026-12-06 23:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0808"
down_revision: str | Sequence[str] | None = "0806"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Comma-separated section names (services/overview/audience.py CLIENT_SECTIONS); '' = none, the default.
    with op.batch_alter_table("account") as batch:
        batch.add_column(sa.Column("client_sees", sa.String(length=200), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("account") as batch:
        batch.drop_column("client_sees")
