"""The demo book's estimates: one accepted into a project (its budget), one in draft at v2."""

from __future__ import annotations

import json

from tests.conftest import Cli


def test_the_demo_has_an_accepted_estimate_and_a_draft(demo_cli: Cli) -> None:
    rows = json.loads(demo_cli.ok("estimate", "list", "--json"))
    assert sorted(r["status"] for r in rows) == ["accepted", "draft"]
    won = next(r for r in rows if r["status"] == "accepted")
    health = json.loads(demo_cli.ok("budget", "northwind/spring-launch", "--json"))[0]
    assert won["project"] == "northwind/spring-launch"
    assert won["amount_cents"] == health["original_budget_cents"]  # the estimate is the budget, to the cent
    draft = next(r for r in rows if r["status"] == "draft")
    assert draft["version"] == 2 and "creative 120h → 96h" in demo_cli.ok(
        "estimate", "diff", str(draft["id"])
    )


def test_the_demo_shows_a_line_at_risk_in_a_project_on_track(demo_cli: Cli) -> None:
    b = json.loads(demo_cli.ok("budget", "northwind/spring-launch", "--lines", "--json"))
    assert b["project_status"] == "on-track"
    assert any(ln["status"] in ("at-risk", "over") for ln in b["lines"])
    assert "Watch:" in demo_cli.ok("budget", "northwind/spring-launch", "--lines")
