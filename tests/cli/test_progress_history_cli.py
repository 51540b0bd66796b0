"""% complete has a dated history: every write goes through ``projects.set_complete`` (``project add/edit
--complete``, ``--complete-on``, clearing it, the demo), ``project show`` lists it, and a past ``--as-of``
reads the figure true then. ``project show`` states the original budget, the approved change orders and
the current budget (the one :func:`amtui.services.money.budget.current_budget`)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from amtui.services.money.budget import book_health, current_budget
from amtui.store import Store
from tests.conftest import TODAY, Cli, assert_refused, connect

REF = "northwind/spring"


@pytest.fixture
def book(cli: Cli) -> Cli:
    cli.ok("account", "add", "Northwind", "--slug", "northwind")
    cli.ok(
        "project", "add", REF, "Spring", "--budget", "48000", "--start", "2026-09-01", "--end", "2027-02-28",
        "--rate", "100",
    )  # fmt: skip
    return cli


def _progress(cli: Cli) -> list[tuple[str, float | None]]:
    shown = json.loads(cli.ok("project", "show", REF, "--json"))
    return [(e["on"], e["complete_pct"]) for e in shown["progress"]]


def _entries(cli: Cli) -> list[tuple[str, int | None]]:
    con = connect(cli.db)
    try:
        return list(con.execute("SELECT on_date, complete_bp FROM progress_entry ORDER BY on_date, id"))
    finally:
        con.close()


def test_every_edit_is_dated_and_show_lists_the_history(book: Cli) -> None:
    out = book.ok("project", "edit", REF, "--complete", "20%", "--complete-on", "2026-10-31")
    assert out.strip() == f"Updated {REF}: complete — → 20% (as of 2026-10-31)"
    book.ok("project", "edit", REF, "--complete", "45%")
    assert _progress(book) == [("2026-10-31", 20.0), (TODAY.isoformat(), 45.0)]
    assert json.loads(book.ok("project", "show", REF, "--json"))["complete_bp"] == 4500
    # A back-dated figure joins the history where it belongs; the figure of now stays the latest.
    book.ok("project", "edit", REF, "--complete", "30%", "--complete-on", "2026-11-15")
    assert _entries(book) == [("2026-10-31", 2000), ("2026-11-15", 3000), (TODAY.isoformat(), 4500)]
    shown = book.ok("project", "show", REF)
    assert "Complete 45%" in shown
    assert f"Progress 2026-10-31 20% · 2026-11-15 30% · {TODAY.isoformat()} 45%" in shown
    # Clearing is an entry too: from today there is no figure.
    out = book.ok("project", "edit", REF, "--complete", "")
    assert out.strip() == f"Updated {REF}: complete 45% → —"
    assert _progress(book)[-1] == (TODAY.isoformat(), None)
    assert json.loads(book.ok("project", "show", REF, "--json"))["complete_bp"] is None


def test_project_add_records_the_first_entry(cli: Cli) -> None:
    cli.ok("account", "add", "Helios", "--slug", "helios")
    cli.ok(
        "project",
        "add",
        "helios/site",
        "Site",
        "--budget",
        "1000",
        "--start",
        "2026-11-01",
        "--complete",
        "10",
    )
    assert _entries(cli) == [(TODAY.isoformat(), 1000)]
    assert json.loads(cli.ok("project", "show", "helios/site", "--json"))["complete_bp"] == 1000


def test_project_add_refuses_a_figure_before_the_start(cli: Cli) -> None:
    """No % complete before a project started: the project is not added either (one transaction)."""
    cli.ok("account", "add", "Helios", "--slug", "helios")
    args = ("project", "add", "helios/later", "Later", "--budget", "1000", "--start", "2027-01-04")
    assert_refused(cli, (*args, "--complete", "10"), 2, "before the project starts")
    assert "no project" in cli("project", "show", "helios/later").stderr


def test_a_past_as_of_uses_the_figure_of_then(book: Cli, store: Store) -> None:
    """Budget health on 10-31 divides October's actuals by 20% (the figure then), not by today's 50%."""
    book.ok("time", REF, "40h", "--date", "2026-10-15", "--team", "creative")  # a team's week, no one person
    book.ok("project", "edit", REF, "--complete", "20%", "--complete-on", "2026-10-01")
    book.ok("project", "edit", REF, "--complete", "50%")
    then = json.loads(book.ok("budget", REF, "--as-of", "2026-10-31", "--json"))[0]
    assert then["complete"] == 0.2 and then["eac_cents"] == 4_000_00 * 5
    before = json.loads(book.ok("budget", REF, "--as-of", "2026-09-30", "--json"))[0]
    assert before["complete"] is None and before["eac_method"] != "earned-value"  # no figure yet
    now = json.loads(book.ok("budget", REF, "--json"))[0]
    assert now["complete"] == 0.5 and now["eac_cents"] == 4_000_00 * 2
    with store.read() as s:
        assert [h.complete for h in book_health(s, as_of=date(2026, 10, 31))] == [0.2]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--complete", "40%", "--complete-on", "2026-12-01"), "in the future"),
        (("--complete", "40%", "--complete-on", "2026-08-31"), "before the project starts"),
        (("--complete-on", "2026-10-01"), "give --complete too"),
        (("--complete", "140%"), "at most 100%"),
        (("--complete", "lots"), "not a percentage"),
        (("--complete", "40%", "--complete-on", "someday"), "not a date"),
    ],
)
def test_bad_progress_is_refused(book: Cli, args: tuple[str, ...], fragment: str) -> None:
    book.ok("project", "edit", REF, "--complete", "10%")
    assert_refused(book, ("project", "edit", REF, *args), 2, fragment)


def test_project_show_states_original_change_orders_and_current(book: Cli, store: Store) -> None:
    book.ok("add-change-order", REF, "Extra banners", "--amount", "4500")
    book.ok("co", "send", "CO-1")
    assert "Budget $48,000.00" in book.ok("project", "show", REF)
    book.ok("co", "approve", "CO-1", "--by", "Dana")
    shown = book.ok("project", "show", REF)
    assert "Budget $52,500.00" in shown
    assert "original $48,000.00 · approved change orders $4,500.00" in shown
    p = json.loads(book.ok("project", "show", REF, "--json"))
    assert (p["original_budget_cents"], p["approved_change_orders_cents"], p["current_budget_cents"]) == (
        48_000_00,
        4_500_00,
        52_500_00,
    )
    assert p["budget_cents"] == 48_000_00  # the existing key is kept: the original
    health = json.loads(book.ok("budget", REF, "--json"))[0]
    assert p["current_budget_cents"] == health["current_budget_cents"]
    with store.read() as s:
        assert current_budget(s, REF, as_of=TODAY).current_cents == health["current_budget_cents"]
