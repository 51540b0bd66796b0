"""The demo book tells the change order and invoicing story (built for 2026-11-28)."""

from __future__ import annotations

import json

from tests.conftest import Cli


def test_change_orders_in_every_state(demo_cli: Cli) -> None:
    rows = json.loads(demo_cli.ok("co", "list", "--json"))
    assert {r["status"] for r in rows} == {"draft", "sent", "approved", "rejected", "invoiced", "void"}
    waiting = [r for r in rows if r["status"] == "sent" and r["sent_on"] == "2026-11-19"]
    assert [(r["project"], r["title"]) for r in waiting] == [
        ("northwind/spring-launch", "Six extra banner sizes")
    ]
    approved = next(r for r in rows if r["status"] == "approved")
    assert approved["project"] == "helios/ctv-q1-flight" and approved["days"] == 5
    invoiced = next(r for r in rows if r["status"] == "invoiced")
    assert invoiced["invoice"] is not None
    # The approval moved the CTV flight's end by its 5 working days (30 days ago + 120, then 5 working days).
    assert (
        json.loads(demo_cli.ok("project", "show", "helios/ctv-q1-flight", "--json"))["end_on"] == "2027-03-05"
    )


def test_invoices_paid_partly_paid_overdue_credited_void_and_draft(demo_cli: Cli) -> None:
    rows = json.loads(demo_cli.ok("invoice", "list", "--json"))
    statuses = {r["status"] for r in rows}
    assert {"paid", "partial", "sent", "void", "draft"} <= statuses
    assert any(r["credit_of"] for r in rows)
    overdue = {r["project"] for r in rows if r["overdue"]}
    assert {"helios/social-retainer", "bramble/holiday-shelf"} <= overdue


def test_reconcile_shows_uninvoiced_work_on_helios(demo_cli: Cli) -> None:
    data = json.loads(demo_cli.ok("reconcile", "helios", "--as-of", "2026-11-28", "--json"))
    ctv = next(p for p in data["projects"] if p["project"] == "helios/ctv-q1-flight")
    assert ctv["delivered_cents"] == 17_900_00 and ctv["invoiced_cents"] == 9_500_00
    assert ctv["uninvoiced_cents"] == 8_400_00
    # CO-3 ($4,500) joins the fixed fee (the default terms): counted once, in the 20%, not again on its own.
    assert ctv["uninvoiced_change_orders_cents"] == 0 and ctv["billable_cents"] == 17_900_00
    social = next(p for p in data["projects"] if p["project"] == "helios/social-retainer")
    assert social["uninvoiced_cents"] == 0 and social["overdue_cents"] == 5_000_00
    assert data["totals"][0]["uninvoiced_cents"] >= 8_400_00


def test_budget_and_reconcile_give_one_cost_and_margin(demo_cli: Cli) -> None:
    """Cost to the agency and margin come from one definition: `budget --json` and `reconcile --json` agree
    project by project, margin = earned − cost, and the demo's time all has a cost rate."""
    for on in ("2026-10-31", "2026-11-28"):
        budget = {h["project"]: h for h in json.loads(demo_cli.ok("budget", "--as-of", on, "--json"))}
        recon = {
            p["project"]: p for p in json.loads(demo_cli.ok("reconcile", "--as-of", on, "--json"))["projects"]
        }
        assert budget and set(budget) <= set(recon)
        for ref, h in budget.items():
            r = recon[ref]
            assert (h["cost_cents"], h["margin_cents"], h["margin_pct"]) == (
                r["cost_cents"],
                r["margin_cents"],
                r["margin_pct"],
            ), (ref, on)
            assert h["earned_cents"] == r["delivered_cents"]
            assert h["margin_cents"] == h["earned_cents"] - h["cost_cents"]
            assert h["cost_cents"] >= h["expenses_cents"] > 0 or h["expenses_cents"] == 0
            assert h["uncosted_minutes"] == 0
        assert any(h["margin_cents"] > 0 for h in budget.values())
