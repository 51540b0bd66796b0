"""``report status --for client|internal``: the client version never carries what only the agency may see.

Every internal-only item of the demo book (escalations, risks and their plans, the pipeline, the account
manager's notes and contact log, actuals, burn, EAC, cost and margin) is looked for in both versions: it
must be in the internal one (so the check is not vacuous) and absent from the client one, in Markdown and
in JSON.
"""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

from amtui.core.money import format_money
from amtui.services.overview.audience import default_audience, is_internal
from amtui.services.overview.reports import BudgetLine, StatusReport
from tests.conftest import Cli, connect

WEEK = ("--from", "2026-11-22", "--to", "2026-11-28")
ACCOUNTS = ("helios", "northwind", "quokka", "bramble")
CLIENT_BUDGET_KEYS = {"project", "name", "billing", "currency", "current_budget_cents", "complete", "elapsed"}


def _internal_items(cli: Cli, account: str) -> list[str]:
    """What only the agency may see for ``account``, read from the book (not from the report)."""
    con = connect(cli.db)
    try:
        aid = con.execute("SELECT id FROM account WHERE slug = ?", (account,)).fetchone()[0]
        items = [
            text
            for summary, plan in con.execute(
                "SELECT summary, plan FROM escalation WHERE account_id = ? AND status = 'open'", (aid,)
            )
            for text in (summary, plan)
            if text
        ]
        items += [
            t
            for (t,) in con.execute(
                "SELECT title FROM opportunity WHERE account_id = ? AND closed_on IS NULL", (aid,)
            )
        ]
    finally:
        con.close()
    internal = json.loads(cli.ok("report", "status", account, *WEEK, "--format", "json", "--for", "internal"))
    for b in internal["budget"]:
        for key in ("actual_cents", "eac_cents", "cost_cents", "margin_cents"):
            if b[key]:
                items.append(format_money(b[key], b["currency"]))
    return items


def test_each_internal_item_stays_out_of_the_client_version(demo_cli: Cli) -> None:
    demo_cli.ok("account", "edit", "northwind", "--notes", "Dana unhappy: thinks we oversold the summer plan")
    demo_cli.ok(
        "log", "quokka", "CMO hinted at a pitch; keep it quiet", "--kind", "call", "--date", "2026-11-25"
    )
    checked = 0
    for account in ACCOUNTS:
        items = _internal_items(demo_cli, account)
        if account == "northwind":
            items.append("Dana unhappy")
        if account == "quokka":
            items.append("CMO hinted at a pitch")
        internal_md = demo_cli.ok("report", "status", account, *WEEK, "--for", "internal")
        client_md = demo_cli.ok("report", "status", account, *WEEK, "--for", "client")
        client_json = demo_cli.ok("report", "status", account, *WEEK, "--for", "client", "--format", "json")
        for item in items:
            assert item in internal_md, (account, item)
            assert item not in client_md, (account, item)
            assert item not in client_json, (account, item)
            checked += 1
        client = json.loads(client_json)
        assert client["audience"] == "client"
        for key in ("escalations", "risks", "pipeline", "notes"):
            assert key not in client, key
        for b in client["budget"]:
            assert set(b) == CLIENT_BUDGET_KEYS
        assert not any(word in client_md for word in ("Burn", "Margin", "EAC", "(internal)", "Internal"))
        assert not any(d.startswith("Decide on") for d in client["decisions"])
    assert checked >= 25  # escalations, risks, plans, opportunities, notes, and money on every account


def test_the_client_headline_and_next_steps_only_speak_of_what_the_client_sees(demo_cli: Cli) -> None:
    internal = json.loads(demo_cli.ok("report", "status", "quokka", *WEEK, "--format", "json"))
    client = json.loads(
        demo_cli.ok("report", "status", "quokka", *WEEK, "--format", "json", "--for", "client")
    )
    assert any("New CMO is reviewing agencies" in h for h in internal["headline"])
    assert not any("risk" in h.lower() or "CMO" in h for h in client["headline"])
    helios = json.loads(
        demo_cli.ok("report", "status", "helios", *WEEK, "--format", "json", "--for", "client")
    )
    assert not any("Send proposal" in s or "Resolve:" in s for s in helios["next_steps"])


def test_the_one_rule_declares_exactly_these_fields_internal() -> None:
    declared = {f.name for cls in (StatusReport, BudgetLine) for f in fields(cls) if is_internal(f)}
    assert declared == {
        "escalations", "risks", "pipeline", "notes", "status", "actual_cents", "eac_cents", "variance_pct",
        "burn", "pending_change_orders_cents", "cost_cents", "margin_cents", "margin_pct",
    }  # fmt: skip


def test_documents_default_to_the_client_version(demo_cli: Cli, tmp_path: Path) -> None:
    assert [default_audience(n) for n in ("a.md", "A.HTML", "deck.pptx", "r.pdf", "a.json", None)] == [
        "client", "client", "client", "client", "internal", "internal",
    ]  # fmt: skip
    on_screen = demo_cli.ok("report", "status", "helios", *WEEK)
    assert "Internal version" in on_screen and "## Open escalations (internal)" in on_screen
    doc = tmp_path / "helios.md"
    demo_cli.ok("report", "status", "helios", *WEEK, "--out", str(doc))
    assert "CFO wants search CPA" not in doc.read_text()
    forced = tmp_path / "helios-internal.md"
    msg = demo_cli.ok("report", "status", "helios", *WEEK, "--out", str(forced), "--for", "internal")
    assert msg.startswith("Wrote the internal version")
    assert "CFO wants search CPA" in forced.read_text()
