"""row-level security checked once per statement, not once per row; an index on invoice.credit_of_id

Revision ID: 0813
Revises: 0812
Create Date: 2026-12-07 02:40:00

The policies of 0810 called ``amtui_can_project(project_id, …)`` for every row a query read: on the large book
a member's ``budget`` spent most of its time in those calls (a function call and a lookup of the project
per time entry). Here every policy asks two questions whose answers do not depend on the row, each answered
once per statement: is the person an admin (``amtui_is_admin``), and which accounts / projects may they
read or change (``amtui_account_ids`` / ``amtui_project_ids``, STABLE SECURITY DEFINER functions returning
the ids; the server hashes the set and probes it per row). Who sees and changes what is unchanged (revision 0812's rules for creating an account are kept): an admin
everything, a member the accounts shared with them (an editor also changes them), rows without an account
or project (``account_id``/``project_id`` NULL) everyone.

On both databases: ``ix_invoice_credit_of_id``. The invariant that an issued invoice's status agrees with its
payments and credit notes looks up each invoice's credit notes; without the index PostgreSQL scanned every
invoice once per invoice (12 s of a 90 s ``book push`` of the large book), and SQLite built a throwaway index
for every such query.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0813"
down_revision: str | Sequence[str] | None = "0812"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The tables of 0810's policies, by how each reaches its account.
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
CREATE OR REPLACE FUNCTION amtui_is_admin(who name) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT pg_has_role(who, 'amtui_admin', 'MEMBER')
$$;
CREATE OR REPLACE FUNCTION amtui_account_ids(to_write boolean, who name) RETURNS SETOF integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT m.account_id FROM account_member m
  WHERE m.role_name = who AND (NOT to_write OR m.access = 'editor')
$$;
CREATE OR REPLACE FUNCTION amtui_project_ids(to_write boolean, who name) RETURNS SETOF integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT p.id FROM project p JOIN account_member m ON m.account_id = p.account_id
  WHERE m.role_name = who AND (NOT to_write OR m.access = 'editor')
$$;
"""
_POLICIES = ("amtui_read", "amtui_insert", "amtui_update", "amtui_delete")


def _allowed(column: str, via: str, to_write: bool) -> str:
    """``column`` (an account or project id) is one this person may read (or change): one admin check and
    one set of ids per statement."""
    fn = "amtui_account_ids" if via == "account" else "amtui_project_ids"
    flag = "true" if to_write else "false"
    return f"(SELECT amtui_is_admin(current_user)) OR {column} IN (SELECT {fn}({flag}, current_user))"


def _replace(table: str, read: str, write: str) -> None:
    for p in _POLICIES:
        op.execute(f'DROP POLICY IF EXISTS {p} ON "{table}"')
    op.execute(f'CREATE POLICY amtui_read ON "{table}" FOR SELECT USING ({read})')
    op.execute(f'CREATE POLICY amtui_insert ON "{table}" FOR INSERT WITH CHECK ({write})')
    op.execute(f'CREATE POLICY amtui_update ON "{table}" FOR UPDATE USING ({write}) WITH CHECK ({write})')
    op.execute(f'CREATE POLICY amtui_delete ON "{table}" FOR DELETE USING ({write})')


def _cheap_policies() -> None:
    op.execute(_FUNCTIONS)
    _replace("account", _allowed("id", "account", False), _allowed("id", "account", True))
    for t in _BY_ACCOUNT:
        _replace(
            t,
            f"account_id IS NULL OR {_allowed('account_id', 'account', False)}",
            f"account_id IS NULL OR {_allowed('account_id', 'account', True)}",
        )
    for t in _BY_PROJECT:
        _replace(
            t,
            f"project_id IS NULL OR {_allowed('project_id', 'project', False)}",
            f"project_id IS NULL OR {_allowed('project_id', 'project', True)}",
        )
    for t, key, parent, via in _BY_PARENT:
        col = "account_id" if via == "account" else "project_id"
        owner = f'(SELECT x.{col} FROM "{parent}" x WHERE x.id = {key})'
        _replace(t, _allowed(owner, via, False), _allowed(owner, via, True))


def _row_policies() -> None:
    """0810's policies (for the downgrade)."""
    _replace("account", "amtui_can(id, false, current_user)", "amtui_can(id, true, current_user)")
    for t in _BY_ACCOUNT:
        _replace(
            t,
            "account_id IS NULL OR amtui_can(account_id, false, current_user)",
            "account_id IS NULL OR amtui_can(account_id, true, current_user)",
        )
    for t in _BY_PROJECT:
        _replace(
            t,
            "project_id IS NULL OR amtui_can_project(project_id, false, current_user)",
            "project_id IS NULL OR amtui_can_project(project_id, true, current_user)",
        )
    for t, key, parent, via in _BY_PARENT:
        col = "account_id" if via == "account" else "project_id"
        fn = "amtui_can" if via == "account" else "amtui_can_project"
        owner = f'(SELECT x.{col} FROM "{parent}" x WHERE x.id = {key})'
        _replace(t, f"{fn}({owner}, false, current_user)", f"{fn}({owner}, true, current_user)")


def _creating_accounts(member_write: str) -> None:
    """Revision 0812's two INSERT rules, which the policy rewrite above replaced: any person of the team may
    create an account, and may make themselves the first editor of one their own transaction created."""
    op.execute("DROP POLICY IF EXISTS amtui_insert ON account")
    op.execute("DROP POLICY IF EXISTS amtui_insert ON account_member")
    op.execute(
        "CREATE POLICY amtui_insert ON account FOR INSERT "
        "WITH CHECK (pg_has_role(current_user, 'amtui_user', 'MEMBER'))"
    )
    op.execute(
        "CREATE POLICY amtui_insert ON account_member FOR INSERT WITH CHECK ("
        f"account_id IS NULL OR {member_write} OR (role_name = current_user AND access = 'editor' "
        "AND amtui_unclaimed(account_id)))"
    )


def upgrade() -> None:
    with op.batch_alter_table("invoice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invoice_credit_of_id"), ["credit_of_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        _cheap_policies()
        _creating_accounts(_allowed("account_id", "account", True))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _row_policies()
        _creating_accounts("amtui_can(account_id, true, current_user)")
        op.execute("DROP FUNCTION IF EXISTS amtui_project_ids(boolean, name)")
        op.execute("DROP FUNCTION IF EXISTS amtui_account_ids(boolean, name)")
        op.execute("DROP FUNCTION IF EXISTS amtui_is_admin(name)")
    with op.batch_alter_table("invoice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invoice_credit_of_id"))
