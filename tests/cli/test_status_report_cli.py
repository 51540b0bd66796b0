"""``amtui report status``: the call agenda on the demo book, section by section, and its refusals."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.conftest import Cli, assert_refused

WEEK = ("--from", "2026-11-22", "--to", "2026-11-28")


def _report(cli: Cli, account: str = "helios") -> dict:
    return json.loads(cli.ok("report", "status", account, *WEEK, "--format", "json"))


def test_headline_and_kpis(demo_cli: Cli) -> None:
    r = _report(demo_cli)
    assert (r["period_from"], r["period_to"]) == ("2026-11-22", "2026-11-28")
    assert r["headline"][0].startswith("2 of 3 KPI targets met; media spend $")
    assert "CPA $52.00 against a $45.00 target" in r["headline"][1]
    kpis = {(k["campaign"], k["metric"]): k["status"] for k in r["kpis"]}
    assert kpis == {(None, "cpa"): "missed", (None, "ctr"): "met", ("Search - Brand", "cpa"): "met"}


def test_movers_compare_with_the_previous_period(demo_cli: Cli) -> None:
    r = _report(demo_cli)
    assert 0 < len(r["movers"]) <= 3
    changes = [abs(m["change_pct"]) for m in r["movers"]]
    assert changes == sorted(changes, reverse=True)
    top = r["movers"][0]
    assert top["metric"] == "conversions" and top["previous"] != top["current"]


def test_budget_section_uses_budget_health(demo_cli: Cli) -> None:
    r = _report(demo_cli)
    assert [b["project"] for b in r["budget"]] == [
        "helios/always-on-search",
        "helios/ctv-q1-flight",
        "helios/social-retainer",
    ]
    assert all(b["currency"] == "USD" and b["current_budget_cents"] > 0 for b in r["budget"])


def test_timeline_section_from_milestones(demo_cli: Cli) -> None:
    tl = _report(demo_cli)["timeline"]
    kinds = [line.split(" ", 1)[0].rstrip(":") for line in tl]
    assert kinds == sorted(kinds, key=["Late", "Done", "Next"].index)  # late first, then done, then next
    assert any(line.startswith("Late: ") and "days)" in line for line in tl)
    assert any(line.startswith("Next: ") and "needs your approval" in line for line in tl)


def test_change_orders_escalations_decisions_next_steps(demo_cli: Cli) -> None:
    con = sqlite3.connect(demo_cli.db)
    pid = con.execute("SELECT id FROM project WHERE slug = 'always-on-search'").fetchone()[0]
    con.execute(
        "INSERT INTO change_order"
        " (number, project_id, title, kind, amount_cents, status, created_at, sent_on)"
        " VALUES (12, ?, 'Spanish ad variants', 'add', 320000, 'sent', '2026-11-19 10:00:00', '2026-11-19')",
        (pid,),
    )
    con.commit()
    con.close()
    r = _report(demo_cli)
    (co,) = r["change_orders"]
    assert (co["ref"], co["amount_cents"], co["days_waiting"]) == ("CO-12", 320_000, 9)
    assert r["decisions"][0] == "Approve CO-12 Spanish ad variants ($3,200.00), with you for 9 days."
    assert any("Spanish-language search variants" in d for d in r["decisions"])
    assert [e["summary"] for e in r["escalations"]] == ["CFO wants search CPA under $48 before any new spend"]
    assert r["next_steps"][0].startswith("2026-12-01: Send proposal after the CPA fix")


def test_markdown_to_a_file(demo_cli: Cli, tmp_path: Path) -> None:
    out_file = tmp_path / "agenda.md"
    msg = demo_cli.ok("report", "status", "helios", *WEEK, "--out", str(out_file))
    assert msg.strip() == f"Wrote the helios status report (2026-11-22 → 2026-11-28) to {out_file}"
    text = out_file.read_text()
    assert text.startswith("# Helios Bank — status 2026-11-22 to 2026-11-28")
    for heading in ("Headline", "Results against KPIs", "Budget", "Timeline", "Change orders awaiting",
                    "Open escalations", "Decisions needed", "Next steps"):  # fmt: skip
        assert f"## {heading}" in text
    assert "| helios/always-on-search | all campaigns | CPA | $52.00 | $45.00 | ❌ missed |" in text
    quiet = demo_cli.ok("report", "status", "bramble", *WEEK)
    assert "No KPI targets with results in this period." in quiet


def test_refusals(demo_cli: Cli, tmp_path: Path) -> None:
    assert_refused(demo_cli, ("report", "status", "nobody"), 1, "no account")
    assert_refused(demo_cli, ("report", "status", "helios", "--format", "pdf"), 2, "format")
    assert_refused(demo_cli, ("report", "status", "helios", "--week", "--month"), 2, "one period")
    assert_refused(demo_cli, ("report", "status", "helios", "--from", "2026-13-01"), 2, "not a real date")
    assert_refused(demo_cli, ("report", "status", "helios", "--out", str(tmp_path)), 2, "folder")
