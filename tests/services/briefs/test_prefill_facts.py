"""A new brief takes its KPIs from the KPI targets, its timeline from the milestones, its budget from budget
health (so a retainer's fee counts)."""

from __future__ import annotations

from datetime import date

from amtui.services.base.refs import get_project
from amtui.services.briefs import service as briefs
from amtui.services.briefs.prefill import kpi_lines, prefill
from amtui.services.clients import accounts, projects
from amtui.services.growth.metrics import set_targets
from amtui.services.timeline import milestones as timeline
from amtui.store import Store, unit_of_work

TODAY = date(2026, 3, 2)


def _setup(store: Store, **kw: object) -> None:
    with unit_of_work(store, "test") as uow:
        accounts.add_account(uow, "Acme", slug="acme")
        projects.add_project(uow, "acme/site", "Site", **kw)  # type: ignore[arg-type]


def _parts(store: Store) -> dict[str, str]:
    with store.read() as s:
        return prefill(s, get_project(s, "acme/site"), TODAY)


def test_kpis_come_from_the_targets(store: Store) -> None:
    _setup(store, budget_cents=50_000_00)
    assert "kpis" not in _parts(store)  # no targets: the section stays for the AM to fill
    with unit_of_work(store, "test") as uow:
        set_targets(uow, "acme/site", {"cpa": 45_00, "roas": 4_000})
        set_targets(uow, "acme/site", {"ctr": 150}, campaign="Brand")
    assert _parts(store)["kpis"].splitlines() == ["- CPA ≤ $45.00", "- ROAS ≥ 4.00x", "- CTR ≥ 1.50% (Brand)"]
    with store.read() as s:
        assert kpi_lines(s, get_project(s, "acme/site"))[0] == "- CPA ≤ $45.00"


def test_timeline_lists_milestones_and_the_in_market_date(store: Store) -> None:
    _setup(store, budget_cents=50_000_00, start_on=date(2026, 3, 1), end_on=date(2026, 6, 30))
    assert _parts(store)["timeline"].splitlines()[-1] == "- **In-market date:** 2026-06-30"  # the end
    with unit_of_work(store, "test") as uow:
        first = timeline.add_milestone(uow, "acme/site", "Concepts", due_on=date(2026, 3, 20), today=TODAY)
        timeline.add_milestone(uow, "acme/site", "Launch", due_on=date(2026, 5, 15), today=TODAY)
    with unit_of_work(store, "test") as uow:
        timeline.done_milestone(uow, first.id, on=TODAY)
    assert _parts(store)["timeline"].splitlines() == [
        "- **Project start:** 2026-03-01",
        "- Concepts: due 2026-03-20 (done)",
        "- Launch: due 2026-05-15",
        "- **Project end:** 2026-06-30",
        "- **In-market date:** 2026-05-15",
    ]


def test_a_retainer_brief_shows_the_fee_not_zero(store: Store) -> None:
    _setup(
        store,
        billing="retainer",
        budget_cents=0,
        retainer_fee_cents=8_000_00,
        start_on=date(2026, 1, 1),
        end_on=date(2026, 6, 30),
    )
    assert "- **Budget:** $48,000.00" in _parts(store)["budget"]  # 6 months × $8,000
    with unit_of_work(store, "test") as uow:
        b = briefs.new_brief(uow, "acme/site", template="media", today=TODAY)
    with store.read() as s:
        assert "- **Budget:** $48,000.00" in briefs.export_markdown(s, b.summary.id)[1]
    assert not [f for f in b.findings if f.rule.startswith("budget")]  # the check uses the same figure
