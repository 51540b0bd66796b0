"""``amtui opp …``: the weighted pipeline, stage moves, won (with a project) and lost, refusals."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Cli, assert_refused


@pytest.fixture
def book(cli: Cli) -> Cli:
    cli.ok("account", "add", "Northwind", "--slug", "northwind")
    cli.ok("account", "add", "Quokka", "--slug", "quokka", "--currency", "EUR")
    return cli


def test_add_list_weighted_per_account_and_total(book: Cli) -> None:
    extra = ("--type", "new-channel", "--next-step", "Send proposal", "--next-date", "2026-12-04")
    out = book.ok(
        "opp", "add", "northwind", "Summer social", "--value", "24,000", "--probability", "40", *extra
    )
    assert out.splitlines()[0] == (
        "OPP-1 added to northwind: Summer social · $24,000.00 at 40% = $9,600.00 weighted"
        " · next: Send proposal 2026-12-04"
    )
    assert "northwind pipeline now $9,600.00 weighted of $24,000.00" in out
    book.ok("opp", "add", "northwind", "Retail media", "--value", "10000", "--probability", "25%")
    book.ok("opp", "add", "quokka", "ABM expansion", "--value", "5000", "--probability", "50")
    p = json.loads(book.ok("opp", "list", "--json"))
    assert [o["ref"] for o in p["opportunities"]] == ["OPP-1", "OPP-2", "OPP-3"]  # dated next steps first
    acc = {
        (a["account"], a["currency"]): (a["open"], a["value_cents"], a["weighted_cents"])
        for a in p["accounts"]
    }
    assert acc == {("northwind", "USD"): (2, 3_400_000, 1_210_000), ("quokka", "EUR"): (1, 500_000, 250_000)}
    # Currencies are never added together.
    assert {t["currency"]: t["weighted_cents"] for t in p["totals"]} == {"USD": 1_210_000, "EUR": 250_000}
    one = json.loads(book.ok("opp", "list", "quokka", "--json"))
    assert [o["title"] for o in one["opportunities"]] == ["ABM expansion"]


def test_move_won_with_project_and_lost(book: Cli) -> None:
    book.ok("opp", "add", "northwind", "Summer social", "--value", "24000", "--probability", "40")
    book.ok("opp", "add", "northwind", "TikTok", "--value", "8000", "--probability", "20")
    out = book.ok("opp", "move", "OPP-1", "--stage", "proposal", "--probability", "60")
    assert out.strip() == "OPP-1 Summer social: identified → proposal · 60% = $14,400.00 weighted"
    out = book.ok("opp", "won", "opp-1", "--create-project", "summer-social", "--budget", "20000",
                  "--date", "2026-11-20")  # fmt: skip
    assert "project northwind/summer-social created" in out
    proj = json.loads(book.ok("project", "show", "northwind/summer-social", "--json"))
    assert proj["budget_cents"] == 2_000_000 and proj["start_on"] == "2026-11-20"
    out = book.ok("opp", "lost", "2", "--reason", "budget freeze")
    assert "OPP-2 lost: TikTok (budget freeze)" in out
    p = json.loads(book.ok("opp", "list", "--json"))
    assert p["opportunities"] == [] and p["totals"] == []
    allp = json.loads(book.ok("opp", "list", "--all", "--json"))
    won = allp["opportunities"][0]
    assert (won["status"], won["project"], won["weighted_cents"]) == ("won", "northwind/summer-social", 0)


def test_refusals(book: Cli) -> None:
    add = ("opp", "add", "northwind", "X")
    assert_refused(book, (*add, "--value", "4.500,00", "--probability", "40"), 2, "amount")
    assert_refused(book, (*add, "--value", "0", "--probability", "40"), 2, "more than zero")
    assert_refused(book, (*add, "--value", "100", "--probability", "140"), 2, "0 to 100")
    assert_refused(book, (*add, "--value", "100", "--probability", "40", "--type", "upsell"), 2, "type")
    assert_refused(book, (*add, "--value", "100", "--probability", "40", "--stage", "won"), 2, "stage")
    assert_refused(book, (*add, "--value", "100", "--probability", "40", "--next-date", "31/12"), 2, "date")
    assert_refused(
        book, ("opp", "add", "nobody", "X", "--value", "100", "--probability", "4"), 1, "no account"
    )
    assert_refused(book, ("opp", "move", "OPP-9", "--stage", "proposal"), 1, "no opportunity")
    assert_refused(book, ("opp", "move", "seven", "--stage", "proposal"), 2, "reference")
    book.ok("opp", "add", "northwind", "A", "--value", "100", "--probability", "40")
    assert_refused(book, ("opp", "move", "1"), 2, "nothing to change")
    assert_refused(book, ("opp", "move", "1", "--stage", "identified"), 1, "already")
    assert_refused(book, ("opp", "won", "1", "--budget", "100"), 2, "--create-project")
    assert_refused(book, ("opp", "won", "1", "--create-project", "quokka/x"), 2, "under 'northwind'")
    book.ok("opp", "lost", "1")
    assert_refused(book, ("opp", "won", "1"), 1, "lost already")
    assert_refused(book, ("opp", "move", "1", "--stage", "proposal"), 1, "only open")
