"""``account edit ACCOUNT --client-sees burn,actuals``: per account, the client version of its reports shows
the sections opened to it, and only those; unknown names are refused with the list."""

from __future__ import annotations

import json
from pathlib import Path

from amtui.core.money import format_money
from tests.cli.test_report_audience import WEEK
from tests.conftest import Cli, assert_refused, connect


def _stored(cli: Cli, slug: str) -> str:
    con = connect(cli.db)
    try:
        return str(con.execute("SELECT client_sees FROM account WHERE slug = ?", (slug,)).fetchone()[0])
    finally:
        con.close()


def test_burn_and_actuals_opened_to_northwind_only(demo_cli: Cli, tmp_path: Path) -> None:
    internal = json.loads(
        demo_cli.ok("report", "status", "northwind", *WEEK, "--format", "json", "--for", "internal")
    )
    b = internal["budget"][0]
    actual = format_money(b["actual_cents"], b["currency"])
    margin = format_money(b["margin_cents"], b["currency"])
    before = demo_cli.ok("report", "status", "northwind", *WEEK, "--for", "client")
    assert actual not in before and "| Burn |" not in before

    msg = demo_cli.ok("account", "edit", "northwind", "--client-sees", "Burn, actuals")
    assert (
        msg.strip()
        == "Updated account northwind (Northwind Outfitters); the client's reports show actuals, burn"
    )
    assert _stored(demo_cli, "northwind") == "actuals,burn"
    client = demo_cli.ok("report", "status", "northwind", *WEEK, "--for", "client")
    assert actual in client and "| Burn |" in client and "| Actual |" in client
    assert margin not in client and "| Margin |" not in client  # not opened
    data = json.loads(
        demo_cli.ok("report", "status", "northwind", *WEEK, "--format", "json", "--for", "client")
    )
    assert {"burn", "actual_cents", "eac_cents"} <= set(data["budget"][0])
    assert "margin_cents" not in data["budget"][0] and "risks" not in data and "notes" not in data
    html = tmp_path / "nw.html"
    demo_cli.ok("report", "status", "northwind", *WEEK, "--out", str(html))
    assert actual in html.read_text() and "budget burned" in html.read_text()
    # Another account is untouched.
    helios = demo_cli.ok("report", "status", "helios", *WEEK, "--for", "client")
    assert "| Burn |" not in helios

    demo_cli.ok("account", "edit", "northwind", "--client-sees", "none")
    assert _stored(demo_cli, "northwind") == ""
    assert demo_cli.ok("report", "status", "northwind", *WEEK, "--for", "client") == before


def test_risks_and_health_opened_in_the_qbr(demo_cli: Cli) -> None:
    closed = demo_cli.ok("report", "qbr", "quokka", "--quarter", "2026Q4", "--for", "client")
    assert "New CMO is reviewing agencies" not in closed
    demo_cli.ok("account", "edit", "quokka", "--client-sees", "risks,health")
    opened = demo_cli.ok("report", "qbr", "quokka", "--quarter", "2026Q4", "--for", "client")
    assert "New CMO is reviewing agencies" in opened and "## Health trend" in opened
    assert "EMEA market launch" not in opened  # the pipeline stays the agency's
    status = demo_cli.ok("report", "status", "quokka", *WEEK, "--for", "client")
    assert "## Open risks" in status and "New CMO is reviewing agencies" in status


def test_refusals(demo_cli: Cli) -> None:
    assert_refused(
        demo_cli, ("account", "edit", "northwind", "--client-sees", "burn,secrets"), 2,
        "unknown section 'secrets'; choose from burn, actuals, margin, risks",
    )  # fmt: skip
    assert_refused(demo_cli, ("account", "edit", "northwind", "--client-sees", " , "), 2, "section names")
    assert_refused(demo_cli, ("account", "edit", "nobody", "--client-sees", "burn"), 1, "no account")
