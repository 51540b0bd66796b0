"""account members, who did each action, and row-level security on PostgreSQL

Revision ID: 0810
Revises: 0809
Create Date: 2026-12-06 23:45:00

``account_member`` (account, database role, editor|viewer) and ``audit_batch.actor`` on both databases. On
PostgreSQL only: the group roles ``amtui_admin`` (sees and changes everything) and ``amtui_user`` (every
person; table privileges), and row-level security on every table that belongs to an account, so that the
server itself — not Python — keeps a non-member from reading an account's rows (hand-written SQL included) and
a viewer from changing them. History is private to whoever did it (its rows hold copies of account rows), so
undo and redo take back only your own actions. The migrating role must be allowed to create roles.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0810"
down_revision: str | Sequence[str] | None = "0809"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# How each table reaches its account (as of this revision): the account itself, an account_id, a project_id,
# or a parent row (table, key column, the parent's own way to its account).
_BY_ACCOUNT = (
    "contact",
    "escalation",
    "health_snapshot",
    "project",
    "estimate",
    "interaction",
    "opportunity",
    "primary_contact_period",
    "follow_up",
    "account_member",
)
_BY_PROJECT = (
    "brief",
    "change_order",
    "cost_entry",
    "kpi_target",
    "media_plan",
    "metric_row",
    "milestone",
    "progress_entry",
    "rate",
    "time_entry",
    "billing_line",
    "invoice",
)
_BY_PARENT = (
    ("payment", "invoice_id", "invoice", "project"),
    ("brief_version", "brief_id", "brief", "project"),
    ("estimate_line", "estimate_id", "estimate", "account"),
    ("estimate_version", "estimate_id", "estimate", "account"),
    ("milestone_dependency", "successor_id", "milestone", "project"),
    ("escalation_update", "escalation_id", "escalation", "account"),
)

_FUNCTIONS = """
CREATE OR REPLACE FUNCTION amtui_can(acc integer, to_write boolean, who name) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT pg_has_role(who, 'amtui_admin', 'MEMBER') OR EXISTS (
    SELECT 1 FROM account_member m
    WHERE m.account_id = acc AND m.role_name = who AND (NOT to_write OR m.access = 'editor'))
$$;
CREATE OR REPLACE FUNCTION amtui_can_project(proj integer, to_write boolean, who name) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT coalesce((SELECT amtui_can(p.account_id, to_write, who) FROM project p WHERE p.id = proj), false)
$$;
"""


def _roles() -> None:
    op.execute(
        "DO $$ BEGIN "
        "IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'amtui_admin') THEN "
        "CREATE ROLE amtui_admin NOLOGIN; END IF; "
        "IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'amtui_user') THEN "
        "CREATE ROLE amtui_user NOLOGIN; END IF; END $$"
    )
    op.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO amtui_user")
    op.execute("REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM amtui_user")
    op.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO amtui_user")
    op.execute("GRANT amtui_user TO amtui_admin")


def _policies(table: str, read: str, write: str) -> None:
    op.execute(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
    op.execute(f'CREATE POLICY amtui_read ON "{table}" FOR SELECT USING ({read})')
    op.execute(f'CREATE POLICY amtui_insert ON "{table}" FOR INSERT WITH CHECK ({write})')
    op.execute(f'CREATE POLICY amtui_update ON "{table}" FOR UPDATE USING ({write}) WITH CHECK ({write})')
    op.execute(f'CREATE POLICY amtui_delete ON "{table}" FOR DELETE USING ({write})')


def _row_security() -> None:
    op.execute(_FUNCTIONS)
    _policies("account", "amtui_can(id, false, current_user)", "amtui_can(id, true, current_user)")
    for t in _BY_ACCOUNT:
        _policies(
            t,
            "account_id IS NULL OR amtui_can(account_id, false, current_user)",
            "account_id IS NULL OR amtui_can(account_id, true, current_user)",
        )
    for t in _BY_PROJECT:
        _policies(
            t,
            "project_id IS NULL OR amtui_can_project(project_id, false, current_user)",
            "project_id IS NULL OR amtui_can_project(project_id, true, current_user)",
        )
    for t, key, parent, via in _BY_PARENT:
        col = "account_id" if via == "account" else "project_id"
        fn = "amtui_can" if via == "account" else "amtui_can_project"

        def owner(to_write: str, key: str = key, parent: str = parent, col: str = col, fn: str = fn) -> str:
            return f'{fn}((SELECT x.{col} FROM "{parent}" x WHERE x.id = {key}), {to_write}, current_user)'

        _policies(t, owner("false"), owner("true"))
    # History: each person's own actions (an admin's view is everyone's).
    mine = "actor = current_user OR pg_has_role(current_user, 'amtui_admin', 'MEMBER')"
    _policies("audit_batch", mine, mine)
    batch = "EXISTS (SELECT 1 FROM audit_batch b WHERE b.id = batch_id)"
    _policies("audit_event", batch, batch)


def upgrade() -> None:
    op.create_table(
        "account_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("role_name", sa.String(length=63), nullable=False),
        sa.Column("access", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name=op.f("fk_account_member_account_id_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_member")),
        sa.UniqueConstraint("account_id", "role_name", name=op.f("uq_account_member_account_id_role_name")),
    )
    with op.batch_alter_table("account_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_account_member_account_id"), ["account_id"], unique=False)
    with op.batch_alter_table("audit_batch", schema=None) as batch_op:
        batch_op.add_column(sa.Column("actor", sa.String(length=63), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        _roles()
        _row_security()
        op.execute(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO amtui_user"
        )
        op.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO amtui_user")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        tables = (
            "account",
            *_BY_ACCOUNT,
            *_BY_PROJECT,
            *(t for t, *_ in _BY_PARENT),
            "audit_batch",
            "audit_event",
        )
        for t in tables:
            if t == "account_member":
                continue
            for p in ("amtui_read", "amtui_insert", "amtui_update", "amtui_delete"):
                op.execute(f'DROP POLICY IF EXISTS {p} ON "{t}"')
            op.execute(f'ALTER TABLE "{t}" DISABLE ROW LEVEL SECURITY')
        op.execute("DROP FUNCTION IF EXISTS amtui_can_project(integer, boolean, name)")
        op.execute("DROP FUNCTION IF EXISTS amtui_can(integer, boolean, name)")
    with op.batch_alter_table("audit_batch", schema=None) as batch_op:
        batch_op.drop_column("actor")
    op.drop_table("account_member")
