"""Performance inputs a user can get right: a KPI campaign that is not in the data warns with the nearest
names; ``performance`` without a period moves to the latest data when the last 30 days are empty."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Cli, connect

PROJECT = "helios/always-on-search"


def test_kpi_on_a_campaign_not_in_the_data_warns_with_the_nearest_names(demo_cli: Cli) -> None:
    r = demo_cli("kpi", "set", PROJECT, "--campaign", "Generic - Running Shoe", "--cpa", "40")
    assert r.code == 0
    assert r.stderr.strip() == (
        "warning: no results imported for campaign 'Generic - Running Shoe' in helios/always-on-search; "
        "nearest: 'Search - Generic', 'Search - Brand' (the target is set; check the name)"
    )
    known = demo_cli("kpi", "set", PROJECT, "--campaign", "Search - Generic", "--cpa", "70")
    assert known.code == 0 and known.stderr == ""
    whole = demo_cli("kpi", "set", PROJECT, "--cpa", "50")  # the whole project: nothing to check
    assert whole.code == 0 and whole.stderr == ""


def test_performance_moves_to_the_latest_data_and_says_so(
    demo_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AMTUI_TODAY", "2027-03-28")  # four months after the demo's results end
    text = demo_cli.ok("performance", "quokka")
    assert text.startswith(
        "No results imported in the last 30 days; showing the 30 days to the latest result (2026-11-27)."
    )
    assert "Performance 2026-10-29 → 2026-11-27" in text
    data = json.loads(demo_cli.ok("performance", "quokka", "--json"))
    assert (data["from"], data["to"], data["moved_to_latest"]) == ("2026-10-29", "2026-11-27", True)
    # A period the user chose is never moved.
    asked = json.loads(demo_cli.ok("performance", "quokka", "--from", "2027-03-01", "--json"))
    assert (asked["from"], asked["moved_to_latest"]) == ("2027-03-01", False)
    assert all(p["days_with_data"] == 0 for p in asked["projects"])


def test_performance_stays_on_the_last_30_days_when_they_have_data(demo_cli: Cli) -> None:
    data = json.loads(demo_cli.ok("performance", "quokka", "--json"))
    assert (data["from"], data["to"], data["moved_to_latest"]) == ("2026-10-30", "2026-11-28", False)


def test_a_warning_leaves_the_refusals_as_they_were(demo_cli: Cli) -> None:
    from tests.conftest import assert_refused

    assert_refused(demo_cli, ("kpi", "set", "helios/nope", "--campaign", "X", "--cpa", "40"), 1, "no project")
    con = connect(demo_cli.db)
    n = con.execute("SELECT count(*) FROM kpi_target WHERE campaign = 'X'").fetchone()[0]
    con.close()
    assert n == 0


def test_project_edit_sets_and_clears_the_media_budget_that_pacing_uses(demo_cli: Cli) -> None:
    from tests.conftest import assert_refused

    ref = "helios/social-retainer"
    before = json.loads(demo_cli.ok("performance", ref, "--json"))["projects"][0]["pacing"]
    assert before["status"] == "no-budget"
    msg = demo_cli.ok("project", "edit", ref, "--media-budget", "50000")
    assert msg.strip() == "Updated helios/social-retainer: media budget — → $50,000.00"
    pacing = json.loads(demo_cli.ok("performance", ref, "--json"))["projects"][0]["pacing"]
    assert pacing["media_budget_cents"] == 50_000_00 and pacing["status"] in ("under", "on-pace", "over")
    assert pacing["planned_to_date_cents"] > 0
    demo_cli.ok("project", "edit", ref, "--media-budget", "")
    cleared = json.loads(demo_cli.ok("performance", ref, "--json"))["projects"][0]["pacing"]
    assert cleared["media_budget_cents"] is None and cleared["status"] == "no-budget"
    assert_refused(demo_cli, ("project", "edit", ref, "--media-budget", "-5"), 2, "negative")
    assert_refused(demo_cli, ("project", "edit", ref, "--media-budget", "lots"), 2, "not an amount")
    assert_refused(demo_cli, ("project", "edit", ref, "--media-budget", "0"), 2, None)


def test_media_plan_by_month_drives_pacing(demo_cli: Cli) -> None:
    from tests.conftest import assert_refused

    ref = "helios/social-retainer"
    msg = demo_cli.ok("media", "plan", ref, "--month", "2026-11", "--amount", "9000")
    assert msg.strip() == (
        "Media plan for helios/social-retainer 2026-11: $9,000.00 (1 month(s) planned, $9,000.00 in all)"
    )
    demo_cli.ok("media", "plan", ref, "--month", "2026-10", "--amount", "7,000")
    pacing = json.loads(demo_cli.ok("performance", ref, "--json"))["projects"][0]["pacing"]
    # October in full, November for 28 of its 30 days: 7,000 + 9,000 × 28/30.
    assert (pacing["media_budget_cents"], pacing["planned_to_date_cents"]) == (16_000_00, 15_400_00)
    removed = demo_cli.ok("media", "plan", ref, "--month", "2026-10", "--amount", "0")
    assert "2026-10: removed (1 month(s) planned, $9,000.00 in all)" in removed
    assert_refused(demo_cli, ("media", "plan", ref, "--month", "2026-13", "--amount", "1"), 2, "like 2026-12")
    assert_refused(demo_cli, ("media", "plan", ref, "--month", "2026-09", "--amount", "0"), 1, "not found")
    assert_refused(demo_cli, ("media", "plan", ref, "--month", "2026-12", "--amount", "-1"), 2, "negative")
    assert_refused(
        demo_cli, ("media", "plan", "helios/nope", "--month", "2026-12", "--amount", "1"), 1, "no project"
    )
