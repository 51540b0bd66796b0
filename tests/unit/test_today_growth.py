"""Today's growth lines on the demo book: escalations (overdue ones raised), KPI misses, late next steps."""

from __future__ import annotations

from amtui.db import Store
from amtui.services import today_growth
from amtui.services.today import PROVIDERS, TodayContext
from tests.conftest import TODAY


def test_growth_lines_on_today(demo_store: Store) -> None:
    ctx = TodayContext(today=TODAY)
    with demo_store.read() as s:
        items = [i for fn in today_growth.GROWTH_PROVIDERS for i in fn(s, ctx)]
    esc = {i.ref: i for i in items if i.kind == "escalation"}
    assert set(esc) == {"ESC-1", "ESC-2"}  # risks are not on Today
    assert esc["ESC-1"].severity == "high" and esc["ESC-1"].target == "escalations"
    assert esc["ESC-2"].severity == "high"  # medium, but 2 days overdue
    assert "2 days overdue" in esc["ESC-2"].detail
    misses = [i for i in items if i.kind == "kpi-miss"]
    assert [i.title for i in misses] == ["helios/always-on-search: CPA $52.00 vs $45.00 target"]
    assert misses[0].target == "performance" and misses[0].target_id == "helios/always-on-search"
    late = [i for i in items if i.kind == "opportunity"]
    assert [i.ref for i in late] == ["OPP-3"] and "2 days overdue" in late[0].title


def test_importing_does_not_register_until_asked() -> None:
    assert not set(today_growth.GROWTH_PROVIDERS) & set(PROVIDERS)
