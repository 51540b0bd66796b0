"""Change orders: numbering, impact, the state machine, locking, the client document, bad input."""

from __future__ import annotations

import json
import stat
from datetime import date
from pathlib import Path

import pytest

from amtui.services.base.refs import get_project
from amtui.store import open_store, unit_of_work
from amtui.store.models import CostEntry, TimeEntry
from tests.conftest import Cli, assert_refused


def book_actuals(db: Path, ref: str, *, time_cents: int = 0, cost_cents: int = 0) -> None:
    """Book actuals straight into the store (the time/cost one-liners belong to another capability)."""
    store = open_store(db)
    try:
        with unit_of_work(store, "test actuals") as uow:
            pid = get_project(uow.session, ref).id
            assert pid is not None
            if time_cents:
                uow.session.add(
                    TimeEntry(
                        project_id=pid, entry_date=date(2026, 11, 2), minutes=60, amount_cents=time_cents
                    )
                )
            if cost_cents:
                uow.session.add(
                    CostEntry(project_id=pid, entry_date=date(2026, 11, 3), amount_cents=cost_cents)
                )
    finally:
        store.close()


@pytest.fixture
def book(cli: Cli) -> Cli:
    cli.ok("account", "add", "Northwind Outfitters", "--slug", "northwind")
    cli.ok("contact", "add", "northwind", "Dana Ruiz", "--role", "Marketing Director", "--primary")
    cli.ok(
        "project",
        "add",
        "northwind/spring-launch",
        "Spring Launch",
        "--budget",
        "48000",
        "--hours",
        "320",
        "--start",
        "2026-10-01",
        "--end",
        "2027-01-10",
    )
    cli.ok("project", "add", "northwind/other", "Other", "--budget", "10000")
    # 91% burnt: $43,680 of $48,000.
    book_actuals(cli.db, "northwind/spring-launch", time_cents=40_000_00, cost_cents=3_680_00)
    return cli


def add_co(cli: Cli, *extra: str, title: str = "Six extra banner sizes", amount: str = "4500") -> str:
    out = cli.ok("add-change-order", "spring-launch", title, "--amount", amount, *extra)
    return out.split()[0]


def test_add_prints_number_and_impact(book: Cli) -> None:
    out = book.ok(
        "add-change-order",
        "northwind/spring-launch",
        "Six extra banner sizes",
        "--amount",
        "4500",
        "--hours",
        "30",
        "--days",
        "5",
        "--reason",
        "Retail partners need more formats",
        "--requested-by",
        "Dana Ruiz",
    )
    lines = out.splitlines()
    assert lines[0] == "CO-1 drafted for northwind/spring-launch: Six extra banner sizes · +$4,500.00 · 30h"
    assert lines[1] == (
        "If approved: budget $52,500.00 (+$4,500.00) · burn 91% → 83% · end 2027-01-10 → 2027-01-15 (+5 days)"
    )
    assert add_co(book) == "CO-2"
    # Numbers are unique across the book, not per project.
    other = book.ok("add-change-order", "northwind/other", "Extra", "--amount", "100")
    assert other.startswith("CO-3 ")


def test_full_lifecycle_records_who_and_when(book: Cli) -> None:
    add_co(book, "--days", "5", "--hours", "30")
    sent = book.ok("co", "send", "CO-1", "--date", "2026-11-19")
    assert sent.startswith("CO-1 sent to Dana Ruiz on 2026-11-19: waiting for a decision")
    out = book.ok("co", "approve", "co-1", "--by", "Sam Patel", "--date", "2026-11-28")
    assert out.strip() == (
        "CO-1 approved by Sam Patel on 2026-11-28: budget now $52,500.00 (+$4,500.00) · burn 91% → 83%"
        " · project end 2027-01-10 → 2027-01-15 (+5 days)"
    )
    shown = json.loads(book.ok("co", "show", "CO-1", "--json"))
    co, impact = shown["change_order"], shown["impact"]
    assert (co["status"], co["sent_on"], co["sent_to"]) == ("approved", "2026-11-19", "Dana Ruiz")
    assert (co["decided_on"], co["decided_by"]) == ("2026-11-28", "Sam Patel")
    assert impact["current_budget_cents"] == 52_500_00 and impact["approved_change_orders_cents"] == 4_500_00
    assert impact["minutes_without"] == 320 * 60 and impact["minutes_with"] == 350 * 60
    project = json.loads(book.ok("project", "show", "spring-launch", "--json"))
    assert project["end_on"] == "2027-01-15" and project["budget_cents"] == 48_000_00


def test_reject_and_void(book: Cli) -> None:
    add_co(book)
    add_co(book, title="Second")
    book.ok("co", "send", "CO-1")
    out = book.ok("co", "reject", "CO-1", "--by", "Dana Ruiz")
    assert "CO-1 rejected by Dana Ruiz on " in out and "budget stays $48,000.00 · burn stays 91%" in out
    out = book.ok("co", "void", "CO-2", "--reason", "client changed their mind")
    assert out.strip() == "CO-2 void: the budget is unchanged ($48,000.00)"
    rows = json.loads(book.ok("co", "list", "--json"))
    assert [(r["number"], r["status"]) for r in rows] == [("CO-2", "void"), ("CO-1", "rejected")]
    assert rows[0]["void_reason"] == "client changed their mind"
    assert [r["number"] for r in json.loads(book.ok("co", "list", "--status", "void", "--json"))] == ["CO-2"]
    assert json.loads(book.ok("co", "list", "northwind/other", "--json")) == []
    assert len(json.loads(book.ok("co", "list", "northwind", "--json"))) == 2


def test_voiding_an_approved_change_order_takes_it_out_of_the_budget(book: Cli) -> None:
    add_co(book, "--days", "5")
    book.ok("co", "send", "CO-1")
    book.ok("co", "approve", "CO-1")
    out = book.ok("co", "void", "CO-1")
    assert "budget back to $48,000.00 (-$4,500.00) · burn 83% → 91%" in out
    # Change-order days are working days: the end was a Sunday (10 Jan), +5 → Friday 15; voiding puts back
    # the end date the approval moved, exactly: Sunday 10 (not five working days off Friday 15: Friday 8).
    assert "project end 2027-01-15 → 2027-01-10 (-5 days)" in out
    assert json.loads(book.ok("project", "show", "spring-launch", "--json"))["end_on"] == "2027-01-10"


def test_voiding_after_the_end_date_was_moved_again_counts_the_working_days_back(book: Cli) -> None:
    add_co(book, "--days", "5")
    book.ok("co", "send", "CO-1")
    book.ok("co", "approve", "CO-1")  # Sun 10 Jan → Fri 15
    book.ok("project", "edit", "spring-launch", "--end", "2027-01-22")  # the AM moved it since (a Friday)
    out = book.ok("co", "void", "CO-1")
    assert "project end 2027-01-22 → 2027-01-15 (-5 days)" in out


def test_remove_lowers_the_budget(book: Cli) -> None:
    out = book.ok(
        "add-change-order", "spring-launch", "Drop the radio spot", "--amount", "3000", "--type", "remove"
    )
    assert "-$3,000.00" in out and "budget $45,000.00 (-$3,000.00)" in out
    book.ok("co", "send", "CO-1")
    book.ok("co", "approve", "CO-1")
    assert json.loads(book.ok("co", "show", "CO-1", "--json"))["impact"]["current_budget_cents"] == 45_000_00


def test_sent_orders_can_be_corrected_approved_ones_are_locked(book: Cli) -> None:
    add_co(book)
    book.ok("co", "send", "CO-1")
    out = book.ok("co", "edit", "CO-1", "--amount", "5000")
    assert "budget $53,000.00 (+$5,000.00)" in out
    book.ok("co", "approve", "CO-1")
    assert_refused(book, ("co", "edit", "CO-1", "--amount", "6000"), 1, "locked")


def test_list_shows_how_long_a_sent_order_waits(book: Cli) -> None:
    add_co(book)
    book.ok("co", "send", "CO-1", "--date", "-9d")
    assert "(9d waiting)" in book.ok("co", "list")


def test_export_markdown_to_stdout_and_private_file(book: Cli, tmp_path: Path) -> None:
    add_co(book, "--hours", "30", "--days", "5", "--reason", "Retail partners need more formats")
    md = book.ok("co", "export", "CO-1", "--format", "md", "--date", "2026-11-28")
    assert md.startswith("# Change order CO-1: Six extra banner sizes")
    for expected in (
        "| Client | Northwind Outfitters |",
        "| Project | Spring Launch (northwind/spring-launch) |",
        "| Date | 2026-11-28 |",
        "## What changes",
        "Retail partners need more formats",
        "## What stays the same",
        "| Fee | $48,000.00 | $52,500.00 | +$4,500.00 |",
        "| Hours | 320h | 350h | +30h |",
        "| End date | 2027-01-10 | 2027-01-15 | +5 days |",
        "Original fee $48,000.00 + this change order $4,500.00 = **$52,500.00**",
        "| Signature | | |",
    ):
        assert expected in md, expected
    target = tmp_path / "co-1.md"
    out = book.ok("co", "export", "CO-1", "--out", str(target))
    assert out.startswith("Wrote CO-1 to ")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text().startswith("# Change order CO-1")


def test_export_names_the_agency_from_the_config(book: Cli, tmp_path: Path) -> None:
    import os

    from amtui.core import config

    cfg = Path(os.environ["AMTUI_CONFIG"])
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text('[agency]\nname = "Brightline Digital"\n')
    config._load.cache_clear()
    add_co(book)
    assert "| Agency | Brightline Digital |" in book.ok("co", "export", "CO-1")


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (("co", "show", "CO-99"), 1, "no change order CO-99"),
        (("co", "show", "banana"), 2, "not a change order reference"),
        (("co", "approve", "CO-1"), 1, "send it to the client first"),  # a draft
        (("co", "approve", "CO-2"), 1, "rejected"),
        (("co", "approve", "CO-3"), 1, "approved already"),
        (("co", "send", "CO-3"), 1, "locked"),
        (("co", "reject", "CO-3"), 1, "locked"),
        (("co", "edit", "CO-3", "--title", "x"), 1, "locked"),
        (("co", "void", "CO-2"), 1, "rejected"),
        (("co", "void", "CO-4"), 1, "void"),
        (("co", "send", "CO-4"), 1, "void"),
        (("co", "approve", "CO-5", "--date", "2026-01-01"), 2, "before CO-5 was sent"),
        (("co", "approve", "CO-5", "--date", "someday"), 2, "not a date"),
        (("co", "send", "CO-5"), 1, "sent already"),
        (("add-change-order", "ghost", "X", "--amount", "10"), 1, "no project"),
        (("add-change-order", "northwind/ghost", "X", "--amount", "10"), 1, "no project"),
        (("add-change-order", "spring-launch", "X", "--amount", "4.500,00"), 2, "dot for decimals"),
        (("add-change-order", "spring-launch", "X", "--amount", "abc"), 2, "not an amount"),
        (("add-change-order", "spring-launch", "X", "--amount", "-10"), 2, "--type modify"),
        (("add-change-order", "spring-launch", "X"), 2, "--amount"),
        (("add-change-order", "spring-launch", " ", "--amount", "10"), 2, "title is empty"),
        (("add-change-order", "spring-launch", "X", "--amount", "10", "--hours", "-3"), 2, "hours"),
        (
            ("add-change-order", "spring-launch", "X", "--amount", "10", "--type", "swap"),
            2,
            "change order type",
        ),
        (("add-change-order", "spring-launch", "X", "--amount", "10", "--days", "9999"), 2, "not plausible"),
        (("add-change-order", "spring-launch", "X", "--amount", "10", "--days", "five"), 2, "days"),
        (("co", "export", "CO-1", "--format", "pdf"), 2, "unknown format"),
        (("co", "list", "--status", "pending"), 2, "unknown status"),
        (("co", "list", "ghost"), 1, "no account or project"),
    ],
)
def test_bad_input_is_refused(book: Cli, args: tuple[str, ...], code: int, fragment: str) -> None:
    add_co(book)  # CO-1 draft
    add_co(book, title="Rejected one")  # CO-2
    book.ok("co", "send", "CO-2")
    book.ok("co", "reject", "CO-2")
    add_co(book, title="Approved one")  # CO-3
    book.ok("co", "send", "CO-3")
    book.ok("co", "approve", "CO-3")
    add_co(book, title="Void one")  # CO-4
    book.ok("co", "void", "CO-4")
    add_co(book, title="Sent one")  # CO-5
    book.ok("co", "send", "CO-5", "--date", "2026-11-01")
    assert_refused(book, args, code, fragment)


def test_modify_may_lower_the_fee(book: Cli) -> None:
    out = book.ok("add-change-order", "spring-launch", "Swap formats", "--amount", "-500", "--type", "modify")
    assert "-$500.00" in out


def test_approval_moves_open_milestones_after_the_decision(book: Cli) -> None:
    book.ok("milestone", "add", "spring-launch", "Storyboards", "--due", "2026-10-20")
    book.ok("milestone", "add", "spring-launch", "Launch", "--due", "2027-01-05")
    add_co(book, "--days", "5")
    book.ok("co", "send", "CO-1", "--date", "2026-11-20")
    out = book.ok("co", "approve", "CO-1", "--date", "2026-11-25")
    assert "project end 2027-01-10 → 2027-01-15 (+5 days) · 1 milestone moved" in out
    dues = {
        m["name"]: m["due_on"] for m in json.loads(book.ok("milestone", "list", "spring-launch", "--json"))
    }
    assert dues == {"Storyboards": "2026-10-20", "Launch": "2027-01-12"}  # Tue 5 Jan + 5 working days
    out = book.ok("co", "void", "CO-1")
    assert "1 milestone moved" in out
    dues = {
        m["name"]: m["due_on"] for m in json.loads(book.ok("milestone", "list", "spring-launch", "--json"))
    }
    assert dues["Launch"] == "2027-01-05"


def test_decision_in_the_future_is_refused(book: Cli) -> None:
    add_co(book)
    book.ok("co", "send", "CO-1")
    assert_refused(book, ("co", "approve", "CO-1", "--date", "+3d"), 2, "in the future")
