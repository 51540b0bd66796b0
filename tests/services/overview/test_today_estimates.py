"""Today warns when one estimate line is at risk while its project as a whole is not: the demo's Northwind
strategy line, judged by the same rule ``budget --lines`` prints (``BudgetLines.hidden_risks``)."""

from __future__ import annotations

from amtui.services.estimates.lines import budget_lines
from amtui.services.overview.today import attention
from amtui.store import Store
from tests.conftest import TODAY, Cli


def _line_items(store: Store) -> list:  # type: ignore[type-arg]
    with store.read() as s:
        return [i for i in attention(s, today=TODAY) if i.kind == "budget-line"]


def test_the_demo_strategy_line_shows_up(demo_store: Store, demo_cli: Cli) -> None:
    items = _line_items(demo_store)
    assert [i.ref for i in items] == ["northwind/spring-launch"]
    item = items[0]
    assert item.severity == "high" and item.target == "budget" and item.target_id == item.ref
    assert "strategy at-risk" in item.title and "on-track" in item.detail
    with demo_store.read() as s:
        b = budget_lines(s, item.ref, as_of=TODAY)
    # One rule: the lines Today names are those `budget --lines` warns of; no budget item repeats it.
    assert [ln.name for ln in b.hidden_risks] == ["strategy"]
    text = demo_cli.ok("budget", item.ref, "--lines")
    assert "Watch: strategy (at-risk), though the project as a whole is on-track" in text
    with demo_store.read() as s:
        assert not [i for i in attention(s, today=TODAY) if i.kind == "budget" and i.ref == item.ref]


def test_no_warning_once_the_project_itself_is_at_risk(demo_store: Store, demo_cli: Cli) -> None:
    # Log enough strategy time to put the whole project at risk: Today's budget item says it, not this one.
    demo_cli.ok(
        "time",
        "northwind/spring-launch",
        "150",
        "--team",
        "strategy",
        "--rate",
        "150",
        "--date",
        "2026-11-27",
    )
    with demo_store.read() as s:
        b = budget_lines(s, "northwind/spring-launch", as_of=TODAY)
    assert b.project_status in ("at-risk", "over") and b.at_risk and not b.hidden_risks
    assert _line_items(demo_store) == []


def test_a_paused_project_is_not_warned_of(demo_store: Store, demo_cli: Cli) -> None:
    demo_cli.ok("project", "edit", "northwind/spring-launch", "--status", "paused")
    assert _line_items(demo_store) == []
