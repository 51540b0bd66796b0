"""The demo book tells the growth story: Helios search misses CPA, retargeting beats ROAS, a live pipeline."""

from __future__ import annotations

import json

from tests.conftest import Cli


def test_demo_performance_story(demo_cli: Cli) -> None:
    perf = json.loads(demo_cli.ok("performance", "--from", "2026-11-22", "--to", "2026-11-28", "--json"))
    by = {p["project"]: p for p in perf["projects"]}
    search = by["helios/always-on-search"]
    cpa = next(c for c in search["checks"] if c["metric"] == "cpa")
    assert (cpa["actual"], cpa["target"], cpa["status"]) == (5200, 4500, "missed")
    assert search["pacing"]["status"] == "over"
    nw = {c["campaign"]: c for c in by["northwind/spring-launch"]["campaigns"]}
    roas = nw["Spring Launch - Retargeting"]["checks"][0]
    assert roas["metric"] == "roas" and roas["status"] == "met" and roas["actual"] > 4000
    assert by["northwind/spring-launch"]["pacing"]["status"] == "on-pace"


def test_demo_pipeline_escalations_and_health_history(demo_cli: Cli) -> None:
    p = json.loads(demo_cli.ok("opp", "list", "--json"))
    assert len(p["opportunities"]) == 5 and p["totals"][0]["weighted_cents"] == 6_960_000
    closed = json.loads(demo_cli.ok("opp", "list", "--all", "--json"))["opportunities"]
    assert {o["status"] for o in closed} == {"open", "won", "lost"}
    esc = json.loads(demo_cli.ok("escalation", "list", "--open", "--json"))
    assert any(e["overdue"] for e in esc) and any(e["kind"] == "risk" for e in esc)
    h = json.loads(demo_cli.ok("health", "helios", "--date", "2026-11-28", "--json"))
    assert len(h["trend"]) == 9 and h["trend"][-1]["on"] == "2026-11-28"
    assert h["change"] < 0  # Helios is sliding
