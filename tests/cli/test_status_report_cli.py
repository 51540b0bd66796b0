"""``amtui report status``: the call agenda on the demo book, section by section, and its refusals."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli, assert_refused, connect

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


def test_movers_compare_like_for_like_per_day_with_data(demo_cli: Cli) -> None:
    """The demo's results end yesterday: the week has 6 days of data against 7. Counted per day with data,
    steady campaigns move by about 1%, not the -14% that comparing totals would claim."""
    r = _report(demo_cli)
    assert r["comparison"]["data_days"] == 6 and r["comparison"]["previous_data_days"] == 7
    assert r["comparison"]["text"] == (
        "Compared per day with data: 6 of 7 days imported this period, 7 the period before."
    )
    assert 0 < len(r["movers"]) <= 3
    changes = [abs(m["change_pct"]) for m in r["movers"]]
    assert changes == sorted(changes, reverse=True)
    assert all(c < 0.05 for c in changes), r["movers"]
    top = r["movers"][0]
    assert top["metric"] == "conversions/day" and top["previous"] != top["current"]


def test_no_results_in_the_period_is_not_a_miss(demo_cli: Cli) -> None:
    """A week with nothing imported says so, with the latest date imported; nothing is 'missed'."""
    r = json.loads(
        demo_cli.ok(
            "report", "status", "helios", "--from", "2026-12-01", "--to", "2026-12-07", "--format", "json"
        )
    )
    assert {k["status"] for k in r["kpis"]} == {"no-data"}
    assert {k["latest_on"] for k in r["kpis"]} == {"2026-11-27"}
    assert r["headline"][0] == (
        "KPI targets not judged: no results imported for this period (latest 2026-11-27)."
    )
    assert not any("missed" in line or "KPI targets met" in line for line in r["headline"])
    assert not any("Agree the plan" in d for d in r["decisions"])
    md = demo_cli.ok("report", "status", "helios", "--from", "2026-12-01", "--to", "2026-12-07")
    assert "❌" not in md
    assert "| CPA | — | $45.00 | — no results imported for this period (latest 2026-11-27) |" in md


def test_an_account_with_no_data_is_a_short_valid_report(demo_cli: Cli) -> None:
    demo_cli.ok("account", "add", "Empty Co", "--slug", "empty")
    md = demo_cli.ok("report", "status", "empty", "--week", "--for", "client")
    assert md.startswith("# Empty Co — status 2026-11-22 to 2026-11-28")
    assert "No campaign results imported for this account." in md
    assert "Nothing to flag" in md
    r = json.loads(demo_cli.ok("report", "status", "empty", "--week", "--format", "json"))
    assert r["kpis"] == [] and r["budget"] == [] and r["pipeline"] == [] and r["notes"] == []


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
    con = connect(demo_cli.db)
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
    # A document written to a file is the client version unless --for internal says otherwise.
    assert msg.strip() == (
        f"Wrote the client version of the helios status report (2026-11-22 → 2026-11-28) to {out_file}"
    )
    text = out_file.read_text()
    assert text.startswith("# Helios Bank — status 2026-11-22 to 2026-11-28")
    for heading in ("Headline", "Results against KPIs", "Budget", "Timeline", "Change orders awaiting",
                    "Decisions needed", "Next steps"):  # fmt: skip
        assert f"## {heading}" in text
    assert "## Open escalations" not in text and "Internal version" not in text
    assert "| helios/always-on-search | all campaigns | CPA | $52.00 | $45.00 | ❌ missed |" in text
    quiet = demo_cli.ok("report", "status", "bramble", *WEEK)
    assert "No campaign results imported for this account." in quiet


def test_refusals(demo_cli: Cli, tmp_path: Path) -> None:
    assert_refused(demo_cli, ("report", "status", "nobody"), 1, "no account")
    assert_refused(demo_cli, ("report", "status", "helios", "--format", "pdf"), 2, "format")
    assert_refused(demo_cli, ("report", "status", "helios", "--week", "--month"), 2, "one period")
    assert_refused(demo_cli, ("report", "status", "helios", "--from", "2026-13-01"), 2, "not a real date")
    assert_refused(demo_cli, ("report", "status", "helios", "--out", str(tmp_path)), 2, "folder")
    assert_refused(demo_cli, ("report", "status", "helios", "--for", "cfo"), 2, "client or internal")
