"""``amtui budget`` on the demo book: every status shows, JSON keys are stable, the check-in explains."""

from __future__ import annotations

import json

import pytest

from tests.conftest import TODAY, Cli, assert_refused, connect

KEYS = {
    "project", "account", "billing", "currency", "original_budget_cents", "approved_change_orders_cents",
    "current_budget_cents", "actual_cents", "burn", "elapsed", "eac_cents", "eac_method", "variance_pct",
    "status", "pending_change_orders_cents",
}  # fmt: skip


def _book(cli: Cli, *args: str) -> dict[str, dict[str, object]]:
    rows = json.loads(cli.ok("budget", *args, "--as-of", TODAY.isoformat(), "--json"))
    return {r["project"]: r for r in rows}


def test_budget_shows_every_status_on_the_demo(demo_cli: Cli) -> None:
    book = _book(demo_cli)
    # northwind/summer-campaign starts 2026-12-28: no figure before a project started.
    assert len(book) == 7 and all(KEYS <= set(r) for r in book.values())
    assert "northwind/summer-campaign" not in book
    assert {r["status"] for r in book.values()} == {"on-track", "watch", "at-risk", "over"}
    search = book["helios/always-on-search"]
    assert search["status"] == "at-risk" and search["eac_method"] == "earned-value"
    assert 0.11 <= float(search["variance_pct"]) <= 0.13  # type: ignore[arg-type]
    assert search["current_budget_cents"] == search["original_budget_cents"]
    assert book["northwind/spring-launch"]["eac_method"] == "earned-value"
    assert book["bramble/holiday-shelf"]["status"] == "over"
    for r in book.values():
        assert isinstance(r["actual_cents"], int) and isinstance(r["current_budget_cents"], int)


def test_budget_table_and_filters(demo_cli: Cli) -> None:
    table = demo_cli.ok("budget", "--as-of", TODAY.isoformat())
    assert "helios/always-on-search" in table and "at-risk" in table and "earned-value" in table
    assert "7 project(s): 1 over · 1 at-risk · 2 watch · 3 on-track" in table
    assert "Not started by 2026-11-28, so no figures: northwind/summer-campaign (starts 2026-12-28)" in table
    assert set(_book(demo_cli, "helios")) == {
        "helios/always-on-search",
        "helios/ctv-q1-flight",
        "helios/social-retainer",
    }
    assert set(_book(demo_cli, "northwind/spring-launch")) == {"northwind/spring-launch"}
    assert set(_book(demo_cli, "abm-pilot")) == {"quokka/abm-pilot"}


def test_as_of_moves_the_picture(demo_cli: Cli) -> None:
    earlier = _book(demo_cli)["bramble/holiday-shelf"]
    rows = json.loads(demo_cli.ok("budget", "bramble", "--as-of", "2026-10-15", "--json"))
    assert rows[0]["actual_cents"] < earlier["actual_cents"]  # type: ignore[operator]
    assert rows[0]["as_of"] == "2026-10-15"


def test_monthly_check_in_explains_what_moved(demo_cli: Cli) -> None:
    con = connect(demo_cli.db)
    pid = con.execute("SELECT id FROM project WHERE slug = 'always-on-search'").fetchone()[0]
    con.execute(
        "INSERT INTO change_order"
        " (number, project_id, title, kind, amount_cents, status, created_at, decided_on)"
        " VALUES (901, ?, 'Spanish ad variants', 'add', 320000, 'approved', '2026-11-01', '2026-11-10')",
        (pid,),
    )
    con.commit()
    con.close()
    moves = json.loads(
        demo_cli.ok("budget", "helios", "--month", "2026-11", "--as-of", TODAY.isoformat(), "--json")
    )
    search = next(m for m in moves if m["project"] == "helios/always-on-search")
    assert search["as_of"] == TODAY.isoformat() and search["previous_as_of"] == "2026-10-31"
    assert search["change_orders_approved_cents"] == 320000
    assert search["change_orders_approved"][0]["number"] == "CO-901"
    assert (
        search["actual_in_month_cents"] == search["now"]["actual_cents"] - search["previous"]["actual_cents"]
    )
    assert search["actual_in_month_cents"] > 0
    assert search["now"]["approved_change_orders_cents"] == 320000
    assert search["previous"]["approved_change_orders_cents"] == 0
    expected = round((search["variance_pct"] - search["previous_variance_pct"]) * 100, 1)
    assert search["variance_change_pp"] == expected
    table = demo_cli.ok("budget", "--month", "2026-11", "--as-of", TODAY.isoformat())
    assert "Check-in 2026-11: 2026-10-31 → 2026-11-28" in table and "CO-901 +$3,200" in table
    past = json.loads(demo_cli.ok("budget", "--month", "2026-10", "--as-of", TODAY.isoformat(), "--json"))
    assert {m["as_of"] for m in past} == {"2026-10-31"} and {m["previous_as_of"] for m in past} == {
        "2026-09-30"
    }


def test_empty_book(cli: Cli) -> None:
    assert "No active projects" in cli.ok("budget")
    assert json.loads(cli.ok("budget", "--json")) == []


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (("budget", "ghost"), 1, "no account or project 'ghost'"),
        (("budget", "helios/ghost"), 1, "no project"),
        (("budget", "--as-of", "someday"), 2, "not a date"),
        (("budget", "--as-of", "03/04/2026"), 2, "ambiguous"),
        (("budget", "--month", "2026-13"), 2, "not a month"),
        (("budget", "--month", "November"), 2, "not a month"),
        (("budget", "--month", "2027-01", "--as-of", "2026-11-28"), 2, "has not started"),
    ],
)
def test_bad_budget_input(demo_cli: Cli, args: tuple[str, ...], code: int, fragment: str) -> None:
    assert_refused(demo_cli, args, code, fragment)
