"""One rule for "the approved change orders of a project as of a date": every consumer gives the figure of
:func:`amtui.services.money.rules.change_order_totals`, on a hand-built book (change orders in every status,
decided before, on and after the date, and undated) and on the demo book; and the status sets are spelled
nowhere else in ``src/``."""

from __future__ import annotations

import ast
import json
import re
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from amtui.core.money import apply_rate, format_money
from amtui.services.base.refs import get_project
from amtui.services.briefs.prefill import prefill, project_budget
from amtui.services.clients import accounts, projects
from amtui.services.money import budget, checkin, reconcile, rules, scope
from amtui.services.money.position import percent_of
from amtui.services.money.rules import ChangeOrderTotals, change_order_totals
from amtui.store import Store, unit_of_work
from amtui.store.models import ChangeOrder, TimeEntry
from amtui.store.sql import rows
from tests.conftest import TODAY, Cli, connect

REF = "acme/site"
BUDGET = 10_000_00
BUDGET_MINUTES = 100 * 60
IN_SCOPE_MINUTES = 200 * 60  # far beyond the estimate and every change order's hours
AS_OF = date(2026, 11, 15)
# (number, status, cents, minutes, decided_on, invoiced_on)
CHANGE_ORDERS = [
    (1, "approved", 1_000_00, 60, date(2026, 11, 10), None),  # before the date
    (2, "approved", 200_00, 120, AS_OF, None),  # on it
    (3, "approved", 400_00, 240, date(2026, 11, 20), None),  # after it
    (4, "invoiced", 800_00, 30, date(2026, 11, 1), date(2026, 11, 5)),  # billed before the date
    (5, "invoiced", 50_00, None, date(2026, 11, 14), date(2026, 11, 25)),  # billed after it
    (6, "approved", 70_00, 15, None, None),  # approved, undated
    (7, "draft", 300_00, 600, None, None),
    (8, "sent", 5_00, 60, None, None),
    (9, "rejected", 9_00, 60, date(2026, 11, 10), None),
    (10, "void", 11_00, 60, date(2026, 11, 5), None),  # approved 11-05, voided 11-18 (VOIDED)
    (11, "approved", -150_00, -30, date(2026, 11, 12), None),  # a removal
    (12, "void", 13_00, 60, None, None),  # voided while sent: never approved, never counts
    (13, "void", 17_00, 60, date(2026, 11, 1), None),  # approved 11-01, voided the same day 11-01
]
#: number -> voided_on for the void ones.
VOIDED = {10: date(2026, 11, 18), 12: date(2026, 11, 2), 13: date(2026, 11, 1)}
DATES = [
    date(2026, 10, 31),
    date(2026, 11, 10),
    date(2026, 11, 14),
    AS_OF,
    date(2026, 11, 19),
    date(2026, 11, 20),
    TODAY,
]


@pytest.fixture
def book(store: Store) -> Store:
    """One fixed-fee project, 100% complete (delivered = the current fee), with every kind of change order,
    200 in-scope hours before any of the dates and out-of-scope work (so scope always reports it)."""
    with unit_of_work(store, "test") as uow:
        accounts.add_account(uow, "Acme", slug="acme")
        projects.add_project(
            uow,
            REF,
            "Site",
            budget_cents=BUDGET,
            budget_minutes=BUDGET_MINUTES,
            start_on=date(2026, 9, 1),
            end_on=date(2027, 3, 1),
            rate_cents=100_00,
        )
        p = get_project(uow.session, REF)
        projects.set_complete(uow, p, 10_000, on=date(2026, 9, 1))  # from the start: on every date below
        assert p.id is not None
        for oos, minutes in ((False, IN_SCOPE_MINUTES), (True, 600)):
            uow.session.add(
                TimeEntry(
                    project_id=p.id,
                    entry_date=date(2026, 10, 1),
                    minutes=minutes,
                    rate_cents=100_00,
                    amount_cents=apply_rate(minutes, 100_00),
                    out_of_scope=oos,
                )
            )
        for n, status, cents, minutes, decided, invoiced in CHANGE_ORDERS:
            uow.session.add(
                ChangeOrder(
                    number=n,
                    project_id=p.id,
                    title=f"Change {n}",
                    kind="remove" if cents < 0 else "add",
                    amount_cents=cents,
                    minutes=minutes,
                    status=status,
                    sent_on=date(2026, 10, 20),
                    decided_on=decided,
                    decided_by="Client" if decided else None,
                    invoiced_on=invoiced,
                    voided_on=VOIDED.get(n),
                )
            )
    return store


def _pid(store: Store, ref: str = REF) -> int:
    with store.read() as s:
        return int(get_project(s, ref).id or 0)


def _rule(con: sqlite3.Connection, pid: int, on: date) -> ChangeOrderTotals:
    return change_order_totals(con, on, [pid]).get(pid, ChangeOrderTotals())


# ---------------------------------------------------------------------------------------------- the rule


def test_the_date_rule_by_hand(book: Store) -> None:
    """Counted on 11-15: approved or invoiced, decided on or before it, or undated, and CO-10 (approved 11-05,
    voided 11-18); never pending, rejected, voided before the date or never approved, or decided later.
    Pending is every draft and sent one, whatever the date."""
    con = connect(book)
    t = _rule(con, _pid(book), AS_OF)
    assert t.approved_cents == 1_000_00 + 200_00 + 800_00 + 50_00 + 70_00 + 11_00 - 150_00
    assert t.approved_minutes == 60 + 120 + 30 + 15 + 60 - 30
    assert t.pending_cents == 305_00
    listed = rules.approved_change_orders(con, [_pid(book)], as_of=AS_OF)
    assert [c.number for c in listed] == [1, 2, 4, 5, 6, 10, 11]
    assert sum(c.amount_cents for c in listed) == t.approved_cents


@pytest.mark.parametrize(
    ("on", "counted"),
    [
        (date(2026, 11, 4), False),  # before its approval
        (date(2026, 11, 5), True),  # the day it was approved
        (date(2026, 11, 17), True),  # the day before its void
        (date(2026, 11, 18), False),  # voided that day
        (TODAY, False),
    ],
)
def test_a_voided_approval_counts_until_its_void(book: Store, on: date, counted: bool) -> None:
    """CO-10 was approved 11-05 and voided 11-18: part of the budget from the one to the day before the other,
    in the SQL rule, the Python predicate, budget health and the list. CO-12 (voided while sent, no decision)
    and CO-13 (approved and voided the same day) never count."""
    con = connect(book)
    pid = _pid(book)
    listed = {c.number for c in rules.approved_change_orders(con, [pid], as_of=on)}
    assert (10 in listed) is counted
    assert rules.counts_on("void", date(2026, 11, 5), on, VOIDED[10]) is counted
    assert not {12, 13} & listed
    assert not rules.counts_on("void", None, on, VOIDED[12])
    assert not rules.counts_on("void", date(2026, 11, 5), on, None)  # no void date: never
    with_10 = budget.project_health(con, REF, as_of=on).approved_change_orders_cents
    assert with_10 == sum(c.amount_cents for c in rules.approved_change_orders(con, [pid], as_of=on))


def test_only_approved_change_orders_are_voided_with_a_decision_date() -> None:
    """The rule's premise: ``void`` starts from draft, sent or approved, and of those only ``approve`` sets a
    decision (``reject`` leads to rejected, which cannot be voided; invoiced ones cannot be voided)."""
    starts, target = rules.CO_TRANSITIONS["void"]
    assert target == "void" and set(starts) == {*rules.CO_PENDING, "approved"}
    deciding = {action for action, (_, to) in rules.CO_TRANSITIONS.items() if to in rules.CO_DECIDED}
    assert deciding == {"approve", "reject", "invoice"}
    assert rules.CO_TRANSITIONS["reject"][1] not in starts
    assert rules.CO_TRANSITIONS["invoice"][1] not in starts


def test_python_predicate_and_sql_fragments_agree(book: Store) -> None:
    """``counts_on`` (one change order in hand) says what the SQL says; "approved between" is "counts at
    the end and not at the start"; "unbilled" is counted and not invoiced by the date."""
    con = connect(book)
    pid = _pid(book)
    for on in DATES:
        by_sql = {c.number for c in rules.approved_change_orders(con, [pid], as_of=on)}
        by_python = {
            n for n, st, _, _, decided, _ in CHANGE_ORDERS if rules.counts_on(st, decided, on, VOIDED.get(n))
        }
        assert by_sql == by_python, on
        for after in DATES:
            if after < on:
                before = {c.number for c in rules.approved_change_orders(con, [pid], as_of=after)}
                window = rules.approved_change_orders(con, [pid], as_of=on, after=after)
                assert {c.number for c in window} == by_sql - before, (after, on)
        frag, ps = rules.unbilled_as_of(on)
        unbilled = {n for (n,) in rows(con, f"SELECT number FROM change_order WHERE {frag}", ps)}
        billed = {n for n, st, _, _, _, inv in CHANGE_ORDERS if st in rules.CO_BILLED and inv and inv <= on}
        assert unbilled == by_sql - billed, on


def test_status_sets_partition_the_lifecycle() -> None:
    co = set(rules.CO_STATUSES)
    assert set(rules.CO_PENDING) | set(rules.CO_APPROVED) | set(rules.CO_DROPPED) == co
    assert not set(rules.CO_PENDING) & set(rules.CO_APPROVED) and not set(rules.CO_APPROVED) & set(
        rules.CO_DROPPED
    )
    assert set(rules.CO_DECIDED) <= co and set(rules.CO_BILLED) <= set(rules.CO_APPROVED)
    assert sorted(rules.CO_WORK_ORDER) == sorted(rules.CO_STATUSES)
    for starts, target in rules.CO_TRANSITIONS.values():
        assert set(starts) <= co and target in (*rules.CO_STATUSES, "")
    inv = set(rules.INVOICE_STATUSES)
    assert set(rules.INVOICE_OPEN) <= set(rules.INVOICE_ISSUED) <= inv
    assert set(rules.INVOICE_SETTLED) <= set(rules.INVOICE_ISSUED)
    assert inv - set(rules.INVOICE_ISSUED) == {"draft", "void"}
    assert rules.INVOICE_LISTABLE == (*rules.INVOICE_STATUSES, "overdue")


# ---------------------------------------------------------------------------------------------- consumers


def test_every_consumer_counts_what_the_rule_counts(book: Store) -> None:
    """Budget health (session and sqlite3), reconciliation, scope, the brief's budget: the same approved
    figure as the rule, on every date; the check-in's month is the rule at its end minus at its start."""
    pid = _pid(book)
    con = connect(book)
    with book.read() as s:
        project = get_project(s, REF)
        for on in DATES:
            t = _rule(con, pid, on)
            for db in (s, con):
                h = budget.project_health(db, REF, as_of=on)
                assert (h.approved_change_orders_cents, h.pending_change_orders_cents) == (
                    t.approved_cents,
                    t.pending_cents,
                ), on
                assert h.current_budget_cents == BUDGET + t.approved_cents
                assert budget.book_health(db, as_of=on)[0].approved_change_orders_cents == t.approved_cents
            r = reconcile.reconcile(con, REF, as_of=on).projects[0]
            assert r.delivered_cents == BUDGET + t.approved_cents, on  # 100% of the current fee
            # A fixed fee's change orders join the fee (its default terms): none is billed on its own line.
            assert r.uninvoiced_change_orders == [] and r.uninvoiced_change_orders_cents == 0
            sc = scope.scope(s, REF, as_of=on)[0]
            assert sc.approved_change_orders_cents == t.approved_cents, on
            # Every approved hour comes off the overrun, one for one (the overrun never reaches zero here).
            assert sc.over_estimate_minutes + t.approved_minutes == IN_SCOPE_MINUTES - BUDGET_MINUTES, on
            b = project_budget(s, project, as_of=on)
            assert b.approved_changes_cents == t.approved_cents, on
            listed = rules.approved_change_orders(con, [pid], as_of=on)
            assert [c.number for c in b.changes] == [c.number for c in listed]
        moves = checkin.month_checkin(s, "2026-11", target=REF, as_of=TODAY)[0]
        month = _rule(con, pid, TODAY).approved_cents - _rule(con, pid, date(2026, 10, 31)).approved_cents
        assert (
            moves.change_orders_approved_cents
            == month
            == 1_000_00 + 200_00 + 400_00 + 800_00 + 50_00 - 150_00
        )
        assert [c.number for c in moves.change_orders_approved] == [
            "CO-1",
            "CO-2",
            "CO-3",
            "CO-4",
            "CO-5",
            "CO-11",
        ]
        brief = prefill(s, project, TODAY)["budget"]
        assert f"**Budget:** {format_money(BUDGET + _rule(con, pid, TODAY).approved_cents, 'USD')}" in brief


def test_scope_as_of_no_longer_counts_hours_approved_later(book: Store) -> None:
    """The fix: on 11-15, CO-3's 4 hours (approved 11-20) do not yet cover the overrun; on 11-20 they do,
    and CO-10's hour (voided 11-18) no longer does."""
    with book.read() as s:
        before, after = (
            scope.scope(s, REF, as_of=on)[0].over_estimate_minutes for on in (AS_OF, date(2026, 11, 20))
        )
    assert before - after == 240 - 60


def test_co_show_json_uses_the_rule(book: Store, cli: Cli) -> None:
    """``co show --json``: the budget and the hours "with and without" are the rule's figures today, and a
    change order counts in them exactly when the rule counts it."""
    t = _rule(connect(book), _pid(book), TODAY)
    for n, status, cents, minutes, decided, _ in CHANGE_ORDERS:
        i = json.loads(cli.ok("co", "show", f"CO-{n}", "--json"))["impact"]
        assert i["approved_change_orders_cents"] == t.approved_cents
        assert i["current_budget_cents"] == BUDGET + t.approved_cents
        assert i["budget_with_cents"] - i["budget_without_cents"] == cents
        now = BUDGET_MINUTES + t.approved_minutes
        if rules.counts_on(status, decided, TODAY, VOIDED.get(n)):
            assert (i["budget_with_cents"], i["minutes_with"]) == (BUDGET + t.approved_cents, now), n
            assert i["minutes_without"] == now - (minutes or 0)
        else:
            assert (i["budget_without_cents"], i["minutes_without"]) == (BUDGET + t.approved_cents, now), n


def test_the_demo_book_agrees_with_the_rule(demo_store: Store, demo_path: Path) -> None:
    """Every project of the demo book, on dates around its change orders' decisions."""
    con = connect(demo_path)
    found = con.execute("SELECT decided_on FROM change_order WHERE decided_on IS NOT NULL")
    decided = {date.fromisoformat(d) for (d,) in found}
    dates = sorted({TODAY, *decided, *(d - timedelta(days=1) for d in decided)})
    assert len(decided) >= 2
    refs = [
        f"{a}/{p}"
        for a, p in con.execute("SELECT a.slug, p.slug FROM project p JOIN account a ON a.id = p.account_id")
    ]
    with demo_store.read() as s:
        for on in dates:
            every = change_order_totals(con, on)
            health = {h.project: h for h in budget.book_health(con, as_of=on)}
            recon = {r.project: r for r in reconcile.reconcile(con, as_of=on).projects}
            scopes = {x.project: x for x in scope.scope(s, as_of=on, include_clean=True)}
            for ref in refs:
                p = get_project(s, ref)
                assert p.id is not None
                t = every.get(p.id, ChangeOrderTotals())
                if ref in health:
                    assert health[ref].approved_change_orders_cents == t.approved_cents, (ref, on)
                    assert health[ref].pending_change_orders_cents == t.pending_cents, (ref, on)
                if ref in scopes:
                    assert scopes[ref].approved_change_orders_cents == t.approved_cents, (ref, on)
                if ref in recon and p.billing == "fixed":
                    # Earned = % complete then × (original + the change orders the rule counts then).
                    complete = budget.budget_complete_bps(con, [p], as_of=on).get(p.id)
                    fee = p.budget_cents + t.approved_cents
                    want = (
                        0
                        if complete is None or (p.start_on and p.start_on > on)
                        else percent_of(fee, complete)
                    )
                    assert recon[ref].delivered_cents == want, (ref, on)
                assert project_budget(s, p, as_of=on).approved_changes_cents == t.approved_cents, (ref, on)
    with demo_store.read() as s:
        for m in checkin.month_checkin(s, "2026-11", as_of=TODAY):
            pid = get_project(s, m.project).id or 0
            month = _rule(con, pid, m.as_of).approved_cents - _rule(con, pid, m.previous_as_of).approved_cents
            assert m.change_orders_approved_cents == month, m.project
        assert any(m.change_orders_approved for m in checkin.month_checkin(s, "2026-11", as_of=TODAY))


# ---------------------------------------------------------------------------------------------- one spelling

SRC = Path(__file__).resolve().parents[3] / "src" / "amtui"
RULES = SRC / "services" / "money" / "rules.py"
MIGRATIONS = SRC / "store" / "migrations"
STATUSES = {*rules.CO_STATUSES, *rules.INVOICE_STATUSES}
SQL_STATUS_LIST = re.compile(r"\bIN\s*\(\s*'", re.IGNORECASE)
SQL_APPROVED = re.compile(r"'(approved|invoiced)'")


def _spelled_elsewhere() -> list[str]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if path == RULES or MIGRATIONS in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            where = f"{path.relative_to(SRC)}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.Tuple | ast.List | ast.Set):
                words = [
                    e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
                ]
                if len(words) >= 2 and all(w in STATUSES for w in words):
                    found.append(f"{where}: status list {tuple(words)}")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                if SQL_STATUS_LIST.search(node.value) or SQL_APPROVED.search(node.value):
                    found.append(f"{where}: SQL status literal {node.value[:60]!r}")
    return found


def test_status_sets_are_spelled_only_in_the_rules() -> None:
    """No tuple of change-order or invoice statuses and no SQL ``IN ('…')`` / ``'approved'`` literal outside
    ``services/money/rules.py`` (and the migrations, which are history)."""
    assert _spelled_elsewhere() == []


def test_the_scan_finds_what_it_looks_for() -> None:
    """The scan is not vacuous: the spellings it forbids are found in rules.py itself."""
    tree = ast.parse(RULES.read_text())
    lists = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Tuple)
        and sum(isinstance(e, ast.Constant) and e.value in STATUSES for e in n.elts) >= 2
    ]
    assert len(lists) >= 8
    assert SQL_STATUS_LIST.search("WHERE status IN ('approved', 'invoiced')")
    assert SQL_APPROVED.search("status = 'invoiced' AND invoiced_on > ?")
