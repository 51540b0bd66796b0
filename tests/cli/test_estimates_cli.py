"""``amtui rate …``, ``amtui estimate …`` and ``budget --lines``: from the rate card to a project's
budget by line, and everything they refuse (one line, the exit code, the book unchanged)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.conftest import Cli, assert_refused, beside, connect, dump


def _rates(cli: Cli) -> None:
    cli.ok("account", "add", "Northwind Outfitters", "--slug", "northwind")
    for team, bill, cost in (("creative", "165", "70"), ("media", "150", "60"), ("strategy", "190", "85")):
        cli.ok("rate", "set", team, "--bill", bill, "--cost", cost, "--from", "2026-01-01")


def _estimate(cli: Cli) -> int:
    _rates(cli)
    out = cli.ok("estimate", "new", "northwind", "Spring Launch", "--contingency", "10%", "--json")
    eid = json.loads(out)["id"]
    cli.ok("estimate", "line", "add", str(eid), "--team", "creative", "--hours", "80")
    cli.ok("estimate", "line", "add", str(eid), "--team", "media", "--hours", "20.5")
    cli.ok("estimate", "line", "add", str(eid), "--item", "Media buy", "--price", "20000", "--cost", "19000")
    return int(eid)


def test_lines_are_priced_from_the_rate_card_and_add_up(cli: Cli) -> None:
    eid = _estimate(cli)
    d = json.loads(cli.ok("estimate", "show", str(eid), "--json"))
    amounts = [ln["amount_cents"] for ln in d["shown_lines"]]
    # 80h × $165, 20.5h × $150, the item, then 10% contingency on the three.
    assert amounts[:3] == [1_320_000, 307_500, 2_000_000]
    assert amounts[3] == 362_750
    assert d["totals"]["amount_cents"] == sum(amounts) == 3_990_250
    assert d["totals"]["cost_cents"] == 80 * 7_000 + 123_000 + 1_900_000  # 20.5h × $60
    shown = cli.ok("estimate", "show", str(eid))
    assert "Contingency 10%" in shown and "Total $39,902.50" in shown


def test_a_later_rate_does_not_reprice_an_estimate_dated_before_it(cli: Cli) -> None:
    _rates(cli)
    cli.ok("rate", "set", "creative", "--bill", "200", "--cost", "90", "--from", "2026-12-01")
    out = cli.ok("estimate", "new", "northwind", "Old rates", "--date", "2026-11-01", "--json")
    eid = json.loads(out)["id"]
    cli.ok("estimate", "line", "add", str(eid), "--team", "creative", "--hours", "10")
    new = json.loads(cli.ok("estimate", "new", "northwind", "New rates", "--date", "2026-12-02", "--json"))[
        "id"
    ]
    cli.ok("estimate", "line", "add", str(new), "--team", "creative", "--hours", "10")
    old_d = json.loads(cli.ok("estimate", "show", str(eid), "--json"))
    new_d = json.loads(cli.ok("estimate", "show", str(new), "--json"))
    assert old_d["totals"]["amount_cents"] == 165_000
    assert new_d["totals"]["amount_cents"] == 200_000


def test_versions_and_diff(cli: Cli) -> None:
    eid = _estimate(cli)
    cli.ok("estimate", "line", "rm", str(eid), "2", "--new-version")
    d = json.loads(cli.ok("estimate", "show", str(eid), "--json"))
    assert d["version"] == 2 and len(d["lines"]) == 2
    v1 = json.loads(cli.ok("estimate", "show", str(eid), "--version", "v1", "--json"))
    assert len(v1["lines"]) == 3  # the earlier version is kept as it was
    diff = cli.ok("estimate", "diff", str(eid), "v1", "v2")
    assert "- media 20.5h" in diff and "contingency" in diff
    data = json.loads(cli.ok("estimate", "diff", str(eid), "v1", "v2", "--json"))
    assert data["total_after_cents"] - data["total_before_cents"] == -(307_500 + 30_750)


def test_templates_and_like_a_past_project(cli: Cli) -> None:
    _rates(cli)
    for team in ("account", "production"):
        cli.ok("rate", "set", team, "--bill", "140", "--cost", "60", "--from", "2026-01-01")
    d = json.loads(cli.ok("estimate", "new", "northwind", "Launch", "--from-template", "launch", "--json"))
    assert [ln["team"] for ln in d["lines"]] == ["strategy", "creative", "media", "production", "account"]
    assert d["contingency_bp"] == 1000
    cli.ok("project", "add", "northwind/autumn", "Autumn", "--budget", "10000", "--rate", "150")
    cli.ok("time", "northwind/autumn", "12", "--team", "creative", "--date", "2026-11-02")
    cli.ok("time", "northwind/autumn", "3.5", "--team", "media", "--date", "2026-11-03")
    cli.ok("time", "northwind/autumn", "2", "--team", "creative", "--date", "2026-11-04")
    like = json.loads(
        cli.ok("estimate", "new", "northwind", "Winter", "--like", "northwind/autumn", "--json")
    )
    assert [(ln["team"], ln["minutes"]) for ln in like["lines"]] == [("creative", 14 * 60), ("media", 210)]


def test_edit_round_trips_and_saves_a_new_version(cli: Cli, tmp_path: Path) -> None:
    eid = _estimate(cli)
    cli.ok("estimate", "edit", str(eid), "--from", str(_same(cli, eid, tmp_path)))
    d = json.loads(cli.ok("estimate", "show", str(eid), "--json"))
    assert d["version"] == 1  # the same text is no change
    text = _same(cli, eid, tmp_path).read_text().replace("| creative | 80 |", "| creative | 60 |")
    text = text.replace("Contingency: 10%", "Contingency: 5%")
    edited = tmp_path / "edited.md"
    edited.write_text(text)
    assert "saved as v2" in cli.ok("estimate", "edit", str(eid), "--from", str(edited))
    d = json.loads(cli.ok("estimate", "show", str(eid), "--json"))
    assert d["version"] == 2 and d["contingency_bp"] == 500
    assert d["lines"][0]["minutes"] == 3600 and d["lines"][0]["amount_cents"] == 990_000


def _same(cli: Cli, eid: int, tmp_path: Path) -> Path:
    from amtui.services.estimates import markdown, read

    con = connect(cli.db)
    try:
        text = markdown.render(read.detail(con, eid))
    finally:
        con.close()
    path = tmp_path / "same.md"
    path.write_text(text)
    return path


def test_a_bad_markdown_edit_is_kept_in_a_recovery_file_and_nothing_is_saved(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    eid = _estimate(cli)
    script = tmp_path / "edit.py"
    script.write_text(
        "import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text().replace('| hours | media |', '| hourz | media |'))\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    monkeypatch.delenv("VISUAL", raising=False)
    assert_refused(cli, ("estimate", "edit", str(eid)), 2, "not saved")
    kept = list((beside(cli.db) / "recovery").glob(f"estimate-{eid}-*.md"))
    assert len(kept) == 1 and "| hourz | media |" in kept[0].read_text()


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (("estimate", "line", "add", "1", "--team", "creative", "--hours", "-5"), 2, "hours"),
        (("estimate", "line", "add", "1", "--team", "creative", "--hours", "0"), 2, "more than zero"),
        (("estimate", "line", "add", "1", "--team", "design", "--hours", "5"), 2, "unknown team"),
        (("estimate", "line", "add", "1", "--team", "analytics", "--hours", "5"), 1, "no rate for analytics"),
        (("estimate", "line", "add", "1", "--item", "Media", "--price", "-5"), 2, "negative"),
        (("estimate", "line", "add", "1", "--item", "Media"), 2, "price"),
        (("estimate", "line", "add", "1", "--team", "creative", "--item", "x", "--hours", "1"), 2, "team"),
        (("estimate", "line", "rm", "1", "9"), 1, "no line 9"),
        (("estimate", "line", "add", "99", "--team", "creative", "--hours", "1"), 1, "no estimate 99"),
        (("estimate", "show", "abc"), 2, "not an estimate"),
        (("estimate", "show", "1", "--version", "v7"), 1, "no v7"),
        (("estimate", "new", "nobody", "X"), 1, "no account"),
        (("estimate", "new", "northwind", "X", "--from-template", "nope"), 2, "unknown estimate template"),
        (("estimate", "new", "northwind", "X", "--contingency", "150%"), 2, "contingency"),
        (("estimate", "new", "northwind", "X", "--billing", "barter"), 2, "billing"),
        (("estimate", "export", "1", "--format", "pdf"), 2, "format"),
        (("estimate", "accept", "1", "--project", "acme/spring"), 2, "is for northwind"),
        (("estimate", "accept", "1", "--project", "northwind/spring", "--billing", "x"), 2, "billing"),
        (("rate", "set", "design", "--bill", "100", "--cost", "50"), 2, "unknown team"),
        (("rate", "set", "creative", "--bill", "0", "--cost", "50"), 2, "more than zero"),
        (("rate", "set", "creative", "--bill", "100", "--cost", "-1"), 2, "negative"),
        (("budget", "northwind/spring", "--lines"), 1, "no project"),
    ],
)
def test_refusals(cli: Cli, args: tuple[str, ...], code: int, fragment: str) -> None:
    _estimate(cli)
    assert_refused(cli, args, code, fragment)


def test_accept_creates_the_project_once(cli: Cli) -> None:
    eid = _estimate(cli)
    said = cli.ok(
        "estimate",
        "accept",
        str(eid),
        "--project",
        "northwind/spring",
        "--schedule",
        "deposit",
        "--deposit",
        "50%",
    )
    assert "northwind/spring created with budget $39,902.50" in said
    p = json.loads(cli.ok("project", "show", "northwind/spring", "--json"))
    assert (p["budget_cents"], p["budget_minutes"], p["name"]) == (3_990_250, 80 * 60 + 1230, "Spring Launch")
    assert "50% deposit" in cli.ok("project", "show", "northwind/spring")
    assert_refused(
        cli, ("estimate", "accept", str(eid), "--project", "northwind/spring"), 1, "accepted already"
    )
    assert_refused(
        cli, ("estimate", "line", "add", str(eid), "--team", "creative", "--hours", "1"), 1, "locked"
    )
    # A second estimate cannot be accepted into the same project: its budget moves by change orders.
    other = json.loads(cli.ok("estimate", "new", "northwind", "More", "--json"))["id"]
    cli.ok("estimate", "line", "add", str(other), "--team", "media", "--hours", "4")
    assert_refused(cli, ("estimate", "accept", str(other), "--project", "northwind/spring"), 1, "already has")


def test_accept_into_an_existing_project_is_one_transaction(cli: Cli) -> None:
    eid = _estimate(cli)
    cli.ok("project", "add", "northwind/spring", "Spring", "--budget", "1000")
    before = dump(cli.db)
    # Terms that do not fit: nothing is written, the estimate stays a draft.
    assert_refused(
        cli,
        ("estimate", "accept", str(eid), "--project", "northwind/spring", "--schedule", "deposit"),
        2,
        "deposit",
    )
    assert dump(cli.db) == before
    cli.ok("estimate", "accept", str(eid), "--project", "northwind/spring", "--billing", "tm")
    p = cli.ok("project", "show", "northwind/spring")
    assert "$39,902.50" in p and "time & materials" in p


def test_budget_by_line_adds_up_to_the_project(cli: Cli) -> None:
    eid = _estimate(cli)
    cli.ok("estimate", "accept", str(eid), "--project", "northwind/spring")
    cli.ok("time", "northwind/spring", "76", "--team", "creative", "--rate", "165", "--date", "2026-11-20")
    cli.ok("time", "northwind/spring", "2", "--team", "media", "--rate", "150", "--date", "2026-11-20")
    cli.ok("time", "northwind/spring", "3", "--team", "analytics", "--rate", "150", "--date", "2026-11-21")
    cli.ok("cost", "northwind/spring", "5000", "--note", "media", "--date", "2026-11-21")
    b = json.loads(cli.ok("budget", "northwind/spring", "--lines", "--json"))
    h = json.loads(cli.ok("budget", "northwind/spring", "--json"))[0]
    by = {ln["name"]: ln for ln in b["lines"]}
    assert b["actual_cents"] == h["actual_cents"] == sum(ln["actual_cents"] for ln in b["lines"])
    assert b["estimate_cents"] == h["current_budget_cents"]
    assert by["creative"]["actual_cents"] == 76 * 16_500 and by["creative"]["burn"] == 0.95
    assert by["analytics"]["unplanned"] is True and by["analytics"]["estimate_cents"] == 0
    assert by["fixed items"]["actual_cents"] == 500_000
    from amtui.services.money.budget_health import status_of

    for ln in b["lines"]:
        assert ln["status"] == status_of(ln["actual_cents"], ln["estimate_cents"], ln["eac_cents"])
    text = cli.ok("budget", "northwind/spring", "--lines")
    assert "creative" in text and "not in the estimate" in text
    assert_refused(cli, ("budget", "--lines"), 2, "one project")


def test_sow_scope_comes_from_the_brief_and_html_is_escaped(cli: Cli) -> None:
    _rates(cli)
    cli.ok("project", "add", "northwind/spring", "Spring", "--budget", "1000", "--start", "2027-01-04")
    cli.ok("brief", "new", "northwind/spring")
    cli.ok("brief", "set", "1", "deliverables", "- Hero film 30s, 16:9\n- 6 social posts <1080x1350>")
    d = json.loads(cli.ok("estimate", "new", "northwind/spring", "Spring <Launch> & more", "--json"))
    cli.ok("estimate", "line", "add", str(d["id"]), "--team", "creative", "--hours", "10")
    md = cli.ok("estimate", "export", str(d["id"]))
    for part in (
        "## Scope",
        "Hero film 30s",
        "## Assumptions",
        "## Exclusions",
        "## Billing terms",
        "## Change orders",
        "## Timeline",
        "## Acceptance",
        "Fixed fee · by progress",
    ):
        assert part in md, part
    page = cli.ok("estimate", "export", str(d["id"]), "--format", "html")
    assert "Spring &lt;Launch&gt; &amp; more" in page and "<Launch>" not in page
    assert "&lt;1080x1350&gt;" in page and "http" not in page  # self-contained: nothing loaded from elsewhere


def test_export_to_a_file_is_private(cli: Cli, tmp_path: Path) -> None:
    eid = _estimate(cli)
    target = tmp_path / "sow.html"
    cli.ok("estimate", "export", str(eid), "--format", "html", "--out", str(target))
    assert target.read_text().startswith("<!DOCTYPE html>")
    assert target.stat().st_mode & 0o777 == 0o600


def test_list_filters(cli: Cli) -> None:
    eid = _estimate(cli)
    cli.ok("estimate", "new", "northwind", "Draft two")
    cli.ok("estimate", "accept", str(eid), "--project", "northwind/spring")
    rows = json.loads(cli.ok("estimate", "list", "--status", "accepted", "--json"))
    assert [r["id"] for r in rows] == [eid]
    assert len(json.loads(cli.ok("estimate", "list", "northwind", "--json"))) == 2
    assert "Spring Launch" in cli.ok("estimate", "list")


def test_budget_lines_csv_is_the_json_lines(cli: Cli) -> None:
    eid = _estimate(cli)
    cli.ok("estimate", "accept", str(eid), "--project", "northwind/spring")
    cli.ok("time", "northwind/spring", "76", "--team", "creative", "--rate", "165", "--date", "2026-11-20")
    cli.ok("time", "northwind/spring", "3", "--team", "analytics", "--rate", "150", "--date", "2026-11-21")
    import csv
    import io

    data = json.loads(cli.ok("budget", "northwind/spring", "--lines", "--json"))["lines"]
    got = list(csv.DictReader(io.StringIO(cli.ok("budget", "northwind/spring", "--lines", "--csv"))))
    assert len(got) == len(data) and list(got[0]) == list(data[0])

    def cell(v: object) -> str:
        return "" if v is None else ("true" if v is True else "false" if v is False else str(v))

    assert got == [{k: cell(v) for k, v in row.items()} for row in data]
    assert {r["currency"] for r in got} == {"USD"}
    assert_refused(cli, ("budget", "northwind/spring", "--lines", "--csv", "--json"), 2, None)


def test_time_with_a_team_is_priced_from_the_rate_card(cli: Cli) -> None:
    """`time --team` without --rate: the card's bill and cost rate valid on that date, the project's own
    first; an explicit rate, time without a team, or a date before any card rate keep the project's rate."""
    _rates(cli)  # creative 165/70 from 2026-01-01
    cli.ok("rate", "set", "creative", "--bill", "200", "--cost", "90", "--from", "2026-11-01")
    cli.ok("project", "add", "northwind/spring", "Spring", "--budget", "50000", "--rate", "120")
    cli.ok("project", "add", "northwind/other", "Other", "--budget", "50000", "--rate", "120")
    cli.ok(
        "rate",
        "set",
        "media",
        "--bill",
        "175",
        "--cost",
        "65",
        "--from",
        "2026-06-01",
        "--project",
        "northwind/spring",
    )

    def logged(*args: str) -> dict:  # type: ignore[type-arg]
        return json.loads(cli.ok("time", *args, "--json"))

    t = logged("northwind/spring", "2", "--team", "creative", "--date", "2026-10-15")
    assert (t["rate_cents"], t["cost_rate_cents"], t["amount_cents"]) == (16_500, 7_000, 33_000)
    t = logged("northwind/spring", "2", "--team", "creative", "--date", "2026-11-15")  # the later card rate
    assert (t["rate_cents"], t["cost_rate_cents"]) == (20_000, 9_000)
    t = logged("northwind/spring", "1", "--team", "media", "--date", "2026-11-15")  # the project's override
    assert (t["rate_cents"], t["cost_rate_cents"]) == (17_500, 6_500)
    t = logged("northwind/other", "1", "--team", "media", "--date", "2026-11-15")  # the book's card
    assert (t["rate_cents"], t["cost_rate_cents"]) == (15_000, 6_000)
    t = logged("northwind/spring", "1", "--team", "creative", "--rate", "99", "--date", "2026-11-15")
    assert (t["rate_cents"], t["cost_rate_cents"]) == (9_900, 9_000)  # explicit bill rate; the card's cost
    t = logged("northwind/spring", "1", "--date", "2026-11-15")  # no team: the project's rate, no cost
    assert (t["rate_cents"], t["cost_rate_cents"]) == (12_000, None)
    t = logged("northwind/spring", "1", "--team", "analytics", "--date", "2026-11-15")  # not on the card
    assert t["rate_cents"] == 12_000
    t = logged("northwind/spring", "1", "--team", "creative", "--date", "2025-12-31")  # before the card
    assert t["rate_cents"] == 12_000


def test_an_approved_change_order_for_a_team_adds_to_its_line(cli: Cli) -> None:
    eid = _estimate(cli)  # creative 80h $13,200, media 20.5h, media buy, 10% contingency
    cli.ok("estimate", "accept", str(eid), "--project", "northwind/spring")
    before = {
        ln["name"]: ln
        for ln in json.loads(cli.ok("budget", "northwind/spring", "--lines", "--json"))["lines"]
    }
    # Drafted for creative: nothing moves until it is approved.
    cli.ok(
        "add-change-order",
        "northwind/spring",
        "Six extra banners",
        "--amount",
        "3300",
        "--hours",
        "20",
        "--team",
        "creative",
    )
    cli.ok(
        "add-change-order", "northwind/spring", "Extra analytics", "--amount", "1500", "--team", "analytics"
    )
    cli.ok("add-change-order", "northwind/spring", "Rush fee", "--amount", "1000")
    mid = json.loads(cli.ok("budget", "northwind/spring", "--lines", "--json"))
    assert {ln["name"]: ln["estimate_cents"] for ln in mid["lines"]} == {
        n: ln["estimate_cents"] for n, ln in before.items()
    }
    for n in ("CO-1", "CO-2", "CO-3"):
        cli.ok("co", "send", n)
        cli.ok("co", "approve", n, "--by", "Dana")
    b = json.loads(cli.ok("budget", "northwind/spring", "--lines", "--json"))
    by = {ln["name"]: ln for ln in b["lines"]}
    assert by["creative"]["estimate_cents"] == before["creative"]["estimate_cents"] + 330_000
    assert by["creative"]["estimate_minutes"] == before["creative"]["estimate_minutes"] + 20 * 60
    assert by["creative"]["change_orders_cents"] == 330_000
    assert by["analytics"]["estimate_cents"] == 150_000 and by["analytics"]["unplanned"] is False
    assert by["change orders"]["estimate_cents"] == 100_000  # the one for no team
    h = json.loads(cli.ok("budget", "northwind/spring", "--json"))[0]
    assert b["estimate_cents"] == h["current_budget_cents"] == sum(ln["estimate_cents"] for ln in b["lines"])
    text = cli.ok("budget", "northwind/spring", "--lines")
    assert "incl. $3,300 of change orders" in text
    # An unknown team: refused, one line, nothing written.
    snapshot = dump(cli.db)
    assert_refused(
        cli, ("add-change-order", "northwind/spring", "X", "--amount", "10", "--team", "design"), 2, "team"
    )
    assert dump(cli.db) == snapshot
