"""Reconciliation: delivered by billing type, invoiced, paid, uninvoiced, over-billed, overdue, as of."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from amtui.services.base.refs import get_project
from amtui.services.clients import projects
from amtui.services.money.reconcile import months_elapsed, percent_of
from amtui.store import open_store, unit_of_work
from amtui.store.models import CostEntry, TimeEntry
from tests.conftest import Cli, assert_refused


def actuals(db: Path, ref: str, rows: list[tuple[str, str, int, bool, bool]]) -> None:
    """Book (kind, date, cents, billable, out_of_scope) rows straight into the store."""
    store = open_store(db)
    try:
        with unit_of_work(store, "test actuals") as uow:
            pid = get_project(uow.session, ref).id
            assert pid is not None
            for kind, on, cents, billable, oos in rows:
                d = date.fromisoformat(on)
                if kind == "time":
                    uow.session.add(
                        TimeEntry(
                            project_id=pid,
                            entry_date=d,
                            minutes=60,
                            amount_cents=cents,
                            billable=billable,
                            out_of_scope=oos,
                        )
                    )
                else:
                    uow.session.add(
                        CostEntry(
                            project_id=pid,
                            entry_date=d,
                            amount_cents=cents,
                            billable=billable,
                            out_of_scope=oos,
                        )
                    )
    finally:
        store.close()


def set_complete(db: Path, ref: str, bp: int) -> None:
    store = open_store(db)
    try:
        with unit_of_work(store, "test complete") as uow:
            p = get_project(uow.session, ref)
            projects.set_complete(uow, p, bp, on=p.start_on)
    finally:
        store.close()


@pytest.fixture
def book(cli: Cli) -> Cli:
    cli.ok("account", "add", "Helios Bank", "--slug", "helios")
    cli.ok("account", "add", "Northwind", "--slug", "northwind")
    cli.ok(
        "project", "add", "helios/search", "Search", "--budget", "60000", "--billing", "tm", "--cap", "10000"
    )
    cli.ok(
        "project",
        "add",
        "helios/social",
        "Social",
        "--budget",
        "108000",
        "--billing",
        "retainer",
        "--monthly-fee",
        "9000",
        "--start",
        "2026-06-15",
        "--end",
        "2027-06-14",
    )
    cli.ok("project", "add", "northwind/launch", "Launch", "--budget", "48000", "--start", "2026-09-01")
    actuals(
        cli.db,
        "helios/search",
        [
            ("time", "2026-09-10", 5_000_00, True, False),
            ("time", "2026-11-10", 3_000_00, True, False),
            ("cost", "2026-11-11", 500_00, True, False),
            ("time", "2026-11-12", 1_000_00, False, False),  # non-billable
            ("time", "2026-11-13", 700_00, True, True),  # out of scope: not billable without a CO
        ],
    )
    set_complete(cli.db, "northwind/launch", 4000)
    cli.ok("add-change-order", "northwind/launch", "Extra", "--amount", "2000")
    cli.ok("co", "send", "CO-1", "--date", "2026-10-01")
    cli.ok("co", "approve", "CO-1", "--date", "2026-10-05")
    for ref, amount, on in (
        ("helios/search", "6000", "2026-10-01"),
        ("northwind/launch", "24000", "2026-09-01"),
        ("helios/social", "9000", "2026-07-15"),
        ("helios/social", "9000", "2026-08-15"),
    ):
        cli.ok("invoice", "add", ref, amount, "--date", on)
    for n, on in (
        ("0001", "2026-10-01"),
        ("0002", "2026-09-01"),
        ("0003", "2026-07-15"),
        ("0004", "2026-08-15"),
    ):
        cli.ok("invoice", "send", f"INV-2026-{n}", "--date", on)
    cli.ok("invoice", "paid", "INV-2026-0002", "--amount", "10000", "--date", "2026-09-20")
    cli.ok("invoice", "paid", "INV-2026-0003", "--date", "2026-08-01")
    cli.ok("invoice", "paid", "INV-2026-0004", "--date", "2026-11-20")
    return cli


def rows(cli: Cli, *args: str) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    data = json.loads(cli.ok("reconcile", *args, "--json"))
    return {p["project"]: p for p in data["projects"]}, data["totals"]


def test_delivered_by_billing_type(book: Cli) -> None:
    p, totals = rows(book, "--as-of", "2026-11-28")
    search, social, launch = p["helios/search"], p["helios/social"], p["northwind/launch"]
    # T&M: billable in-scope time and costs (not non-billable, not out of scope).
    assert search["delivered_cents"] == 8_500_00 and search["invoiced_cents"] == 6_000_00
    assert search["uninvoiced_cents"] == 2_500_00 and search["overbilled_cents"] == 0
    # Retainer: 5 whole months since 2026-06-15 × $9,000.
    assert social["delivered_cents"] == 45_000_00 and social["delivered_basis"] == "5 months × $9,000.00"
    assert social["invoiced_cents"] == 18_000_00 and social["paid_cents"] == 18_000_00
    assert social["uninvoiced_cents"] == 27_000_00
    # Fixed fee: 40% of ($48,000 + approved CO $2,000).
    assert launch["delivered_cents"] == 20_000_00 and launch["delivered_basis"] == "40% of $50,000.00"
    assert launch["overbilled_cents"] == 4_000_00 and launch["uninvoiced_cents"] == 0
    assert launch["paid_cents"] == 10_000_00 and launch["outstanding_cents"] == 14_000_00
    assert launch["overdue_cents"] == 14_000_00 and launch["overdue_invoices"] == ["INV-2026-0002"]
    assert launch["uninvoiced_change_orders_cents"] == 2_000_00 and launch["uninvoiced_change_orders"] == [
        "CO-1"
    ]
    assert search["overdue_cents"] == 6_000_00  # due 2026-10-31, nothing paid
    assert totals == [
        {
            "currency": "USD",
            "delivered_cents": 73_500_00,
            "invoiced_cents": 48_000_00,
            "paid_cents": 28_000_00,
            "outstanding_cents": 20_000_00,
            "uninvoiced_cents": 29_500_00,
            "overbilled_cents": 4_000_00,
            "overdue_cents": 20_000_00,
            "uninvoiced_change_orders_cents": 2_000_00,
        }
    ]


def test_as_of_a_past_date(book: Cli) -> None:
    p, _ = rows(book, "--as-of", "2026-09-30")
    search, social, launch = p["helios/search"], p["helios/social"], p["northwind/launch"]
    assert search["delivered_cents"] == 5_000_00 and search["invoiced_cents"] == 0
    assert social["delivered_cents"] == 27_000_00 and social["paid_cents"] == 9_000_00
    # INV-2026-0004 (due 2026-09-14) was paid only on 2026-11-20: overdue on 2026-09-30.
    assert social["overdue_cents"] == 9_000_00 and social["overdue_invoices"] == ["INV-2026-0004"]
    assert launch["uninvoiced_change_orders_cents"] == 0  # CO-1 was approved on 2026-10-05
    assert launch["delivered_cents"] == 19_200_00  # 40% of $48,000 before the change order


def test_cap_and_invoiced_change_order(book: Cli) -> None:
    actuals(book.db, "helios/search", [("time", "2026-11-20", 4_000_00, True, False)])
    p, _ = rows(book, "helios/search", "--as-of", "2026-11-28")
    assert p["helios/search"]["delivered_cents"] == 10_000_00
    assert "capped at $10,000.00" in p["helios/search"]["delivered_basis"]
    book.ok("invoice", "add", "northwind/launch", "2000", "--change-order", "CO-1", "--date", "2026-11-01")
    book.ok("invoice", "send", "INV-2026-0005", "--date", "2026-11-01")
    p, _ = rows(book, "northwind", "--as-of", "2026-11-28")
    assert list(p) == ["northwind/launch"]
    assert p["northwind/launch"]["uninvoiced_change_orders_cents"] == 0
    assert p["northwind/launch"]["invoiced_cents"] == 26_000_00
    # Before the change order was invoiced, it still shows as approved and not invoiced.
    p, _ = rows(book, "northwind/launch", "--as-of", "2026-10-20")
    assert p["northwind/launch"]["uninvoiced_change_orders"] == ["CO-1"]


def test_credit_notes_reduce_invoiced(book: Cli) -> None:
    book.ok("invoice", "credit", "INV-2026-0001", "1000", "--date", "2026-11-05")
    p, _ = rows(book, "helios/search", "--as-of", "2026-11-28")
    assert p["helios/search"]["invoiced_cents"] == 5_000_00
    assert p["helios/search"]["uninvoiced_cents"] == 3_500_00
    assert p["helios/search"]["overdue_cents"] == 5_000_00


def test_table_names_what_to_do(book: Cli) -> None:
    text = book.ok("reconcile", "--as-of", "2026-11-28")
    assert "Reconciliation as of 2026-11-28" in text
    assert "helios/search: $2,500.00 delivered, not invoiced" in text
    assert "amtui invoice add helios/search 2500.00" in text
    assert "northwind/launch: approved, not invoiced: CO-1 ($2,000.00)" in text
    assert "northwind/launch: overdue INV-2026-0002" in text


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (("reconcile", "ghost"), 1, "no account or project"),
        (("reconcile", "helios/ghost"), 1, "no project"),
        (("reconcile", "--as-of", "31/12/2026"), 2, "ambiguous"),
        (("reconcile", "--as-of", "soon"), 2, "not a date"),
    ],
)
def test_bad_input(cli: Cli, args: tuple[str, ...], code: int, fragment: str) -> None:
    cli.ok("account", "add", "Helios Bank", "--slug", "helios")
    assert_refused(cli, args, code, fragment)


@pytest.mark.parametrize(
    ("start", "as_of", "end", "months"),
    [
        ("2026-06-15", "2026-11-28", None, 5),
        ("2026-06-15", "2026-11-14", None, 4),
        ("2026-06-15", "2026-11-15", None, 5),
        ("2026-01-31", "2026-02-28", None, 1),
        ("2026-06-15", "2026-06-01", None, 0),
        ("2025-01-01", "2026-11-28", "2025-12-31", 12),
        ("2026-01-01", "2026-11-28", "2026-03-10", 3),
    ],
)
def test_months_elapsed(start: str, as_of: str, end: str | None, months: int) -> None:
    got = months_elapsed(
        date.fromisoformat(start), date.fromisoformat(as_of), date.fromisoformat(end) if end else None
    )
    assert got == months


def test_percent_of_rounds_half_up() -> None:
    assert (
        percent_of(10_001, 5000) == 5_001 and percent_of(10_000, 3333) == 3_333 and percent_of(3, 5000) == 2
    )
