"""The burn series: cumulative actuals per day, from time and costs, up to the date asked."""

from __future__ import annotations

from datetime import timedelta

from amtui.db import Store, unit_of_work
from amtui.services.actuals import log_cost, log_time
from amtui.services.burn import burn_series
from tests.conftest import TODAY


def test_cumulative_actuals_by_day(demo_store: Store) -> None:
    ref = "northwind/spring-launch"
    with demo_store.read() as s:
        before = burn_series(s, ref, as_of=TODAY)
    d1, d2 = TODAY - timedelta(days=10), TODAY - timedelta(days=3)
    with unit_of_work(demo_store, "test") as uow:
        log_time(uow, ref, 120, on=d1, today=TODAY)  # 2h at $150 = $300
        log_cost(uow, ref, 50_00, on=d1, today=TODAY)
        log_time(uow, ref, 60, on=d2, today=TODAY)  # $150
        log_cost(uow, ref, 1_000_00, on=TODAY, today=TODAY)
    with demo_store.read() as s:
        series = burn_series(s, ref, as_of=TODAY - timedelta(days=1))
        now = burn_series(s, ref, as_of=TODAY)
    base = before.cumulative_cents[-1] if before.cumulative_cents else 0
    new_days = [d for d in series.days if d not in before.days or d in (d1, d2)]
    assert d1 in new_days and d2 in new_days and TODAY not in series.days
    i1, i2 = series.days.index(d1), series.days.index(d2)
    assert series.cumulative_cents[i2] - series.cumulative_cents[i1] == 150_00
    assert now.cumulative_cents[-1] == series.cumulative_cents[-1] + 1_000_00
    assert now.cumulative_cents[-1] == base + 300_00 + 50_00 + 150_00 + 1_000_00
    assert now.cumulative_cents == sorted(now.cumulative_cents)
    assert now.current_budget_cents == 48_000_00 and now.health.actual_cents == now.cumulative_cents[-1]
