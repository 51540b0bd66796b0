"""``amtui time`` / ``amtui cost``: what they store, the consequence they answer with, what they refuse."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from tests.conftest import TODAY, Cli, assert_refused, connect, write_config


@pytest.fixture
def book(cli: Cli) -> Cli:
    """A $10,000 fixed-fee project at $100/h, exactly half-way through its 100-day schedule."""
    cli.ok("account", "add", "Northwind", "--slug", "northwind")
    cli.ok(
        "project",
        "add",
        "northwind/spring-launch",
        "Spring Launch",
        "--budget",
        "10000",
        "--rate",
        "100",
        "--start",
        (TODAY - timedelta(days=50)).isoformat(),
        "--end",
        (TODAY + timedelta(days=50)).isoformat(),
    )
    return cli


def _rows(cli: Cli, sql: str) -> list[tuple[object, ...]]:
    con = connect(cli.db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_time_answers_with_the_consequence(book: Cli) -> None:
    out = book.ok("time", "northwind/spring-launch", "50", "--team", "creative")
    assert out.strip() == (
        f"Logged 50h ($5,000.00) to northwind/spring-launch on {TODAY.isoformat()}"
        " · burn 50% at 50% of the schedule · EAC $10,000 (0.0%) · on-track"
    )
    out = book.ok(
        "time", "spring-launch", "3h", "--date", "yesterday", "--note", "storyboards", "--person", "Maya Chen"
    )
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    assert f"Logged 3h ($300.00) to northwind/spring-launch on {yesterday} (yesterday)" in out
    assert "burn 53% at 50% of the schedule · EAC $10,600 (+6.0%) · watch" in out
    rows = _rows(
        book, "SELECT minutes, rate_cents, amount_cents, team, person, note, billable FROM time_entry"
    )
    assert rows == [
        (3000, 10000, 500000, "creative", None, None, 1),
        (180, 10000, 30000, None, "Maya Chen", "storyboards", 1),
    ]


def test_time_rate_flags_and_json(book: Cli) -> None:
    data = json.loads(
        book.ok(
            "time", "spring-launch", "1h20m", "--rate", "150", "--non-billable", "--out-of-scope", "--json"
        )
    )
    assert data["minutes"] == 80 and data["rate_cents"] == 15000 and data["amount_cents"] == 20000
    assert data["billable"] is False and data["out_of_scope"] is True
    assert data["health"]["actual_cents"] == 20000 and data["health"]["unapproved_scope_cents"] == 20000
    out = book.ok("time", "spring-launch", "0.25", "--non-billable")
    assert "Logged 0.25h ($25.00) (non-billable) to" in out


def test_time_cost_rate_is_stored_with_its_cost(book: Cli) -> None:
    data = json.loads(book.ok("time", "spring-launch", "1h20m", "--cost-rate", "$85.50", "--json"))
    # 80 minutes at $85.50 = $114.00; at $100 bill rate: $133.33
    assert (data["cost_rate_cents"], data["cost_cents"], data["amount_cents"]) == (85_50, 114_00, 133_33)
    book.ok("time", "spring-launch", "0.5", "--cost-rate", "0")
    book.ok("time", "spring-launch", "1")  # no cost rate and no config: not known
    assert _rows(book, "SELECT minutes, cost_rate_cents, cost_cents FROM time_entry ORDER BY id") == [
        (80, 85_50, 114_00),
        (30, 0, 0),
        (60, None, None),
    ]


def test_config_default_cost_rate_person_wins_over_team(book: Cli) -> None:
    write_config(
        '[cost_rates.people]\n"Ana  Ruiz" = 95\n[cost_rates.teams]\ncreative = 80\nMedia = "72.50"\n'
    )
    book.ok("time", "spring-launch", "1", "--person", "ana ruiz", "--team", "creative")  # person: $95
    book.ok("time", "spring-launch", "1", "--person", "Bo Kim", "--team", "creative")  # team: $80
    book.ok("time", "spring-launch", "2", "--team", "media")  # team: $72.50
    book.ok("time", "spring-launch", "1", "--person", "Ana Ruiz")  # person, no team
    book.ok("time", "spring-launch", "1", "--person", "Bo Kim")  # neither
    book.ok("time", "spring-launch", "1", "--person", "Ana Ruiz", "--cost-rate", "60")  # given wins
    assert _rows(book, "SELECT cost_rate_cents, cost_cents FROM time_entry ORDER BY id") == [
        (95_00, 95_00),
        (80_00, 80_00),
        (72_50, 145_00),
        (95_00, 95_00),
        (None, None),
        (60_00, 60_00),
    ]


@pytest.mark.parametrize(
    ("config", "fragment"),
    [
        ("[cost_rates.teams]\nfinance = 80\n", "unknown team 'finance'"),
        ("[cost_rates.teams]\ncreative = -80\n", "must not be negative"),
        ('[cost_rates.people]\n"Ana Ruiz" = "lots"\n', "not an amount"),
        ("[cost_rates.people]\nana = true\n", "not an hourly rate"),
        ("[cost_rates]\npeople = 95\n", "must be a table"),
    ],
)
def test_a_bad_cost_rate_config_is_refused(book: Cli, config: str, fragment: str) -> None:
    write_config(config)
    assert_refused(book, ("time", "spring-launch", "1", "--team", "creative"), 2, fragment)


def test_cost_answers_with_the_consequence(book: Cli) -> None:
    out = book.ok("cost", "northwind/spring-launch", "6,000", "--note", "stock photo licence")
    assert out.strip() == (
        f"Logged cost $6,000.00 (stock photo licence) to northwind/spring-launch on {TODAY.isoformat()}"
        " · burn 60% at 50% of the schedule · EAC $12,000 (+20.0%) · at-risk"
    )
    out = book.ok("cost", "spring-launch", "4500", "--out-of-scope", "--date", "-3d")
    assert "(out of scope)" in out and "over by $500 · unapproved scope $4,500" in out
    assert _rows(book, "SELECT amount_cents, out_of_scope FROM cost_entry ORDER BY id") == [
        (600000, 0),
        (450000, 1),
    ]
    data = json.loads(book.ok("cost", "spring-launch", "10", "--non-billable", "--json"))
    assert data["amount_cents"] == 1000 and data["billable"] is False and data["health"]["status"] == "over"


def test_projects_without_dates_say_so(book: Cli) -> None:
    book.ok("project", "add", "northwind/nodates", "No Dates", "--budget", "1000", "--rate", "100")
    out = book.ok("time", "northwind/nodates", "1")
    assert out.strip().endswith("burn 10% · no schedule to project from · on-track")


def test_time_needs_a_rate_somewhere(book: Cli) -> None:
    book.ok("project", "add", "northwind/norate", "No Rate", "--budget", "1000")
    assert_refused(book, ("time", "northwind/norate", "2"), 2, "no default rate")
    assert "($300.00)" in book.ok("time", "northwind/norate", "2", "--rate", "150")


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (("time", "spring-launch", "0"), 2, "more than zero"),
        (("time", "spring-launch", "--", "-2"), 2, "not hours"),
        (("time", "spring-launch", "-2"), 2, None),
        (("time", "spring-launch", "two"), 2, "not hours"),
        (("time", "spring-launch", "1:75"), 2, "under 60"),
        (("time", "spring-launch", "2", "--date", "03/04/2026"), 2, "ambiguous"),
        (("time", "spring-launch", "2", "--date", "2026-02-30"), 2, "not a real date"),
        (("time", "spring-launch", "2", "--date", "+3d"), 2, "future"),
        (("time", "spring-launch", "2", "--team", "finance"), 2, "unknown team"),
        (("time", "spring-launch", "2", "--rate", "1e3"), 2, "not an amount"),
        (("time", "spring-launch", "2", "--rate", "-100"), 2, "negative"),
        (("time", "spring-launch", "2", "--cost-rate", "-85"), 2, "negative"),
        (("time", "spring-launch", "2", "--cost-rate", "eighty"), 2, "not an amount"),
        (("time", "spring-launch", "2", "--cost-rate", "85,5"), 2, "not an amount"),
        (("time", "spring-launch", "2", "--cost-rate", ""), 2, "amount is empty"),
        (("time", "spring-launch", "2", "--person", " "), 2, "person is empty"),
        (("time", "ghost/launch", "2"), 1, "no account"),
        (("time", "northwind/ghost", "2"), 1, "no project"),
        (("time", "ghost", "2"), 1, "no project"),
        (("time", "northwind/old", "2"), 1, "archived"),
        (("time", "spring-launch"), 2, "missing argument"),
        (("cost", "spring-launch", "0"), 2, "more than zero"),
        (("cost", "spring-launch", "4.500,00"), 2, "dot for decimals"),
        (("cost", "spring-launch", "--", "-50"), 2, "negative"),
        (("cost", "spring-launch", "NaN"), 2, "not an amount"),
        (("cost", "spring-launch", "12.345"), 2, "not an amount"),
        (("cost", "spring-launch", "10", "--date", "someday"), 2, "not a date"),
        (("cost", "ghost", "10"), 1, "no project"),
        (("cost", "northwind/old", "10"), 1, "archived"),
    ],
)
def test_bad_actuals_are_refused(book: Cli, args: tuple[str, ...], code: int, fragment: str | None) -> None:
    book.ok("project", "add", "northwind/old", "Old", "--budget", "1000", "--rate", "100")
    con = connect(book.db)
    con.execute("UPDATE project SET status = 'archived' WHERE slug = 'old'")
    con.commit()
    con.close()
    assert_refused(book, args, code, fragment)


def test_archived_account_refuses_actuals(book: Cli) -> None:
    book.ok("account", "archive", "northwind")
    assert_refused(book, ("time", "northwind/spring-launch", "1"), 1, "account 'northwind' is archived")
