"""Account health: each factor alone, the weights from the config file, snapshots and the trend."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest

from amtui.core.errors import InputError
from amtui.services.base.refs import get_project
from amtui.services.clients import accounts, escalations, projects
from amtui.services.growth import metrics
from amtui.services.overview import health
from amtui.store import Store, unit_of_work
from amtui.store.models import ChangeOrder, TimeEntry

TODAY = date(2026, 11, 28)


@pytest.fixture
def book(store: Store) -> Store:
    with unit_of_work(store, "setup") as uow:
        accounts.add_account(uow, "Acme", slug="acme", renewal_on=TODAY + timedelta(days=300))
        accounts.add_contact(uow, "acme", "Pat", primary=True, joined_on=TODAY - timedelta(days=400))
        accounts.log_interaction(uow, "acme", "Weekly call", kind="call", on=TODAY - timedelta(days=3))
        projects.add_project(uow, "acme/web", "Web", budget_cents=100_000_00, rate_cents=100_00)
    return store


def _factor(store: Store, key: str) -> health.HealthFactor:
    with store.read() as s:
        h = health.account_health(s, "acme", TODAY)
    return next(f for f in h.factors if f.key == key)


def _score(store: Store) -> int:
    with store.read() as s:
        return health.account_health(s, "acme", TODAY).score


def test_a_healthy_account_scores_100_and_lists_every_factor(book: Store) -> None:
    with book.read() as s:
        h = health.account_health(s, "acme", TODAY)
    assert h.score == 100 and h.band == "healthy"
    assert [f.key for f in h.factors] == list(health.DEFAULT_WEIGHTS)
    assert all(f.cost == 0 for f in h.factors)
    # No KPI results is unknown (not measured), not a penalty; everything else was measured.
    assert [f.key for f in h.factors if not f.measured] == ["kpi"]


def test_open_escalations_cost_by_severity_age_and_overdue(book: Store) -> None:
    with unit_of_work(book, "esc") as uow:
        escalations.add_escalation(
            uow,
            "acme",
            "CPA",
            severity="high",
            today=TODAY - timedelta(days=15),
            due_on=TODAY - timedelta(days=1),
        )
    f = _factor(book, "escalations")
    assert f.cost == 10 + 2 + 3  # high, two full weeks old, overdue
    assert "1 open (worst high, oldest 15d, 1 overdue)" == f.detail
    with unit_of_work(book, "esc2") as uow:
        escalations.add_escalation(uow, "acme", "Legal", severity="critical", today=TODAY)
    assert _factor(book, "escalations").cost == 30 - 0  # 15 + 20 capped at the weight
    with unit_of_work(book, "risk") as uow:
        escalations.add_escalation(uow, "acme", "May churn", kind="risk", probability=2, today=TODAY)
    assert _factor(book, "escalations").cost == 30  # risks are not escalations


def test_days_since_last_contact(book: Store) -> None:
    assert _factor(book, "contact").cost == 0
    with book.read() as s:
        stale = health.account_health(s, "acme", TODAY + timedelta(days=21)).factors
    f = next(x for x in stale if x.key == "contact")
    assert f.cost == 7 and f.detail == "24d ago (over 14d)"  # 10 × (24 − 14) / 14, rounded


def test_primary_contact_who_left(book: Store) -> None:
    with unit_of_work(book, "leave") as uow:
        accounts.contact_leave(uow, "acme", "Pat", on=TODAY - timedelta(days=5))
    f = _factor(book, "primary_left")
    assert (f.cost, f.detail) == (10, "Pat left; no new primary contact")


def test_renewal_proximity(book: Store) -> None:
    with unit_of_work(book, "renew") as uow:
        accounts.edit_account(uow, "acme", renewal_on=TODAY + timedelta(days=15))
    f = _factor(book, "renewal")
    assert f.cost == 8 and f.detail == "in 15d"  # 10 × (1 − 15/60)


def test_unapproved_scope(book: Store) -> None:
    with unit_of_work(book, "oos") as uow:
        pid = get_project(uow.session, "acme/web").id
        assert pid is not None
        uow.session.add(
            TimeEntry(
                project_id=pid,
                entry_date=TODAY,
                minutes=600,
                rate_cents=100_00,
                amount_cents=1_000_00,
                out_of_scope=True,
            )  # fmt: skip
        )
    f = _factor(book, "scope")
    assert f.cost == 2  # $1,000 of a $10,000 allowance (10% of budget) → 15 × 0.1, rounded
    assert f.detail == "$1,000 of work without an approved change order"
    with unit_of_work(book, "co") as uow:
        uow.session.add(
            ChangeOrder(number=1, project_id=pid, title="Extra", amount_cents=1_000_00, status="approved")
        )
        uow.session.add(
            ChangeOrder(
                number=2,
                project_id=pid,
                title="More",
                amount_cents=5_000_00,
                status="sent",
                sent_on=TODAY - timedelta(days=9),
            )  # fmt: skip
        )
    f = _factor(book, "scope")
    # $5,000 waiting against 10% of the current budget ($101,000 with the approved CO): 15 × 0.495.
    assert f.cost == 7 and f.detail == "1 change order(s) worth $5,000 with the client"


def test_budget_variance_from_the_budget_service(book: Store) -> None:
    assert _factor(book, "budget").detail == "1 project(s) on track"
    with unit_of_work(book, "burn") as uow:
        pid = get_project(uow.session, "acme/web").id
        assert pid is not None
        uow.session.add(
            TimeEntry(
                project_id=pid,
                entry_date=TODAY,
                minutes=60 * 1200,
                rate_cents=100_00,
                amount_cents=120_000_00,
            )  # fmt: skip
        )
    f = _factor(book, "budget")
    assert f.cost == 20 and f.detail.startswith("acme/web") and "(over)" in f.detail


def test_overdue_milestones_from_the_timeline(book: Store) -> None:
    from amtui.services.timeline import milestones as timeline

    assert _factor(book, "milestones").detail == "none overdue"
    with unit_of_work(book, "ms") as uow:
        timeline.add_milestone(uow, "acme/web", "Storyboards", due_on=TODAY - timedelta(days=9), today=TODAY)
        timeline.add_milestone(uow, "acme/web", "Launch", due_on=TODAY + timedelta(days=9), today=TODAY)
    f = _factor(book, "milestones")
    assert f.cost == 5 + 1  # one overdue, worst more than a week late
    assert f.detail == "1 overdue (worst: Storyboards, acme/web, 9d late)"


def test_kpi_attainment(book: Store) -> None:
    from amtui.importers.metrics import read_metrics

    data = (
        "Reporting starts,Reporting ends,Campaign name,Results,Amount spent (USD),Impressions,Link clicks\n"
        f"{TODAY - timedelta(days=2)},{TODAY - timedelta(days=2)},Search,2,104.00,1000,10\n"
    ).encode()
    with unit_of_work(book, "import") as uow:
        metrics.import_metrics(uow, read_metrics(data), project="acme/web", import_key="k")
        metrics.set_targets(uow, "acme/web", {"cpa": 45_00, "ctr": 50})  # CPA $52 missed, CTR 1% met
    f = _factor(book, "kpi")
    assert (f.cost, f.detail) == (8, "1 of 2 targets met (30 days)")  # 15 × 1/2, rounded half to even


def test_weights_from_the_config_file(book: Store, tmp_path: Path) -> None:
    from amtui.core import config

    cfg = Path(os.environ["AMTUI_CONFIG"])
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text("[health]\nprimary_left = 40\n")
    config._load.cache_clear()
    with unit_of_work(book, "leave") as uow:
        accounts.contact_leave(uow, "acme", "Pat", on=TODAY)
    assert _factor(book, "primary_left").cost == 40 and _score(book) == 60
    cfg.write_text("[health]\nmood = 5\n")
    config._load.cache_clear()
    with pytest.raises(InputError, match="unknown factor 'mood'"):
        _score(book)
    cfg.write_text("[health]\nkpi = 'lots'\n")
    config._load.cache_clear()
    with pytest.raises(InputError, match="whole number"):
        _score(book)


def test_snapshots_keep_one_score_a_day_and_give_the_trend(book: Store) -> None:
    with unit_of_work(book, "history") as uow:
        health.record_history(
            uow, "acme", [(TODAY - timedelta(days=14), 90), (TODAY - timedelta(days=7), 96)]
        )
    with unit_of_work(book, "esc") as uow:
        escalations.add_escalation(uow, "acme", "CPA", severity="medium", today=TODAY)
    with unit_of_work(book, "snap") as uow:
        health.snapshot(uow, TODAY)
    with unit_of_work(book, "snap again") as uow:
        (h,) = health.snapshot(uow, TODAY)
    assert [(t.on, t.score) for t in h.trend] == [
        (TODAY - timedelta(days=14), 90),
        (TODAY - timedelta(days=7), 96),
        (TODAY, 95),
    ]
    assert (h.score, h.change, h.previous_on) == (95, -1, TODAY - timedelta(days=7))


def test_open_risks_count_by_severity_probability_and_renewal(book: Store) -> None:
    assert _factor(book, "risks").detail == "none open"
    with unit_of_work(book, "risk") as uow:
        escalations.add_escalation(
            uow,
            "acme",
            "New CMO reviews agencies",
            kind="risk",
            severity="critical",
            probability=3,
            today=TODAY,
        )
    far = _factor(book, "risks")
    assert (far.cost, far.detail) == (12, "1 open (worst critical, probability 3/5)")  # 20 × 3/5
    with unit_of_work(book, "renew") as uow:
        accounts.edit_account(uow, "acme", renewal_on=TODAY + timedelta(days=41))
    near = _factor(book, "risks")
    assert near.cost == 16  # 12 × (1 + (1 − 41/60)), rounded
    assert near.detail == "1 open (worst critical, probability 3/5, renewal in 41d)"
    assert _score(book) < 100 - near.cost  # the renewal factor adds its own cost


def test_kpi_without_results_in_the_window_is_unknown_not_missed(book: Store) -> None:
    from amtui.importers.metrics import read_metrics

    old = TODAY - timedelta(days=90)
    data = (
        "Reporting starts,Reporting ends,Campaign name,Results,Amount spent (USD),Impressions,Link clicks\n"
        f"{old},{old},Search,2,104.00,1000,10\n"
    ).encode()
    with unit_of_work(book, "import") as uow:
        metrics.import_metrics(uow, read_metrics(data), project="acme/web", import_key="k")
        metrics.set_targets(uow, "acme/web", {"conversions": 30_000, "cpa": 45_00})
    f = _factor(book, "kpi")
    assert (f.cost, f.measured) == (0, False)
    assert f.detail.startswith("unknown")


def test_no_contacts_or_no_primary_costs_the_primary_weight(book: Store) -> None:
    with unit_of_work(book, "lonely") as uow:
        accounts.add_account(uow, "Lonely", slug="lonely")
        accounts.add_contact(uow, "acme", "Sam", primary=False, joined_on=TODAY - timedelta(days=10))
    with book.read() as s:
        f = next(x for x in health.account_health(s, "lonely", TODAY).factors if x.key == "primary_left")
    assert (f.cost, f.detail) == (10, "no contacts")
    assert _factor(book, "primary_left").detail == "in place"  # Pat is still primary at acme
    with unit_of_work(book, "secondary") as uow:
        accounts.add_contact(uow, "lonely", "Kim", primary=False)
    with book.read() as s:
        f = next(x for x in health.account_health(s, "lonely", TODAY).factors if x.key == "primary_left")
    assert (f.cost, f.detail) == (10, "no primary among 1 contact(s)")
