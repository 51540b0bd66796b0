"""``amtui project edit``: every field it may change, the answer it gives, the input it refuses."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Cli, assert_refused, connect


@pytest.fixture
def book(cli: Cli) -> Cli:
    cli.ok("account", "add", "Northwind", "--slug", "northwind")
    cli.ok(
        "project",
        "add",
        "northwind/spring",
        "Spring",
        "--budget",
        "48000",
        "--start",
        "2026-03-01",
        "--end",
        "2026-06-30",
        "--code",
        "NW-1",
    )
    cli.ok("project", "add", "northwind/other", "Other", "--budget", "1000", "--code", "NW-2")
    return cli


def test_edit_complete_budget_and_more(book: Cli) -> None:
    out = book.ok("project", "edit", "spring", "--complete", "40%", "--budget", "50,000")
    assert out.strip() == "Updated northwind/spring: budget $48,000.00 → $50,000.00 · complete — → 40%"
    book.ok(
        "project",
        "edit",
        "northwind/spring",
        "--name",
        "Spring Launch",
        "--hours",
        "320",
        "--rate",
        "150",
        "--cap",
        "55000",
        "--code",
        "NW-SPR",
        "--end",
        "2026-07-31",
        "--billing",
        "tm",
        "--monthly-fee",
        "9000",
        "--monthly-hours",
        "60",
        "--complete",
        "12.5",
    )
    p = json.loads(book.ok("project", "show", "spring", "--json"))
    assert (p["name"], p["budget_cents"], p["budget_minutes"], p["rate_cents"]) == (
        "Spring Launch",
        5_000_000,
        320 * 60,
        15_000,
    )
    assert (p["cap_cents"], p["code"], p["end_on"], p["billing"], p["complete_bp"]) == (
        5_500_000,
        "NW-SPR",
        "2026-07-31",
        "tm",
        1250,
    )
    assert p["retainer_fee_cents"] == 900_000 and p["retainer_minutes"] == 3600
    assert "Nothing changed" in book.ok("project", "edit", "spring", "--name", "Spring Launch")
    assert "Complete 12.5%" in book.ok("project", "show", "spring")


def test_edit_status_archives_and_restores(book: Cli) -> None:
    assert "status active → archived" in book.ok("project", "edit", "other", "--status", "archived")
    assert [p["slug"] for p in json.loads(book.ok("project", "list", "--json"))] == ["spring"]
    book.ok("project", "edit", "northwind/other", "--status", "active")
    assert len(json.loads(book.ok("project", "list", "--json"))) == 2


def test_edit_is_audited(book: Cli) -> None:

    book.ok("project", "edit", "spring", "--complete", "40%")
    con = connect(book.db)
    before, after = con.execute(
        "SELECT before, after FROM audit_event WHERE entity = 'project' AND op = 'update'"
    ).fetchone()
    con.close()
    assert json.loads(before)["complete_bp"] is None and json.loads(after)["complete_bp"] == 4000


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (("project", "edit", "spring"), 2, "nothing to change"),
        (("project", "edit", "spring", "--complete", "140%"), 2, "at most 100%"),
        (("project", "edit", "spring", "--complete", "-5%"), 2, "not a percentage"),
        (("project", "edit", "spring", "--complete", "forty"), 2, "not a percentage"),
        (("project", "edit", "spring", "--complete", "40.123%"), 2, "not a percentage"),
        (("project", "edit", "spring", "--budget", "4.500,00"), 2, "dot for decimals"),
        (("project", "edit", "spring", "--budget", "-1"), 2, "negative"),
        (("project", "edit", "spring", "--rate", "0"), 2, "more than zero"),
        (("project", "edit", "spring", "--cap", "NaN"), 2, "not an amount"),
        (("project", "edit", "spring", "--hours", "0"), 2, "more than zero"),
        (("project", "edit", "spring", "--end", "2026-02-01"), 2, "before start"),
        (("project", "edit", "spring", "--start", "2026-13-01"), 2, "not a real date"),
        (("project", "edit", "spring", "--status", "dormant"), 2, "project status"),
        (("project", "edit", "spring", "--billing", "barter"), 2, "billing type"),
        (("project", "edit", "spring", "--name", " "), 2, "empty"),
        (("project", "edit", "spring", "--code", "NW-2"), 1, "used already"),
        (("project", "edit", "ghost", "--name", "x"), 1, "no project"),
    ],
)
def test_bad_edits_are_refused(book: Cli, args: tuple[str, ...], code: int, fragment: str) -> None:
    assert_refused(book, args, code, fragment)


def test_projects_of_archived_accounts_stay_archived(book: Cli) -> None:
    book.ok("account", "archive", "northwind")
    assert_refused(book, ("project", "edit", "spring", "--status", "active"), 1, "archived")
