"""``amtui report qbr ACCOUNT [--quarter 2026Q4]``: the quarter in Markdown and JSON, on the audience rule."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from amtui.core.errors import InputError
from amtui.services.overview.qbr import parse_quarter
from tests.conftest import Cli, assert_refused


def test_parse_quarter() -> None:
    today = date(2026, 11, 28)
    assert parse_quarter(None, today) == ("2026Q4", date(2026, 10, 1), date(2026, 12, 31))
    assert parse_quarter("2026-q1", today) == ("2026Q1", date(2026, 1, 1), date(2026, 3, 31))
    assert parse_quarter("Q2 2027", today) == ("2027Q2", date(2027, 4, 1), date(2027, 6, 30))
    for bad in ("2026Q5", "Q4", "2026-11", ""):
        with pytest.raises(InputError, match="2026Q4"):
            parse_quarter(bad, today)


def test_quarter_under_way_is_reported_to_today(demo_cli: Cli) -> None:
    r = json.loads(demo_cli.ok("report", "qbr", "quokka", "--format", "json"))
    assert (r["quarter"], r["period_from"], r["period_to"]) == ("2026Q4", "2026-10-01", "2026-11-28")
    assert [m["month"] for m in r["months"]] == ["2026-10", "2026-11"]
    assert r["months"][0]["data_days"] == 31 and r["months"][0]["spend_cents"] > 0
    assert r["summary"][0].startswith("2026Q4: media spend $")
    assert r["delivered"] and all(d[:10] <= "2026-11-28" for d in r["delivered"])
    assert not any("Late:" in i and "(0 days)" in i for i in r["open_items"])
    assert [h[1] for h in r["health"]][:2] == [90, 90]  # the demo's weekly history


def test_client_qbr_leaves_out_risks_pipeline_health_and_margin(demo_cli: Cli, tmp_path: Path) -> None:
    internal = demo_cli.ok("report", "qbr", "quokka", "--quarter", "2026Q4", "--for", "internal")
    doc = tmp_path / "quokka-qbr.md"
    msg = demo_cli.ok("report", "qbr", "quokka", "--quarter", "2026Q4", "--out", str(doc))
    assert msg.strip() == f"Wrote the client version of the quokka QBR 2026Q4 to {doc}"
    client = doc.read_text()
    client_json = demo_cli.ok("report", "qbr", "quokka", "--format", "json", "--for", "client")
    for item in ("New CMO is reviewing agencies", "EMEA market launch", "Health trend", "margin"):
        assert item in internal, item
        assert item not in client, item
        assert item not in client_json, item
    data = json.loads(client_json)
    assert "health" not in data and "escalations" not in data["status"] and "pipeline" not in data["status"]
    assert client.startswith("# Quokka Cloud — quarterly business review 2026Q4")
    headings = ("Summary", "Results by month", "Delivered", "Change orders approved", "Billing and payments",
                "Wins", "Open items", "Next quarter")  # fmt: skip
    for heading in headings:
        assert f"## {heading}" in client


def test_a_quarter_without_data_is_a_short_valid_document(demo_cli: Cli) -> None:
    demo_cli.ok("account", "add", "Empty Co", "--slug", "empty")
    md = demo_cli.ok("report", "qbr", "empty", "--quarter", "2026Q3", "--for", "client")
    assert "No campaign results imported for this account." in md
    assert "No milestones completed this quarter." in md
    assert len(md.splitlines()) < 60


def test_refusals(demo_cli: Cli, tmp_path: Path) -> None:
    assert_refused(demo_cli, ("report", "qbr", "nobody"), 1, "no account")
    assert_refused(demo_cli, ("report", "qbr", "helios", "--quarter", "2026Q7"), 2, "2026Q4")
    assert_refused(demo_cli, ("report", "qbr", "helios", "--format", "pptx"), 2, "format")
    assert_refused(demo_cli, ("report", "qbr", "helios", "--for", "board"), 2, "client or internal")
    assert_refused(demo_cli, ("report", "qbr", "helios", "--out", str(tmp_path)), 2, "folder")


def test_report_qbr_imports_neither_sqlalchemy_nor_sqlmodel(demo_cli: Cli, tmp_path: Path) -> None:
    from tests.test_import_hygiene import full_modules_after

    out = tmp_path / "qbr.json"
    code = (
        "import sys\n"
        f"sys.argv = ['amtui', '--db', {str(demo_cli.db)!r}, 'report', 'qbr', 'helios', '--format', 'json', "
        f"'--out', {str(out)!r}]\n"
        "from amtui.cli.main import run\n"
        "try:\n    run()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
    )
    mods = full_modules_after(code)
    assert "amtui.services.overview.qbr" in mods
    assert not sorted(m for m in mods if m.split(".")[0] in ("sqlalchemy", "sqlmodel"))[:5]
    assert json.loads(out.read_text())["months"]
