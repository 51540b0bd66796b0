"""An approved change order with days moves the open milestones; voiding it moves them back."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Cli

# The dependency rules on a calendar-day week; working days: tests/services/timeline/test_workdays*.py
pytestmark = pytest.mark.usefixtures("seven_day_week")


def _due(cli: Cli, label: str) -> str:
    return json.loads(cli.ok("milestone", "show", label, "--json"))["due_on"]


def test_approval_shifts_open_milestones_and_void_undoes_it(cli: Cli) -> None:
    cli.ok("account", "add", "Acme", "--slug", "acme")
    cli.ok(
        "project",
        "add",
        "acme/launch",
        "Launch",
        "--budget",
        "10000",
        "--start",
        "2026-11-02",
        "--end",
        "2030-06-28",
    )
    cli.ok("milestone", "add", "acme/launch", "Kickoff", "--due", "2026-11-10")
    cli.ok("milestone", "add", "acme/launch", "Storyboards", "--due", "2030-02-01", "--team", "creative")
    cli.ok("milestone", "add", "acme/launch", "Shoot", "--due", "2030-03-01", "--after", "M2")
    labels = [m["label"] for m in json.loads(cli.ok("milestone", "list", "acme/launch", "--json"))]
    kickoff, boards, shoot = labels
    cli.ok("milestone", "done", kickoff, "--date", "2026-11-10")
    drafted = cli.ok("add-change-order", "acme/launch", "Spanish variants", "--amount", "3200", "--days", "4")
    assert "2 milestones move" in drafted  # the preview: Storyboards and Shoot (Kickoff is done)
    cli.ok("co", "send", "CO-1", "--date", "2026-11-27")
    out = cli.ok("co", "approve", "CO-1", "--by", "Dana Ruiz", "--date", "2026-11-28")
    assert "2 milestones moved" in out
    assert (_due(cli, kickoff), _due(cli, boards), _due(cli, shoot)) == (
        "2026-11-10",
        "2030-02-05",
        "2030-03-05",
    )
    assert json.loads(cli.ok("project", "show", "acme/launch", "--json"))["end_on"] == "2030-07-02"
    cli.ok("co", "void", "CO-1")
    assert (_due(cli, boards), _due(cli, shoot)) == ("2030-02-01", "2030-03-01")
