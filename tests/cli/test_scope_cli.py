"""Scope creep: out-of-scope work and overruns no approved change order covers, and how to cover it."""

from __future__ import annotations

import json
import shlex

import pytest

from tests.cli.test_reconcile_cli import actuals
from tests.conftest import Cli, assert_refused


@pytest.fixture
def book(cli: Cli) -> Cli:
    cli.ok("account", "add", "Helios Bank", "--slug", "helios")
    cli.ok(
        "project", "add", "helios/search", "Search", "--budget", "1000", "--hours", "10", "--billing", "tm"
    )
    cli.ok("project", "add", "helios/clean", "Clean", "--budget", "5000")
    actuals(
        cli.db,
        "helios/search",
        [
            ("time", "2026-11-01", 900_00, True, False),
            ("time", "2026-11-02", 450_00, True, True),
            ("cost", "2026-11-02", 200_00, True, True),
            ("time", "2026-11-03", 300_00, True, False),
        ],
    )
    actuals(cli.db, "helios/clean", [("time", "2026-11-01", 1_000_00, True, False)])
    return cli


def test_scope_lists_unapproved_work_and_the_command_that_covers_it(book: Cli) -> None:
    rows = json.loads(book.ok("scope", "--json"))
    assert [r["project"] for r in rows] == ["helios/search"]  # the clean project is left out
    r = rows[0]
    assert (r["out_of_scope_time_cents"], r["out_of_scope_cost_cents"], r["over_estimate_cents"]) == (
        450_00,
        200_00,
        200_00,
    )
    assert r["unapproved_scope_cents"] == 850_00 and r["uncovered_cents"] == 850_00
    assert r["items"][0] == {
        "kind": "time",
        "team": None,
        "entries": 1,
        "minutes": 60,
        "amount_cents": 450_00,
        "first_on": "2026-11-02",
        "last_on": "2026-11-02",
    }
    text = book.ok("scope")
    assert "helios/search (Search): $850.00 unapproved scope" in text
    # The suggested command is real: running it drafts a change order for exactly the uncovered amount.
    command = next(line for line in text.splitlines() if "cover it:" in line).split("cover it: ", 1)[1]
    args = shlex.split(command)
    assert args[:3] == ["amtui", "add-change-order", "helios/search"]
    out = book.ok(*args[1:])
    assert out.startswith("CO-1 drafted for helios/search") and "+$850.00" in out
    # Pending, it would cover the work: no new command is offered.
    r = json.loads(book.ok("scope", "helios/search", "--json"))[0]
    assert r["pending_change_orders"] == ["CO-1"] and r["uncovered_cents"] == 0 and r["command"] is None
    assert "get them approved" in book.ok("scope", "helios")
    # Approved, nothing is unapproved any more.
    book.ok("co", "send", "CO-1")
    book.ok("co", "approve", "CO-1")
    assert json.loads(book.ok("scope", "--json")) == []
    assert "No unapproved scope" in book.ok("scope")
    # Naming the project shows it even when it is clean.
    r = json.loads(book.ok("scope", "helios/search", "--json"))[0]
    assert r["unapproved_scope_cents"] == 0 and r["approved_change_orders_cents"] == 850_00
    assert "no unapproved scope" in book.ok("scope", "helios/search")


def test_partial_approval_leaves_the_rest_uncovered(book: Cli) -> None:
    book.ok("add-change-order", "helios/search", "Part", "--amount", "300")
    book.ok("co", "send", "CO-1")
    book.ok("co", "approve", "CO-1")
    r = json.loads(book.ok("scope", "--json"))[0]
    assert r["unapproved_scope_cents"] == 550_00 and "--amount 550.00" in r["command"]


def test_as_of_excludes_later_work(book: Cli) -> None:
    r = json.loads(book.ok("scope", "helios/search", "--as-of", "2026-11-01", "--json"))[0]
    assert r["unapproved_scope_cents"] == 0 and r["actual_cents"] == 900_00


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (("scope", "ghost"), 1, "no account or project"),
        (("scope", "helios/ghost"), 1, "no project"),
        (("scope", "--as-of", "01/02/2026"), 2, "ambiguous"),
    ],
)
def test_bad_input(book: Cli, args: tuple[str, ...], code: int, fragment: str) -> None:
    assert_refused(book, args, code, fragment)
