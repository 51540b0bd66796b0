"""``amtui escalation …`` and ``amtui risks``: age, overdue, the register, resolution, refusals."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from amtui.core import clock
from tests.conftest import Cli, assert_refused, connect


@pytest.fixture
def book(cli: Cli) -> Cli:
    cli.ok("account", "add", "Northwind", "--slug", "northwind")
    cli.ok("account", "add", "Helios", "--slug", "helios")
    return cli


def _backdate(cli: Cli, ref: int, opened: date, due: date | None) -> None:

    con = connect(cli.db)
    con.execute(
        "UPDATE escalation SET opened_on = ?, due_on = ? WHERE id = ?",
        (opened.isoformat(), due.isoformat() if due else None, ref),
    )
    con.commit()
    con.close()


def test_add_list_age_overdue_and_resolve(book: Cli) -> None:
    out = book.ok("escalation", "add", "helios", "Search CPA over the CFO's limit", "--severity", "high",
                  "--owner", "Maya", "--due", "+3d", "--plan", "Pause broad match")  # fmt: skip
    assert "ESC-1 opened for helios: high escalation · owner Maya · due " in out and "(+3d)" in out
    assert "risk score 20/25" in out
    book.ok("escalation", "add", "northwind", "Wrong logo in banner", "--severity", "low")
    today = clock.today()
    _backdate(book, 1, today - timedelta(days=10), today - timedelta(days=2))
    rows = json.loads(book.ok("escalation", "list", "--json"))
    assert [r["ref"] for r in rows] == ["ESC-1", "ESC-2"]  # high before low
    first = rows[0]
    assert (first["age_days"], first["overdue"], first["days_overdue"]) == (10, True, 2)
    assert (first["probability"], first["impact"], first["score"]) == (5, 4, 20)
    assert first["plan"] == "Pause broad match"
    out = book.ok("escalation", "resolve", "ESC-1", "--resolution", "Broad match paused; CPA back at $44")
    assert out.strip() == "ESC-1 resolved after 10 day(s): Search CPA over the CFO's limit"
    open_rows = json.loads(book.ok("escalation", "list", "--open", "--json"))
    assert [r["ref"] for r in open_rows] == ["ESC-2"]
    done = json.loads(book.ok("escalation", "list", "helios", "--json"))[0]
    assert (
        done["status"] == "resolved" and done["overdue"] is False and done["resolution"].startswith("Broad")
    )


def test_risk_register_ranks_probability_times_impact(book: Cli) -> None:
    book.ok("escalation", "add", "northwind", "Late assets", "--severity", "medium")  # 5×3 = 15
    book.ok("escalation", "add", "northwind", "Director may leave", "--risk", "--probability", "2",
            "--severity", "critical")  # fmt: skip  # 2×5 = 10
    book.ok(
        "escalation", "add", "helios", "Budget cut", "--risk", "--probability", "4", "--impact", "5"
    )  # 20
    reg = json.loads(book.ok("risks", "--json"))
    assert [(r["summary"], r["score"]) for r in reg] == [
        ("Budget cut", 20),
        ("Late assets", 15),
        ("Director may leave", 10),
    ]
    assert json.loads(book.ok("escalation", "list", "--risks", "--json")) == reg
    text = book.ok("risks", "northwind")
    assert "Late assets" in text and "Budget cut" not in text and "2×5" in text


def test_refusals(book: Cli) -> None:
    add = ("escalation", "add", "helios", "Something")
    assert_refused(book, (*add, "--severity", "urgent"), 2, "severity")
    assert_refused(book, (*add, "--due", "yesterday"), 2, "before today")
    assert_refused(book, (*add, "--due", "12/01/2026"), 2, "ambiguous")
    assert_refused(book, (*add, "--risk", "--probability", "9"), 2, "1 to 5")
    assert_refused(book, (*add, "--impact", "high"), 2, "whole number")
    assert_refused(book, (*add, "--probability", "2"), 2, "--risk")
    assert_refused(book, ("escalation", "add", "helios", "  "), 2, "empty")
    assert_refused(book, ("escalation", "add", "nobody", "X"), 1, "no account")
    assert_refused(book, ("escalation", "resolve", "ESC-4", "--resolution", "x"), 1, "no escalation")
    book.ok("escalation", "add", "helios", "Real")
    assert_refused(book, ("escalation", "resolve", "1", "--resolution", ""), 2, "empty")
    assert_refused(book, ("escalation", "resolve", "1", "--resolution", "x", "--date", "-5d"), 2, "before")
    book.ok("escalation", "resolve", "1", "--resolution", "done")
    assert_refused(book, ("escalation", "resolve", "1", "--resolution", "again"), 1, "was resolved")
