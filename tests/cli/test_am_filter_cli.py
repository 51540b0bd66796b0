"""``--am NAME`` on ``today``, ``account list``, ``budget`` and ``reconcile``: one AM's accounts, the JSON and
CSV carrying ``am``; ``account add/edit --am`` sets it; bad input changes nothing."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.conftest import Cli, assert_refused, creator


def test_each_team_view_keeps_one_ams_accounts(demo_cli: Cli) -> None:
    listed = json.loads(demo_cli.ok("account", "list", "--am", "theo", "--json"))
    assert [(a["slug"], a["am"]) for a in listed] == [("bramble", "theo")]
    assert "maya" in demo_cli.ok("account", "list") and "theo" in demo_cli.ok("account", "list")
    budget = json.loads(demo_cli.ok("budget", "--am", "maya", "--json"))
    assert budget and {b["am"] for b in budget} == {"maya"}
    assert "bramble" not in {b["account"] for b in budget}
    rows = list(csv.DictReader(io.StringIO(demo_cli.ok("budget", "--am", "theo", "--csv"))))
    assert {r["account"] for r in rows} == {"bramble"} and {r["am"] for r in rows} == {"theo"}
    rec = json.loads(demo_cli.ok("reconcile", "--am", "theo", "--json"))
    assert {p["account"] for p in rec["projects"]} == {"bramble"}
    assert {p["am"] for p in rec["projects"]} == {"theo"}
    rows = list(csv.DictReader(io.StringIO(demo_cli.ok("reconcile", "--am", "maya", "--csv"))))
    assert rows and {r["am"] for r in rows} == {"maya"}
    today = json.loads(demo_cli.ok("today", "--am", "theo", "--json"))
    assert today and {i["account"] for i in today} == {"bramble"} and {i["am"] for i in today} == {"theo"}
    everyone = json.loads(demo_cli.ok("today", "--json"))
    assert len(everyone) > len(today)
    assert "Nothing needs AM nobody today" in demo_cli.ok("today", "--am", "nobody")
    assert "bramble" in demo_cli.ok("today", "--am", "THEO")


def test_account_add_and_edit_set_the_am(cli: Cli) -> None:
    assert f"AM {creator(cli.db)}" in cli.ok("account", "add", "Acme")
    assert "AM dana" in cli.ok("account", "add", "Beta", "--am", "dana")
    assert "AM sam" in cli.ok("account", "edit", "acme", "--am", "sam")
    assert [a["slug"] for a in json.loads(cli.ok("account", "list", "--am", "sam", "--json"))] == ["acme"]


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (("account", "edit", "helios", "--am", ""), 2, "AM"),
        (("account", "edit", "helios", "--am", "x" * 64), 2, "AM"),
        (("account", "add", "Zed", "--am", " "), 2, "AM"),
        (("account", "edit", "helios", "--client-sees", ","), 2, "section names"),
        (("budget", "--am", "maya", "--month", "2026-11"), 2, "--am"),
        (("budget", "helios/always-on-search", "--am", "maya", "--lines"), 2, "--am"),
    ],
)
def test_bad_am_input_is_refused(demo_cli: Cli, args: tuple[str, ...], code: int, fragment: str) -> None:
    assert_refused(demo_cli, args, code, fragment)
