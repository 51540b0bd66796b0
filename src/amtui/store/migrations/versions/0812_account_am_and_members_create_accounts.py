"""an account's AM, and a member creates an account and is its first editor

Revision ID: 0812
Revises: 0810
Create Date: 2026-12-07 02:30:00

``account.am`` on both databases: the account's AM (a person's name; on a team database their role), what the
team views filter by (``services/clients/am.py`` holds the rule). On PostgreSQL only: any person of the team
(``amtui_user``) may create an account, and may make themselves its first editor — but only of an account that
their own transaction created and that has no member yet (``amtui_unclaimed``), so nobody can claim an account
that exists already. Everything else about ``account_member`` stays as revision 0810 made it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0812"
down_revision: str | Sequence[str] | None = "0810"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_UNCLAIMED = """
CREATE OR REPLACE FUNCTION amtui_unclaimed(acc integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT EXISTS (SELECT 1 FROM account a WHERE a.id = acc AND a.xmin = pg_current_xact_id()::xid)
     AND NOT EXISTS (SELECT 1 FROM account_member m WHERE m.account_id = acc)
$$;
"""
_MEMBER_WRITE = "account_id IS NULL OR amtui_can(account_id, true, current_user)"


def upgrade() -> None:
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("am", sa.String(length=63), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_UNCLAIMED)
        op.execute("DROP POLICY amtui_insert ON account")
        op.execute(
            "CREATE POLICY amtui_insert ON account FOR INSERT "
            "WITH CHECK (pg_has_role(current_user, 'amtui_user', 'MEMBER'))"
        )
        op.execute("DROP POLICY amtui_insert ON account_member")
        op.execute(
            "CREATE POLICY amtui_insert ON account_member FOR INSERT WITH CHECK ("
            f"{_MEMBER_WRITE} OR (role_name = current_user AND access = 'editor' "
            "AND amtui_unclaimed(account_id)))"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP POLICY amtui_insert ON account_member")
        op.execute(f"CREATE POLICY amtui_insert ON account_member FOR INSERT WITH CHECK ({_MEMBER_WRITE})")
        op.execute("DROP POLICY amtui_insert ON account")
        op.execute(
            "CREATE POLICY amtui_insert ON account FOR INSERT WITH CHECK (amtui_can(id, true, current_user))"
        )
        op.execute("DROP FUNCTION IF EXISTS amtui_unclaimed(integer)")
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_column("am")
