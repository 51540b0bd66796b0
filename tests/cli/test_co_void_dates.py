"""A change order approved and later voided counted towards the budget from its decision until its void
date (:mod:`amtui.services.money.rules`): ``budget --as-of`` shows it in between, and ``co void --date``
refuses a date before the approval or after today."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Cli, assert_refused

REF = "northwind/spring"


@pytest.fixture
def book(cli: Cli) -> Cli:
    cli.ok("account", "add", "Northwind", "--slug", "northwind")
    cli.ok(
        "project", "add", REF, "Spring", "--budget", "48000", "--start", "2026-09-01", "--end", "2027-03-01"
    )
    cli.ok("add-change-order", REF, "Extra banners", "--amount", "4500")
    cli.ok("co", "send", "CO-1", "--date", "2026-10-01")
    cli.ok("co", "approve", "CO-1", "--date", "2026-10-10")
    return cli


def _current(cli: Cli, on: str) -> int:
    return int(json.loads(cli.ok("budget", REF, "--as-of", on, "--json"))[0]["current_budget_cents"])


def test_a_voided_approval_counts_until_its_void_date(book: Cli) -> None:
    book.ok("co", "void", "CO-1", "--date", "2026-11-05")
    assert _current(book, "2026-10-09") == 48_000_00  # before the approval
    assert _current(book, "2026-10-10") == 52_500_00  # approved that day
    assert _current(book, "2026-11-04") == 52_500_00  # still part of the budget
    assert _current(book, "2026-11-05") == 48_000_00  # void from that day
    assert _current(book, "2026-11-28") == 48_000_00


@pytest.mark.parametrize(
    ("date_", "fragment"),
    [("2026-10-09", "before CO-1 was approved"), ("2026-12-01", "in the future")],
)
def test_void_dates_that_cannot_be_true_are_refused(book: Cli, date_: str, fragment: str) -> None:
    assert_refused(book, ("co", "void", "CO-1", "--date", date_), 2, fragment)
