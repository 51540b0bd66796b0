"""The reports' chart data (:mod:`amtui.exporters.report_charts`): spend against the media plan by day or
week, the plan spread to the cent as pacing reads it, like compared with like when only some projects have a
plan, and the burn only where the report carries it."""

from __future__ import annotations

from datetime import date

from amtui.exporters.report_charts import qbr_charts, status_charts
from amtui.services.growth.performance import performance
from amtui.services.growth.plan_days import plan_by_day
from amtui.services.overview.qbr import qbr
from amtui.services.overview.reports import status_report
from amtui.store import Store
from tests.conftest import TODAY, Cli

NOV = (date(2026, 11, 1), date(2026, 11, 30))


def test_a_monthly_plan_is_spread_over_its_days_to_the_cent(demo_cli: Cli, demo_store: Store) -> None:
    ref = "helios/always-on-search"
    demo_cli.ok("media", "plan", ref, "--month", "2026-11", "--amount", "10000.01")
    with demo_store.read() as s:
        plan = plan_by_day(s, ref, date(2026, 10, 25), NOV[1])
        pacing = performance(s, ref, TODAY, TODAY)[0].pacing
    assert sum(plan.cents[7 : 7 + TODAY.day]) == pacing.planned_to_date_cents
    november = plan.cents[7:]
    assert sum(november) == 1_000_001 and max(november) - min(november) <= 1
    assert plan.cents[:7] == [0] * 7  # October has no monthly plan: the monthly plans replace the budget
    assert plan.planned == [ref] and plan.projects == 1


def test_a_media_budget_is_spread_over_the_schedule_as_pacing_plans_it(demo_store: Store) -> None:
    ref = "northwind/spring-launch"  # the demo's media budget: $105,000 from 2026-09-29 to 2027-01-27
    with demo_store.read() as s:
        whole = plan_by_day(s, ref, date(2026, 9, 1), date(2027, 2, 28))
        to_date = plan_by_day(s, ref, date(2026, 9, 29), TODAY)
        pacing = performance(s, ref, TODAY, TODAY)[0].pacing
    assert sum(whole.cents) == 105_000_00
    assert sum(to_date.cents) == pacing.planned_to_date_cents  # one plan: the chart's line is pacing's
    assert whole.cents[: (date(2026, 9, 29) - date(2026, 9, 1)).days] == [0] * 28  # before the schedule


def test_spend_is_charted_against_the_plan_of_the_projects_that_have_one(demo_store: Store) -> None:
    with demo_store.read() as s:
        r = status_report(s, "helios", TODAY.replace(day=22), TODAY, audience="client")
    spend = status_charts(r)["Results against KPIs"][0]
    assert spend.title == "Media spend by day against the media plan"
    assert (r.planned_projects, r.projects) == (1, 2)
    assert spend.notes == ["the 1 of 2 projects with a plan"]
    known = (r.comparison.latest_on - r.period_from).days + 1  # type: ignore[operator]
    assert spend.series[0].values[:known] == [float(c) for c in r.daily_planned_spend_cents[:known]]
    assert r.daily_planned_spend_cents != r.daily_spend_cents
    assert spend.series[1].values == [float(c) for c in r.daily_plan_cents]
    assert "burn" not in {c.key for c in status_charts(r)["Budget"]}  # the client version has no burn


def test_a_long_period_is_charted_by_week_and_the_qbr_by_month(demo_store: Store) -> None:
    with demo_store.read() as s:
        r = status_report(s, "northwind", date(2026, 9, 1), TODAY, audience="internal")
        q = qbr(s, "northwind", "2026Q4", today=TODAY, audience="internal")
    spend, conversions = status_charts(r)["Results against KPIs"][:2]
    assert spend.title == "Media spend by week against the media plan" and conversions.key == "conversions"
    assert len(spend.labels) == 13 and spend.labels[:2] == ["09-01", "09-08"]  # 89 days: 13 weeks
    assert sum(v or 0 for v in spend.series[1].values) == sum(r.daily_plan_cents)
    assert "burn" in {c.key for c in status_charts(r)["Budget"]}  # internal: the burn is charted
    months = qbr_charts(q)["Results by month"][0]
    assert months.labels == ["2026-10", "2026-11"] and months.series[1].name == "media plan"
    per_day = q.status.daily_plan_cents
    assert months.series[1].values == [float(sum(per_day[:31])), float(sum(per_day[31:]))]


def test_the_qbr_compares_the_planned_projects_spend_with_their_plan(demo_store: Store) -> None:
    with demo_store.read() as s:
        q = qbr(s, "helios", "2026Q4", today=TODAY, audience="client")
    months = qbr_charts(q)["Results by month"][0]
    assert months.notes == ["the 1 of 2 projects with a plan"]
    planned = q.status.daily_planned_spend_cents
    assert months.series[0].values == [float(sum(planned[:31])), float(sum(planned[31:]))]
    assert months.series[0].values != [float(m.spend_cents) for m in q.months]  # not every project's spend
