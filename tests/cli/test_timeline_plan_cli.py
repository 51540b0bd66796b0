"""Timelines as a delivery plan, as a user types it: working days and holidays, --days, approval windows, the
plan's edges and the critical path, a change order's days, holidays from .ics, team load; and the refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli, assert_refused, dump, write_config

# AMTUI_TODAY is Saturday 2026-11-28. Mon–Fri, with Christmas and Boxing Day off (Boxing Day is a Saturday).
CONFIG = """
[calendar]
holidays = [2026-12-25, 2026-12-26]

[timeline]
approval_days = 4

[capacity]
creative = 20
"""


def rows(cli: Cli, *args: str) -> dict[str, dict[str, object]]:
    return {r["label"]: r for r in json.loads(cli.ok("milestone", "list", *args, "--json"))}


@pytest.fixture
def refresh(cli: Cli) -> Cli:
    """The brand refresh from the issue: a workshop, concepts after it, the client's review, refine, print."""
    write_config(CONFIG)
    cli.ok("account", "add", "Acme", "--slug", "acme")
    cli.ok(
        "project", "add", "acme/refresh", "Refresh", "--budget", "40000", "--start", "2026-11-30",
        "--end", "2026-12-31",
    )  # fmt: skip
    cli.ok("milestone", "add", "refresh", "Workshop", "--due", "2026-12-02", "--team", "strategy")  # M1 Wed
    cli.ok(
        "milestone", "add", "refresh", "Three identity concepts", "--after", "M1", "--days", "5",
        "--hours", "40", "--team", "creative",
    )  # fmt: skip  # M2: Thu 3 → Wed 9 (the weekend skipped)
    cli.ok("milestone", "add", "refresh", "Client review", "--after", "M2", "--client-approval")  # M3
    cli.ok(
        "milestone", "add", "refresh", "Refine", "--after", "M3", "--days", "3", "--team", "creative"
    )  # M4
    cli.ok("milestone", "add", "refresh", "Print files", "--after", "M4", "--days", "5")  # M5
    return cli


def test_durations_lags_and_approval_windows_count_working_days(refresh: Cli) -> None:
    r = rows(refresh)
    dates = {k: (v["start_on"], v["due_on"]) for k, v in r.items()}
    assert dates == {
        "M1": (None, "2026-12-02"),
        "M2": ("2026-12-03", "2026-12-09"),  # five working days over a weekend
        "M3": ("2026-12-10", "2026-12-15"),  # the config's four-day approval window
        "M4": ("2026-12-16", "2026-12-18"),
        "M5": ("2026-12-21", "2026-12-28"),  # Mon 21 → Thu 24, then Christmas, the weekend: Mon 28
    }
    assert r["M3"]["approval_days"] == 4 and r["M3"]["client_approval"] is True
    out = refresh.ok("milestone", "start", "M3")  # sent on Saturday 28 Nov: four working days → Thu 3 Dec
    assert "answer due 2026-12-03 (4 working days)" in out
    lagged = refresh.ok("milestone", "add", "refresh", "Sign-off", "--after", "M2", "--lag", "2")
    assert "due 2026-12-14" in lagged  # after Wed 9: Thu 10, two days' lag (Fri 11, Mon 14)


def test_a_date_given_on_a_weekend_is_kept_with_a_note(refresh: Cli) -> None:
    out = refresh.ok("milestone", "add", "refresh", "Shoot", "--due", "2026-12-25", "--days", "2")
    assert "2026-12-23 → 2026-12-25" in out
    assert "Note: 2026-12-25 is a holiday, not a working day (kept as given)" in out
    moved = refresh.ok("milestone", "move", "M6", "--to", "2026-12-27")
    assert "Note: 2026-12-27 is a Sunday" in moved


def test_move_reports_the_plans_edges_and_moving_back_restores_every_date(refresh: Cli) -> None:
    refresh.ok("milestone", "add", "refresh", "Launch", "--due", "2026-12-30", "--after", "M5", "--fixed")
    before = rows(refresh)
    assert before["M6"]["fixed"] is True
    crit = {k for k, v in before.items() if v["critical"]}
    assert crit == {"M6"}  # the launch sets the end; Print files ends with a day to spare
    out = refresh.ok("milestone", "move", "M2", "--by", "3")
    assert "M5 Print files: 2026-12-28 → 2026-12-31 (+3d)" in out
    assert "M5 Print files ends 2026-12-31, too late for M6 Launch (fixed, 2026-12-30)" in out
    after = rows(refresh)
    assert after["M6"]["due_on"] == "2026-12-30"  # a fixed date does not move
    out = refresh.ok("milestone", "move", "M2", "--by", "3")
    assert "ends 2027-01-05, 5 days after the project ends (2026-12-31)" in out
    assert {k for k, v in rows(refresh).items() if v["critical"]} == {"M2", "M3", "M4", "M5"}
    chart = refresh.ok("timeline", "refresh")
    assert "⚠ M5 Print files ends 2027-01-05" in chart and "★" in chart
    refresh.ok("milestone", "move", "M2", "--by", "-6")
    restored = rows(refresh)
    assert {k: (v["start_on"], v["due_on"]) for k, v in restored.items()} == {
        k: (v["start_on"], v["due_on"]) for k, v in before.items()
    }


def test_unlinking_returns_a_pushed_milestone_to_its_plan(refresh: Cli) -> None:
    refresh.ok("milestone", "add", "refresh", "Copy", "--due", "2026-12-04")  # M6, on its own
    out = refresh.ok("milestone", "link", "M6", "--after", "M2")
    assert "M6 Copy: 2026-12-04 → 2026-12-10" in out
    refresh.ok("milestone", "unlink", "M6", "--after", "M2")
    assert rows(refresh)["M6"]["due_on"] == "2026-12-04"


def test_a_change_orders_days_are_working_days(refresh: Cli) -> None:
    refresh.ok("add-change-order", "acme/refresh", "Extra format", "--amount", "900", "--days", "3")
    refresh.ok("co", "send", "CO-1", "--date", "2026-11-28")
    refresh.ok("co", "approve", "CO-1", "--by", "Dana", "--date", "2026-11-28")
    project = json.loads(refresh.ok("project", "show", "acme/refresh", "--json"))
    assert project["end_on"] == "2027-01-05"  # Thu 31 Dec + 3 working days (1 Jan is a Friday, worked here)
    assert rows(refresh)["M5"]["due_on"] == "2026-12-31"  # Mon 28 + 3 working days
    refresh.ok("co", "void", "CO-1")
    assert rows(refresh)["M5"]["due_on"] == "2026-12-28"
    assert json.loads(refresh.ok("project", "show", "acme/refresh", "--json"))["end_on"] == "2026-12-31"


def test_team_load_spreads_hours_over_working_days_against_capacity(refresh: Cli) -> None:
    data = json.loads(refresh.ok("load", "--weeks", "3", "--json"))
    creative = next(t for t in data["teams"] if t["team"] == "creative")
    assert creative["capacity_hours"] == 20
    # 40 hours over five working days, Thu 3 → Wed 9: 16 h the week of 30 Nov, 24 h the week of 7 Dec
    assert [(w["week"], w["hours"], w["over"]) for w in creative["weeks"]] == [
        ("2026-11-23", 0, False),
        ("2026-11-30", 16, False),
        ("2026-12-07", 24, True),
    ]
    text = refresh.ok("load", "--team", "creative", "--weeks", "3")
    assert "24h ▲" in text and "1 week over capacity" in text and "strategy" not in text
    assert_refused(refresh, ("load", "--team", "legal"), 2, "unknown team")
    assert_refused(refresh, ("load", "--weeks", "0"), 2)


def test_holidays_import_from_ics_and_the_scheduler_skips_them(refresh: Cli, tmp_path: Path) -> None:
    ics = tmp_path / "agency.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        "BEGIN:VEVENT\r\nUID:a@x\r\nDTSTART;VALUE=DATE:20261207\r\nDTEND;VALUE=DATE:20261209\r\n"
        "SUMMARY:Agency offsite\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:b@x\r\nDTSTART;VALUE=DATE:20261225\r\nSUMMARY:Christmas\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n",
        encoding="utf-8",
    )
    out = refresh.ok("holidays", "import", str(ics))
    assert out.strip() == "Imported 3 holidays from agency.ics, 2026-12-07 → 2026-12-25"
    again = refresh.ok("holidays", "import", str(ics))
    assert "Imported 0 holidays" in again and "(3 already in the book)" in again
    listed = json.loads(refresh.ok("holidays", "list", "--json"))
    assert listed["working_days"] == ["mon", "tue", "wed", "thu", "fri"]
    assert [h["on_date"] for h in listed["holidays"]] == [
        "2026-12-07",
        "2026-12-08",
        "2026-12-25",
        "2026-12-26",
    ]
    out = refresh.ok("milestone", "add", "refresh", "Deck", "--start", "2026-12-04", "--days", "3")
    assert "2026-12-04 → 2026-12-10" in out  # Fri 4, then the offsite Mon 7 – Tue 8: Wed 9, Thu 10
    bad = tmp_path / "not.ics"
    bad.write_text("this is not a calendar\n", encoding="utf-8")
    assert_refused(refresh, ("holidays", "import", str(bad)), 2, "is not an iCalendar file")
    empty = tmp_path / "empty.ics"
    empty.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    assert_refused(refresh, ("holidays", "import", str(empty)), 2, "no events")
    assert_refused(refresh, ("holidays", "import", str(tmp_path / "nope.ics")), 2, "no such file")


def test_bad_durations_are_refused_and_nothing_changes(refresh: Cli) -> None:
    three = ("--start", "2026-12-01", "--due", "2026-12-04", "--days", "2")
    bad: list[tuple[tuple[str, ...], int, str]] = [
        (("milestone", "add", "refresh", "X", "--after", "M1", "--days", "0"), 2, "--days must be between 1"),
        (("milestone", "add", "refresh", "X", "--after", "M1", "--days", "-3"), 2, "not -3"),
        (("milestone", "add", "refresh", "X", *three), 2,
         "--days 2 disagrees with --start 2026-12-01 and --due 2026-12-04 (4 working days)"),
        (("milestone", "add", "refresh", "X", "--start", "2026-12-01"), 2, "give --due or --days"),
        (("milestone", "add", "refresh", "X", "--approval-days", "0", "--after", "M1"), 2, "approval days"),
        (("milestone", "add", "refresh", "X", "--after", "M2", "--start", "2026-12-08", "--days", "2"), 1,
         "can start 2026-12-10 at the earliest"),
        (("milestone", "move", "M3", "--by", "-2"), 1, "can start 2026-12-10 at the earliest"),
    ]  # fmt: skip
    for args, code, fragment in bad:
        assert_refused(refresh, args, code, fragment)


def test_a_bad_calendar_in_the_config_is_one_line(cli: Cli) -> None:
    cli.ok("account", "list")
    before = dump(cli.db)
    write_config('[calendar]\nworking_days = ["mon", "funday"]\n')
    r = cli("holidays", "list")
    assert r.code == 2 and "not a day of the week: 'funday'" in r.stderr and len(r.stderr.splitlines()) == 1
    assert dump(cli.db) == before
