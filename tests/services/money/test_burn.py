"""The burn series: cumulative actuals per day, from time and costs, up to the date asked."""

from __future__ import annotations

from datetime import timedelta

from amtui.services.money.actuals import log_cost, log_time
from amtui.services.money.burn import burn_series
from amtui.store import Store, unit_of_work
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

    def at(series, d):  # type: ignore[no-untyped-def]
        """Cumulative actual at the end of day ``d``."""
        vals = [c for day, c in zip(series.days, series.cumulative_cents, strict=True) if day <= d]
        return vals[-1] if vals else 0

    assert d1 in series.days and d2 in series.days and TODAY not in series.days
    # What was added shows at the right days, on top of what the demo had.
    assert at(series, d1) - at(before, d1) == 300_00 + 50_00
    assert at(series, d2) - at(before, d2) == 300_00 + 50_00 + 150_00
    assert now.cumulative_cents[-1] - at(before, TODAY) == 300_00 + 50_00 + 150_00 + 1_000_00
    assert now.cumulative_cents == sorted(now.cumulative_cents)
    assert now.health.actual_cents == now.cumulative_cents[-1]
