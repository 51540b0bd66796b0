"""The demo's actuals make the budget meaningful: every status, out-of-scope work, a surplus and a deficit."""

from __future__ import annotations

from amtui.services.money.budget import book_health
from amtui.store import Store
from tests.conftest import TODAY


def test_demo_budget_has_every_status_and_the_story(demo_store: Store) -> None:
    with demo_store.read() as s:
        book = {h.project: h for h in book_health(s, as_of=TODAY)}
    assert {h.status for h in book.values()} == {"on-track", "watch", "at-risk", "over"}
    search = book["helios/always-on-search"]
    assert search.status == "at-risk" and search.over_cap and search.unapproved_scope_cents > 0
    assert abs(search.variance_pct - 0.12) < 0.005  # type: ignore[operator]
    assert book["helios/social-retainer"].rollover_cents < 0  # type: ignore[operator]
    assert book["quokka/demand-gen"].rollover_cents > 0  # type: ignore[operator]
    spring = book["northwind/spring-launch"]
    assert spring.eac_method == "earned-value" and spring.variance_pct < -0.05  # type: ignore[operator]
    assert (
        book["bramble/holiday-shelf"].status == "over"
        and book["bramble/holiday-shelf"].out_of_scope_cents > 0
    )
    assert "northwind/summer-campaign" not in book  # starts after today: no figure before a project starts
    assert all(h.actual_cents > 0 for h in book.values())
    assert sum(1 for h in book.values() if h.billable_cents < h.actual_cents) >= 6  # some non-billable time
