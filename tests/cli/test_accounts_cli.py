"""Account, contact and interaction one-liners: what they print, what they store, what they refuse."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Cli, assert_refused, creator


def test_account_add_list_show(cli: Cli) -> None:
    out = cli.ok(
        "account",
        "add",
        "Northwind Outfitters",
        "--slug",
        "northwind",
        "--industry",
        "Retail",
        "--contract",
        "retainer",
        "--renewal",
        "2027-01-08",
    )
    assert out.strip() == (
        "Added account northwind (Northwind Outfitters) · retainer · renewal 2027-01-08 · AM "
        + creator(cli.db)  # the creator, unless --am names another
    )
    cli.ok("account", "add", "Helios Bank")
    rows = json.loads(cli.ok("account", "list", "--json"))
    assert [r["slug"] for r in rows] == ["helios-bank", "northwind"]
    nw = rows[1]
    assert nw["renewal_on"] == "2027-01-08" and nw["contract"] == "retainer" and nw["currency"] == "USD"
    shown = json.loads(cli.ok("account", "show", "NORTHWIND", "--json"))
    assert shown["summary"]["name"] == "Northwind Outfitters"


def test_account_edit_and_archive(cli: Cli) -> None:
    cli.ok("account", "add", "Acme", "--slug", "acme")
    cli.ok("account", "edit", "acme", "--name", "Acme Corp", "--slug", "acme-corp", "--contract", "aor")
    shown = json.loads(cli.ok("account", "show", "acme-corp", "--json"))["summary"]
    assert (shown["name"], shown["contract"]) == ("Acme Corp", "aor")
    assert "Archived account acme-corp" in cli.ok("account", "archive", "acme-corp")
    assert json.loads(cli.ok("account", "list", "--json")) == []
    assert len(json.loads(cli.ok("account", "list", "--archived", "--json"))) == 1


def test_relative_dates_are_echoed(cli: Cli) -> None:
    cli.ok("account", "add", "Acme", "--slug", "acme")
    out = cli.ok("log", "acme", "Kickoff", "--kind", "meeting", "--date", "yesterday")
    assert "(yesterday)" in out and "Logged meeting with acme on 20" in out


def test_stakeholder_change_keeps_history(cli: Cli) -> None:
    cli.ok("account", "add", "Northwind", "--slug", "northwind")
    cli.ok(
        "contact",
        "add",
        "northwind",
        "Dana Ruiz",
        "--role",
        "Marketing Director",
        "--primary",
        "--date",
        "2025-01-01",
    )
    out = cli.ok("contact", "leave", "northwind", "Dana Ruiz", "--date", "2026-10-24")
    assert "left northwind on 2026-10-24" in out and "No primary contact" in out
    gap = json.loads(cli.ok("account", "show", "northwind", "--json"))
    assert gap["primary_left"] == "Dana Ruiz" and gap["summary"]["primary_contact"] is None
    cli.ok(
        "contact",
        "add",
        "northwind",
        "Sam Patel",
        "--role",
        "Marketing Director",
        "--primary",
        "--date",
        "2026-11-10",
    )
    d = json.loads(cli.ok("account", "show", "northwind", "--json"))
    assert d["primary_left"] is None and d["summary"]["primary_contact"] == "Sam Patel"
    assert d["primary_history"] == [
        {"contact": "Sam Patel", "from_date": "2026-11-10", "to_date": None},
        {"contact": "Dana Ruiz", "from_date": "2025-01-01", "to_date": "2026-10-24"},
    ]
    contacts = json.loads(cli.ok("contact", "list", "northwind", "--json"))
    assert [(c["name"], c["primary"], c["current"]) for c in contacts] == [
        ("Sam Patel", True, True),
        ("Dana Ruiz", False, False),
    ]
    current = json.loads(cli.ok("contact", "list", "northwind", "--current", "--json"))
    assert [c["name"] for c in current] == ["Sam Patel"]


def test_contact_primary_switches(cli: Cli) -> None:
    cli.ok("account", "add", "Acme", "--slug", "acme")
    cli.ok("contact", "add", "acme", "A One", "--primary")
    cli.ok("contact", "add", "acme", "B Two")
    cli.ok("contact", "primary", "acme", "b two")
    rows = json.loads(cli.ok("contact", "list", "acme", "--json"))
    assert [(c["name"], c["primary"]) for c in rows] == [("B Two", True), ("A One", False)]


def test_log_and_list_interactions(cli: Cli) -> None:
    cli.ok("account", "add", "Helios", "--slug", "helios")
    cli.ok("contact", "add", "helios", "Olivia Tran", "--role", "CFO")
    cli.ok(
        "log",
        "helios",
        "CFO wants CPA under $48 before any new spend",
        "--kind",
        "call",
        "--contact",
        "Olivia Tran",
        "--date",
        "2026-11-20",
    )
    cli.ok("log", "helios", "Sent recap", "--kind", "email", "--date", "2026-11-21")
    rows = json.loads(cli.ok("log", "list", "helios", "--json"))
    assert [(r["occurred_on"], r["kind"], r["contact"]) for r in rows] == [
        ("2026-11-21", "email", None),
        ("2026-11-20", "call", "Olivia Tran"),
    ]
    assert len(json.loads(cli.ok("log", "list", "helios", "--since", "2026-11-21", "--json"))) == 1
    table = cli.ok("log", "list", "helios")
    assert "CFO wants CPA under $48" in table


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (("account", "add", ""), 2, "empty"),
        (("account", "add", "X", "--slug", "Bad Slug!"), 2, "bad slug"),
        (("account", "add", "X", "--contract", "forever"), 2, "contract type"),
        (("account", "add", "X", "--renewal", "03/04/2026"), 2, "ambiguous"),
        (("account", "add", "X", "--currency", "dollars"), 2, "currency"),
        (("account", "add", "Acme Again", "--slug", "acme"), 1, "exists already"),
        (("account", "show", "nope"), 1, "no account 'nope'"),
        (("account", "edit", "nope", "--name", "x"), 1, "no account"),
        (("account", "edit", "acme", "--renewal", "someday"), 2, "not a date"),
        (("account", "archive", "ghost"), 1, "no account"),
        (("contact", "add", "ghost", "Dana"), 1, "no account"),
        (("contact", "add", "acme", "Dana Ruiz"), 1, "already has a contact"),
        (("contact", "add", "acme", "Eve", "--email", "nope"), 2, "email"),
        (("contact", "leave", "acme", "Nobody"), 1, "no contact"),
        (("contact", "leave", "acme", "Dana Ruiz", "--date", "2026-02-31"), 2, "not a real date"),
        (("contact", "primary", "acme", "Dana Ruiz"), 1, "already the primary"),
        (("log", "acme"), 2, "what happened"),
        (("log", "acme", "x", "--kind", "tweet"), 2, "unknown kind"),
        (("log", "ghost", "x"), 1, "no account"),
        (("log", "acme", "x", "--contact", "Nobody"), 1, "no contact"),
        (("log", "list"), 2, "missing argument"),
        (("log", "list", "acme", "--since", "last week"), 2, "not a date"),
        (("account", "add"), 2, "missing argument"),
        (("account", "list", "--bogus"), 2, "no such option"),
        (("frobnicate",), 2, "no such command"),
    ],
)
def test_bad_input_is_refused_cleanly(cli: Cli, args: tuple[str, ...], code: int, fragment: str) -> None:
    cli.ok("account", "add", "Acme", "--slug", "acme")
    cli.ok("contact", "add", "acme", "Dana Ruiz", "--primary")
    assert_refused(cli, args, code, fragment)


def test_former_contact_cannot_become_primary(cli: Cli) -> None:
    cli.ok("account", "add", "Acme", "--slug", "acme")
    cli.ok("contact", "add", "acme", "Dana Ruiz")
    cli.ok("contact", "leave", "acme", "Dana Ruiz")
    assert_refused(cli, ("contact", "primary", "acme", "Dana Ruiz"), 1, "former contact")
    assert_refused(cli, ("contact", "leave", "acme", "Dana Ruiz"), 1, "already left")
