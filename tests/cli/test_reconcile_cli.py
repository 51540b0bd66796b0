"""Reconciliation: delivered by billing type, invoiced, paid, uninvoiced, over-billed, overdue, as of."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from amtui.services.base.refs import get_project
from amtui.services.clients import projects
from amtui.services.money.position import percent_of
from amtui.services.money.reconcile import months_elapsed
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


def set_complete(db: Path, ref: str, bp: int, on: date = date(2026, 9, 1)) -> None:
    store = open_store(db)
    try:
        with unit_of_work(store, "test complete") as uow:
            projects.set_complete(uow, get_project(uow.session, ref), bp, on=on)
    finally:
        store.close()


def set_terms(db: Path, ref: str, **terms: str) -> None:
    store = open_store(db)
    try:
        with unit_of_work(store, "test terms") as uow:
            p = get_project(uow.session, ref)
            for k, v in terms.items():
                setattr(p, k, v)
            uow.session.add(p)
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


def test_figures_by_billing_type(book: Cli) -> None:
    p, totals = rows(book, "--as-of", "2026-11-28")
    search, social, launch = p["helios/search"], p["helios/social"], p["northwind/launch"]
    # T&M: earned = billable in-scope time and costs to date (not non-billable, not out of scope); billable =
    # the same through the last month end (monthly in arrears). INV-0001 ($6,000, 10-01) ran ahead of it.
    assert search["delivered_cents"] == 8_500_00 and search["billable_cents"] == 5_000_00
    assert search["invoiced_cents"] == 6_000_00 and search["billable_through"] == "2026-10-31"
    assert (
        search["uninvoiced_cents"] == 0
        and search["billed_ahead_cents"] == search["overbilled_cents"] == 1_000_00
    )
    assert search["wip_cents"] == 2_500_00
    # Retainer, in advance (its default): the months begun since 2026-06-15 (6) × $9,000.
    assert (
        social["billable_cents"] == 54_000_00
        and social["billable_basis"] == "6 months × $9,000.00 in advance"
    )
    assert social["invoiced_cents"] == 18_000_00 and social["paid_cents"] == 18_000_00
    assert social["uninvoiced_cents"] == 36_000_00
    # Fixed fee, by progress: 40% of ($48,000 + approved CO $2,000, which joins the fee).
    assert launch["delivered_cents"] == launch["billable_cents"] == 20_000_00
    assert launch["delivered_basis"] == "40% of $50,000.00"
    assert launch["overbilled_cents"] == 4_000_00 and launch["uninvoiced_cents"] == 0
    assert launch["paid_cents"] == 10_000_00 and launch["outstanding_cents"] == 14_000_00
    assert launch["overdue_cents"] == 14_000_00 and launch["overdue_invoices"] == ["INV-2026-0002"]
    assert launch["uninvoiced_change_orders"] == [] and launch["uninvoiced_change_orders_cents"] == 0
    assert search["overdue_cents"] == 6_000_00  # due 2026-10-31, nothing paid
    (tot,) = totals
    assert tot["currency"] == "USD"
    for key in ("delivered_cents", "billable_cents", "invoiced_cents", "paid_cents", "uninvoiced_cents"):
        assert tot[key] == sum(x[key] for x in p.values()), key
    assert tot["overbilled_cents"] == tot["billed_ahead_cents"] == 5_000_00


def test_as_of_a_past_date(book: Cli) -> None:
    p, _ = rows(book, "--as-of", "2026-09-30")
    search, social, launch = p["helios/search"], p["helios/social"], p["northwind/launch"]
    # A month end: T&M's September is billable; INV-0001 (10-01) bills nothing yet.
    assert search["delivered_cents"] == search["billable_cents"] == 5_000_00 and search["invoiced_cents"] == 0
    assert social["billable_cents"] == 36_000_00 and social["paid_cents"] == 9_000_00
    # INV-2026-0004 (due 2026-09-14) was paid only on 2026-11-20: overdue on 2026-09-30.
    assert social["overdue_cents"] == 9_000_00 and social["overdue_invoices"] == ["INV-2026-0004"]
    assert launch["delivered_cents"] == 19_200_00  # 40% of $48,000 before the change order (10-05)


def test_progress_is_read_as_it_stood(book: Cli) -> None:
    set_complete(book.db, "northwind/launch", 7000, on=date(2026, 11, 1))
    before = rows(book, "northwind/launch", "--as-of", "2026-10-31")[0]["northwind/launch"]
    after = rows(book, "northwind/launch", "--as-of", "2026-11-01")[0]["northwind/launch"]
    assert before["delivered_cents"] == 20_000_00 and after["delivered_cents"] == 35_000_00
    # Before the project started there is no figure at all.
    early = rows(book, "northwind/launch", "--as-of", "2026-08-31")[0]["northwind/launch"]
    assert (early["delivered_cents"], early["billable_cents"], early["started"]) == (0, 0, False)


def test_cap_and_change_order_billed_separately(book: Cli) -> None:
    actuals(book.db, "helios/search", [("time", "2026-11-20", 4_000_00, True, False)])
    p, _ = rows(book, "helios/search", "--as-of", "2026-11-30")
    assert p["helios/search"]["delivered_cents"] == p["helios/search"]["billable_cents"] == 10_000_00
    assert "capped at $10,000.00" in p["helios/search"]["delivered_basis"]
    assert "capped at $10,000.00" in p["helios/search"]["billable_basis"]
    # Billed on approval, CO-1 leaves the fee and is billable in full on its own line from 10-05.
    set_terms(book.db, "northwind/launch", co_billing="on-approval")
    p, _ = rows(book, "northwind/launch", "--as-of", "2026-11-28")
    launch = p["northwind/launch"]
    assert launch["billable_cents"] == 19_200_00 + 2_000_00  # 40% of $48,000, plus CO-1
    assert launch["uninvoiced_change_orders"] == ["CO-1"] and launch["uninvoiced_change_order_amounts"] == [
        2_000_00
    ]
    book.ok("invoice", "add", "northwind/launch", "2000", "--change-order", "CO-1", "--date", "2026-11-01")
    book.ok("invoice", "send", "INV-2026-0005", "--date", "2026-11-01")
    p, _ = rows(book, "northwind", "--as-of", "2026-11-28")
    assert list(p) == ["northwind/launch"]
    assert p["northwind/launch"]["uninvoiced_change_orders"] == []
    assert p["northwind/launch"]["invoiced_cents"] == 26_000_00
    # The CO invoice bills CO-1 from its approval (10-05), whenever it went out.
    p, _ = rows(book, "northwind/launch", "--as-of", "2026-10-20")
    assert p["northwind/launch"]["invoiced_cents"] == 26_000_00
    assert p["northwind/launch"]["uninvoiced_change_orders"] == []


def test_invoices_count_for_the_period_they_bill(book: Cli) -> None:
    actuals(book.db, "helios/search", [("time", "2026-11-20", 1_000_00, True, False)])
    book.ok("invoice", "add", "helios/search", "4500", "--date", "2026-12-01", "--for-month", "2026-11")
    book.ok("invoice", "send", "INV-2026-0005", "--date", "2026-12-01")
    p, _ = rows(book, "helios/search", "--as-of", "2026-11-30")
    search = p["helios/search"]
    # Issued on 1 December, it bills November: nothing of November is left to invoice on 11-30.
    assert search["billable_cents"] == 9_500_00 and search["invoiced_cents"] == 10_500_00
    assert search["uninvoiced_cents"] == 0


def test_credit_notes_reduce_invoiced(book: Cli) -> None:
    book.ok("invoice", "credit", "INV-2026-0001", "1000", "--date", "2026-11-05")
    p, _ = rows(book, "helios/search", "--as-of", "2026-11-28")
    assert p["helios/search"]["invoiced_cents"] == 5_000_00
    assert p["helios/search"]["uninvoiced_cents"] == p["helios/search"]["billed_ahead_cents"] == 0
    assert p["helios/search"]["overdue_cents"] == 5_000_00
    p, _ = rows(book, "helios/search", "--as-of", "2026-11-30")
    assert p["helios/search"]["uninvoiced_cents"] == 3_500_00


def test_table_names_what_to_do(book: Cli) -> None:
    text = book.ok("reconcile", "--as-of", "2026-11-30")
    assert "Reconciliation as of 2026-11-30" in text
    assert (
        "helios/search: $2,500.00 billable, not invoiced (billable time and costs through 2026-11-30)" in text
    )
    assert "amtui invoice add helios/search 2500.00 --through 2026-11-30" in text
    assert "northwind/launch: $4,000.00 invoiced beyond what the terms allow" in text
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
