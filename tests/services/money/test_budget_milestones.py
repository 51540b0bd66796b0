"""Earned value from milestones: without the AM's own % complete, the timeline's progress stands in."""

from __future__ import annotations

import json

from sqlalchemy import event

from amtui.services.clients import projects
from amtui.services.money import budget
from amtui.services.timeline import milestones as timeline
from amtui.store import Store, unit_of_work
from tests.conftest import Cli
from tests.services.money.test_budget import AS_OF, START, _cost, _project


def _manual(store: Store, ref: str, bp: int) -> None:
    with unit_of_work(store, "test") as uow:
        projects.edit_project(uow, ref, complete_bp=bp, complete_on=START)


def _milestones(store: Store, ref: str, weights: list[int], done: int) -> None:
    """Milestones of ``weights``; the first ``done`` of them finished."""
    with unit_of_work(store, "test") as uow:
        refs = [
            timeline.add_milestone(uow, ref, f"Step {n}", due_on=AS_OF, weight=w, today=START).id
            for n, w in enumerate(weights)
        ]
    with unit_of_work(store, "test") as uow:
        for r in refs[:done]:
            timeline.done_milestone(uow, r, on=AS_OF)


def test_milestones_half_done_by_weight_give_earned_value(store: Store) -> None:
    pid = _project(store)
    _cost(store, pid, 30_000_00, AS_OF)
    _milestones(store, "acme/site", [3, 1, 2], done=1)  # 3 of 6 by weight
    with store.read() as s:
        h = budget.project_health(s, pid, as_of=AS_OF)
    assert h.complete == 0.5
    assert h.eac_method == "earned-value" and h.eac_cents == 60_000_00


def test_the_managers_own_figure_wins_over_milestones(store: Store) -> None:
    pid = _project(store)
    _manual(store, "acme/site", 2_000)
    _cost(store, pid, 30_000_00, AS_OF)
    _milestones(store, "acme/site", [3, 1, 2], done=1)
    with store.read() as s:
        h = budget.project_health(s, pid, as_of=AS_OF)
    assert h.complete == 0.2 and h.eac_cents == 150_000_00


def test_without_milestones_the_manual_figure_stays(store: Store) -> None:
    pid = _project(store)
    _manual(store, "acme/site", 2_500)
    _cost(store, pid, 10_000_00, AS_OF)
    with store.read() as s:
        h = budget.project_health(s, pid, as_of=AS_OF)
    assert h.complete == 0.25 and h.eac_cents == 40_000_00


def test_percent_complete_for_a_book_is_one_query(store: Store) -> None:
    a = _project(store, "acme/site")
    b = _project(store, "acme/app")
    _manual(store, "acme/app", 7_000)
    _milestones(store, "acme/site", [1, 1, 1, 1], done=1)
    statements: list[str] = []
    with store.read() as s:
        projects = [budget._resolve(s, a)[0], budget._resolve(s, b)[0]]
        listen = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(s.get_bind(), "before_cursor_execute", listen)
        try:
            assert budget.budget_complete_bps(s, projects) == {a: 2_500, b: 7_000}
        finally:
            event.remove(s.get_bind(), "before_cursor_execute", listen)
    assert len(statements) == 1


def test_budget_json_shows_milestone_earned_value(store: Store, cli: Cli) -> None:
    pid = _project(store)
    _cost(store, pid, 30_000_00, AS_OF)
    _milestones(store, "acme/site", [3, 1, 2], done=1)
    rows = json.loads(cli.ok("budget", "acme/site", "--as-of", AS_OF.isoformat(), "--json"))
    assert [(r["eac_method"], r["eac_cents"]) for r in rows] == [("earned-value", 60_000_00)]


def test_a_retainer_keeps_its_manual_figure(store: Store) -> None:
    pid = _project(store, billing="retainer", retainer_fee_cents=10_000_00)
    _manual(store, "acme/site", 4_000)
    _milestones(store, "acme/site", [1, 1, 1, 1], done=1)  # monthly reports: 25% says nothing of the cost
    with store.read() as s:
        assert budget.budget_complete_bps(s, [budget._resolve(s, pid)[0]]) == {pid: 4_000}
