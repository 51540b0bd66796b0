"""``amtui health``: the book least healthy first, one account's factors, snapshots, refusals."""

from __future__ import annotations

import json

from tests.conftest import Cli, assert_refused


def test_health_on_the_demo_book(demo_cli: Cli) -> None:
    rows = json.loads(demo_cli.ok("health", "--json", "--date", "2026-11-28"))
    assert [r["score"] for r in rows] == sorted(r["score"] for r in rows)
    nw = json.loads(demo_cli.ok("health", "northwind", "--json", "--date", "2026-11-28"))
    primary = next(f for f in nw["factors"] if f["key"] == "primary_left")
    assert primary["cost"] == 10 and "Dana Ruiz left" in primary["detail"]
    assert nw["score"] == 100 - sum(f["cost"] for f in nw["factors"])
    text = demo_cli.ok("health", "northwind", "--date", "2026-11-28")
    assert "Primary contact: Dana Ruiz left" in text and "Budget variance" in text


def test_the_missing_primary_contact_costs_once(demo_cli: Cli) -> None:
    """One cause, one penalty: the primary-contact factor charges for Dana's departure; no open risk
    charges for it again."""
    nw = json.loads(demo_cli.ok("health", "northwind", "--json", "--date", "2026-11-28"))
    charged = [f for f in nw["factors"] if f["cost"] and "primary" in f["detail"].lower() + f["key"]]
    assert [f["key"] for f in charged] == ["primary_left"]
    risks = json.loads(demo_cli.ok("escalation", "list", "northwind", "--risks", "--json"))
    assert risks  # the demo still has a northwind risk, about something else
    summaries = " ".join(r["summary"].lower() for r in risks)
    assert "primary contact" not in summaries and "dana" not in summaries


def test_snapshot_then_trend(cli: Cli) -> None:
    cli.ok("account", "add", "Acme", "--slug", "acme")
    cli.ok("contact", "add", "acme", "Pat", "--primary")  # no contact at all would cost the primary weight
    cli.ok("log", "acme", "Kickoff", "--date", "2026-11-20")
    out = cli.ok("health", "snapshot", "--date", "2026-11-21")
    assert out.strip() == "Stored health for 1 account(s) on 2026-11-21: acme 100"
    h = json.loads(cli.ok("health", "acme", "--date", "2026-12-20", "--json"))
    assert h["trend"] == [{"on": "2026-11-21", "score": 100}]
    assert h["change"] == h["score"] - 100 and h["score"] < 100  # a month without contact


def test_refusals(cli: Cli) -> None:
    cli.ok("account", "add", "Acme", "--slug", "acme")
    assert_refused(cli, ("health", "nobody"), 1, "no account")
    assert_refused(cli, ("health", "acme", "--date", "28/11/2026"), 2, "ambiguous")
    assert_refused(cli, ("health", "snapshot", "--date", "someday"), 2, "not a date")
