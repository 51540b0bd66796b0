"""merge the five branches on 0001 into one history (no schema change)

Revision ID: 0701
Revises: 0201, 0301, 0401, 0501, 0601
Create Date: 2026-12-06 00:00:00

0201 (change orders and invoices), 0301 (briefs), 0401 (milestones), 0501 (growth) and 0601 (undo) were each
written on top of 0001, leaving five heads. From here the history is linear: a new revision goes on top of
the one head (``scripts/new_migration.py``), and a test holds that there is exactly one.
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0701"
down_revision: str | Sequence[str] | None = (
    "0201",
    "0301",
    "0401",
    "0501",
    "0601",
)
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
