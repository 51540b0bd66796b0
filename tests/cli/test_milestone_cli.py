"""Milestone one-liners, the printed Gantt chart and the calendar export, as a user types them."""

from __future__ import annotations

import json
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from amtui.core import clock
from tests.conftest import Cli, assert_refused

# The dependency rules on a calendar-day week; working days: tests/services/timeline/test_workdays*.py
pytestmark = pytest.mark.usefixtures("seven_day_week")


@pytest.fixture
def plan(cli: Cli) -> Cli:
    cli.ok("account", "add", "Northwind", "--slug", "northwind")
    cli.ok("project", "add", "northwind/summer", "Summer", "--budget", "10000")
    cli.ok("milestone", "add", "northwind/summer", "Brief", "--due", "-3d")  # M1, late
    cli.ok(
        "milestone",
        "add",
        "summer",
        "Storyboards",
        "--start",
        "+1d",
        "--due",
        "+4d",
        "--team",
        "creative",
        "--owner",
        "Ana",
        "--after",
        "M1",
        "--hours",
        "20",
    )  # M2
    cli.ok(
        "milestone",
        "add",
        "summer",
        "Client review",
        "--after",
        "2",
        "--lag",
        "1",
        "--client-approval",
        "--team",
        "client",
    )  # M3: the client's five days, +6d → +10d
    cli.ok(
        "milestone",
        "add",
        "summer",
        "Shoot",
        "--start",
        "+11d",
        "--due",
        "+14d",
        "--after",
        "M3",
        "--team",
        "production",
    )  # M4
    cli.ok("milestone", "add", "summer", "Launch", "--due", "+30d", "--after", "M4", "--team", "media")  # M5
    return cli


def _rows(cli: Cli, *args: str) -> list[dict[str, object]]:
    return json.loads(cli.ok("milestone", "list", *args, "--json"))


def test_add_echoes_what_it_resolved(cli: Cli) -> None:
    cli.ok("account", "add", "Northwind", "--slug", "northwind")
    cli.ok("project", "add", "northwind/summer", "Summer", "--budget", "10000")
    out = cli.ok(
        "milestone",
        "add",
        "northwind/summer",
        "Storyboards to client",
        "--due",
        "fri",
        "--team",
        "creative",
        "--client-approval",
    )
    today = clock.today()
    fri = today + timedelta(days=(4 - today.weekday()) % 7 or 7)
    assert out.strip() == (
        f"Added M1 Storyboards to client to northwind/summer · creative · due {fri} (fri) · "
        "client approval (5 working days agreed)"
    )


def test_list_json_filters_and_overdue(plan: Cli) -> None:
    rows = _rows(plan)
    assert [r["label"] for r in rows] == ["M1", "M2", "M3", "M4", "M5"]
    today = clock.today()
    review = rows[2]
    # after M2 (+4d) with a day of lag, for the five days the client agreed
    assert review["start_on"] == (today + timedelta(days=6)).isoformat()
    assert review["due_on"] == (today + timedelta(days=10)).isoformat()
    assert review["after"] == [{"id": 2, "label": "M2", "lag_days": 1}]
    assert review["client_approval"] is True and review["approval_days"] == 5
    assert rows[1]["estimated_minutes"] == 1200 and rows[1]["owner"] == "Ana"
    assert [r["label"] for r in _rows(plan, "--overdue")] == ["M1"]
    assert _rows(plan, "--overdue")[0]["overdue_days"] == 3
    assert [r["label"] for r in _rows(plan, "--team", "creative")] == ["M2"]
    assert [r["label"] for r in _rows(plan, "northwind")] == [r["label"] for r in rows]
    text = plan.ok("milestone", "list", "--overdue")
    assert "M1" in text and "(3d late)" in text and "M2" not in text


def test_move_shows_and_moves_dependents(plan: Cli) -> None:
    today = clock.today()
    out = plan.ok("milestone", "move", "M2", "--by", "3")
    assert f"M2 Storyboards moved: due {today + timedelta(days=4)} → {today + timedelta(days=7)} (+3d)" in out
    assert "2 dependents follow:" in out
    assert f"M3 Client review: {today + timedelta(days=10)} → {today + timedelta(days=13)} (+3d)" in out
    assert f"M4 Shoot: {today + timedelta(days=14)} → {today + timedelta(days=17)} (+3d)" in out
    assert "M5" not in out  # launch had slack
    dues = {r["label"]: r["due_on"] for r in _rows(plan)}
    assert dues["M4"] == (today + timedelta(days=17)).isoformat()
    preview = plan.ok("milestone", "move", "M4", "--by", "25", "--dry-run")
    assert "would move" in preview and "M5 Launch" in preview and "would follow" in preview
    assert {r["label"]: r["due_on"] for r in _rows(plan)} == dues


def test_status_commands(plan: Cli) -> None:
    out = plan.ok("milestone", "start", "M3")
    assert "M3 Client review in progress since" in out and "with the client; answer due" in out
    assert "blocked since" in plan.ok("milestone", "block", "m3", "--reason", "Legal")
    out = plan.ok("milestone", "done", "M1")
    assert "M1 Brief done on" in out and "(3d after due)" in out and "northwind/summer 20% complete" in out
    shown = json.loads(plan.ok("milestone", "show", "M3", "--json"))
    assert shown["status"] == "blocked" and shown["note"] == "Legal"


def test_link_refuses_loops_and_unlink(plan: Cli) -> None:
    assert_refused(
        plan, ("milestone", "link", "M2", "--after", "M4"), 1, "would make a loop: M4 → M2 → M3 → M4"
    )
    assert_refused(plan, ("milestone", "link", "M5", "--after", "M5"), 1, "M5 → M5")
    out = plan.ok("milestone", "unlink", "M5", "--after", "M4")
    assert "M5 Launch no longer waits for M4" in out
    out = plan.ok("milestone", "link", "M5", "--after", "M4", "--lag", "30")
    assert "now comes after M4 +30d" in out and "M5 Launch:" in out


def test_bad_input_is_refused_and_nothing_changes(plan: Cli) -> None:
    bad: list[tuple[tuple[str, ...], int, str]] = [
        (("milestone", "add", "northwind/nope", "X", "--due", "+1d"), 1, "no project"),
        (("milestone", "add", "nobody/summer", "X", "--due", "+1d"), 1, "no account"),
        (("milestone", "add", "summer", "X", "--start", "+5d", "--due", "+2d"), 2, "before start date"),
        (("milestone", "add", "summer", "X", "--due", "31/12/2026"), 2, "ambiguous date"),
        (("milestone", "add", "summer", "X", "--due", "2026-02-30"), 2, "not a real date"),
        (("milestone", "add", "summer", "X", "--due", "+1d", "--team", "legal"), 2, "unknown team"),
        (("milestone", "add", "summer", "X"), 2, "give --due"),
        (("milestone", "add", "summer", "X", "--due", "+1d", "--after", "M99"), 1, "no milestone M99"),
        (("milestone", "add", "summer", "X", "--due", "+1d", "--after", "M2"), 1, "at the earliest"),
        (("milestone", "add", "summer", "X", "--due", "+1d", "--hours", "lots"), 2, "not hours"),
        (("milestone", "move", "M99", "--to", "+1d"), 1, "no milestone M99"),
        (("milestone", "move", "Q2", "--to", "+1d"), 2, "not a milestone reference"),
        (("milestone", "move", "M2", "--to", "someday"), 2, "not a date"),
        (("milestone", "move", "M2"), 2, "--to DATE"),
        (("milestone", "move", "M3", "--to", "today"), 1, "can start"),
        (("milestone", "start", "M404"), 1, "no milestone"),
        (("milestone", "list", "--team", "legal"), 2, "unknown team"),
        (("timeline", "nowhere/none"), 1, "no account"),
        (("calendar", "export", "nope", "--out", "x.ics"), 1, "no project"),
    ]
    for args, code, fragment in bad:
        assert_refused(plan, args, code, fragment)
    plan.ok("milestone", "done", "M1")
    assert_refused(plan, ("milestone", "done", "M1"), 1, "done already")
    assert_refused(plan, ("milestone", "move", "M1", "--by", "2"), 1, "does not move")


def test_timeline_chart_marks_today_and_groups_by_project(plan: Cli) -> None:
    out = plan.ok("timeline", "northwind/summer")
    lines = out.splitlines()
    assert lines[0].startswith("Timeline ") and f"today {clock.today()}" in lines[0]
    assert any("▼" in ln for ln in lines[:4])
    assert any("Summer northwind/summer" in ln for ln in lines)
    shoot = next(ln for ln in lines if ln.lstrip().startswith("M4 "))
    assert "▒▒▒▒" in shoot and "M3" in shoot  # a planned four-day bar, after M3
    brief = next(ln for ln in lines if ln.lstrip().startswith("M1 "))
    assert "◆···" in brief and "late" in brief  # a point in time, three days late up to today
    assert "No milestones to chart" in plan.ok("timeline", "--team", "analytics")


def test_calendar_export_parses_back_with_stable_uids(plan: Cli, tmp_path: Path) -> None:
    path = tmp_path / "milestones.ics"
    out = plan.ok("calendar", "export", "northwind", "--out", str(path))
    assert out.startswith(f"Wrote 5 milestones to {path}")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    cal = Calendar.from_ical(path.read_bytes())
    events = {str(e["summary"]).split()[0]: e for e in cal.walk("VEVENT")}
    assert sorted(events) == ["M1", "M2", "M3", "M4", "M5"]
    shoot = events["M4"]
    today = clock.today()
    assert shoot.decoded("dtstart") == today + timedelta(days=11)
    assert shoot.decoded("dtend") == today + timedelta(days=15)  # all-day: the day after the due date
    assert "after M3" in str(shoot["description"]) and str(shoot["categories"].cats[0]) == "production"
    uids = {k: str(e["uid"]) for k, e in events.items()}
    assert len(set(uids.values())) == 5

    plan.ok("milestone", "move", "M2", "--by", "3")
    path.chmod(0o644)
    plan.ok("calendar", "export", "--out", str(path))
    again = {str(e["summary"]).split()[0]: e for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}
    assert {k: str(e["uid"]) for k, e in again.items()} == uids  # the same events, updated
    assert again["M4"].decoded("dtstart") == today + timedelta(days=14)
    assert int(again["M4"]["sequence"]) >= int(shoot["sequence"])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    plan.ok("milestone", "done", "M1")
    plan.ok("calendar", "export", "--out", str(path), "--open")
    assert "M1 " not in path.read_text()


def test_edit_changes_people_and_shape_but_not_the_schedule(plan: Cli) -> None:
    before = {r["label"]: r["due_on"] for r in _rows(plan)}
    out = plan.ok(
        "milestone",
        "edit",
        "M4",
        "--name",
        "Hero shoot",
        "--owner",
        "Eli",
        "--team",
        "production",
        "--hours",
        "16",
        "--start",
        "none",
    )
    assert out.startswith("Updated M4 Hero shoot · production · owner Eli · due ")
    m4 = json.loads(plan.ok("milestone", "show", "M4", "--json"))
    assert (m4["start_on"], m4["estimated_minutes"], m4["owner"]) == (None, 960, "Eli")
    assert {r["label"]: r["due_on"] for r in _rows(plan)} == before
    assert_refused(plan, ("milestone", "edit", "M4", "--start", "today"), 1, "can start")
    assert_refused(plan, ("milestone", "edit", "M4", "--start", "+60d"), 2, "after the due date")
    assert_refused(plan, ("milestone", "edit", "M4", "--team", "legal"), 2, "unknown team")
    assert_refused(plan, ("milestone", "edit", "M4", "--weight", "0"), 2, "weight")
    assert_refused(plan, ("milestone", "edit", "M40", "--name", "X"), 1, "no milestone M40")


def test_edit_days_lengthens_a_milestone_and_its_dependents_follow(plan: Cli) -> None:
    today = clock.today()
    before = {r["label"]: (r["start_on"], r["due_on"]) for r in _rows(plan)}
    out = plan.ok("milestone", "edit", "M2", "--days", "6")
    assert f"{today + timedelta(days=1)} → {today + timedelta(days=6)}" in out  # start kept, due follows
    assert "2 dependents follow:" in out
    after = {r["label"]: (r["start_on"], r["due_on"]) for r in _rows(plan)}
    # M3 (after M2, lag 1, five days) now starts +8; M4 (after M3) is pushed to +13; M5 had room.
    assert after["M3"] == (str(today + timedelta(days=8)), str(today + timedelta(days=12)))
    assert after["M4"] == (str(today + timedelta(days=13)), str(today + timedelta(days=16)))
    assert after["M5"] == before["M5"]
    plan.ok("undo")
    assert {r["label"]: (r["start_on"], r["due_on"]) for r in _rows(plan)} == before


def test_edit_days_refusals(plan: Cli) -> None:
    plan.ok("milestone", "done", "M1")
    bad: list[tuple[tuple[str, ...], int, str]] = [
        (("milestone", "edit", "M2", "--days", "0"), 2, "between 1 and"),
        (("milestone", "edit", "M2", "--days", "-3"), 2, "between 1 and"),
        (("milestone", "edit", "M2", "--days", "4"), 2, "4 working days long already"),
        (("milestone", "edit", "M1", "--days", "2"), 1, "done"),
        (("milestone", "edit", "M2", "--days", "2", "--start", "none"), 2, "--start none"),
        (("milestone", "edit", "M3", "--days", "2", "--start", "today"), 1, "at the earliest"),
        (("milestone", "edit", "M99", "--days", "2"), 1, "no milestone M99"),
        (("milestone", "edit", "M2", "--days", "two"), 2, "two"),
    ]
    for args, code, fragment in bad:
        assert_refused(plan, args, code, fragment)
