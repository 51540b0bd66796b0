"""``amtui check``: SQLite's checks and the domain invariants, each failing on a real broken book."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

import pytest

from amtui.services.trust.checks import REGISTRY, invariant
from tests.conftest import Cli, connect


def test_the_demo_book_passes(demo_cli: Cli) -> None:
    out = demo_cli.ok("check")
    assert "FAIL" not in out and "ok    sqlite" in out
    data = json.loads(demo_cli.ok("check", "--json"))
    assert data["ok"] is True
    names = {c["name"] for c in data["checks"]}
    assert {"sqlite", "payments-within-invoice", "one-primary-contact", "contact-dates"} <= names


def _sql(*statements: str) -> Callable[[sqlite3.Connection], None]:
    def run(con: sqlite3.Connection) -> None:
        for s in statements:
            con.execute(s)

    return run


BREAKS = [
    (
        "payments-within-invoice",
        _sql(
            "INSERT INTO invoice (id, number, project_id, amount_cents, currency, issued_on, status, "
            "created_at) VALUES (9001, 'INV-1', 1, 100000, 'USD', '2026-11-01', 'sent', "
            "'2026-11-01 00:00:00')",
            "INSERT INTO payment (invoice_id, amount_cents, paid_on, created_at) "
            "VALUES (9001, 60000, '2026-11-02', '2026-11-02 00:00:00'), "
            "(9001, 50000, '2026-11-03', '2026-11-03 00:00:00')",
        ),
        "invoice INV-1: paid $1,100.00 of $1,000.00",
    ),
    (
        "no-time-after-archive",
        _sql(
            "UPDATE project SET status='archived', archived_at='2026-11-01 10:00:00.000000' WHERE id=1",
            "INSERT INTO time_entry (project_id, entry_date, minutes, rate_cents, amount_cents, billable, "
            "out_of_scope, source, created_at) "
            "VALUES (1, '2026-11-05', 60, 100, 100, TRUE, FALSE, 'cli', '2026-11-05 00:00:00')",
        ),
        "time entries after it was archived (first 2026-11-0",
    ),
    (
        "contact-dates",
        _sql("UPDATE contact SET joined_on='2026-01-10', left_on='2026-01-01' WHERE name='Olivia Tran'"),
        "helios: Olivia Tran left on 2026-01-01 before joining on 2026-01-10",
    ),
    (
        "one-primary-contact",
        _sql("UPDATE contact SET is_primary=TRUE WHERE name='Raj Mehta'"),
        "helios: 2 current primary contacts",
    ),
    (
        "decided-change-orders",
        _sql(
            "INSERT INTO change_order (number, project_id, title, kind, amount_cents, status, created_at) "
            "VALUES (907, 1, 'Extra', 'add', 100, 'approved', '2026-11-01 00:00:00')"
        ),
        "CO-907 is approved but has no decision date",
    ),
    (
        "time-cost",
        _sql(
            "UPDATE time_entry SET cost_cents = cost_cents + 1 "
            "WHERE id = (SELECT min(id) FROM time_entry WHERE note = 'Summer campaign: kickoff prep')"
        ),
        "project northwind/summer-campaign: 1 time entry whose cost is not minutes × cost rate (first #",
    ),
    pytest.param(
        "sqlite",
        _sql(
            "PRAGMA foreign_keys=OFF",
            "INSERT INTO interaction (account_id, kind, occurred_on, summary, created_at) "
            "VALUES (999, 'note', '2026-11-01', 'orphan', '2026-11-01 00:00:00')",
        ),
        "foreign key: interaction row",
        marks=pytest.mark.sqlite_only(
            "SQLite's own checks, PRAGMA foreign_keys off: PostgreSQL refuses the row"
        ),
    ),
]


@pytest.mark.parametrize(
    ("name", "breaker", "problem"), BREAKS, ids=[getattr(b, "values", b)[0] for b in BREAKS]
)
def test_each_invariant_catches_its_breakage(
    demo_cli: Cli, name: str, breaker: Callable[[sqlite3.Connection], None], problem: str
) -> None:
    con = connect(demo_cli.db)
    breaker(con)
    con.commit()
    con.close()
    r = demo_cli("check")
    assert r.code == 1
    assert r.stderr.strip().startswith("amtui: the book fails 1 check(s)")
    assert f"FAIL  {name}" in r.stdout and problem in r.stdout
    data = json.loads(demo_cli("check", "--json").stdout)
    failed = [c for c in data["checks"] if not c["ok"]]
    assert [c["name"] for c in failed] == [name]


def test_other_capabilities_can_register_invariants(demo_cli: Cli) -> None:
    @invariant("zz-test", "a test invariant")
    def _always(_session: object) -> list[str]:
        return ["something is off"]

    try:
        r = demo_cli("check")
        assert (
            r.code == 1 and "FAIL  zz-test: a test invariant" in r.stdout and "something is off" in r.stdout
        )
    finally:
        del REGISTRY["zz-test"]
    assert demo_cli("check").code == 0
