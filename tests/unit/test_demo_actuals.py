"""The demo's actuals make the budget meaningful: every status, out-of-scope work, a surplus and a deficit."""

from __future__ import annotations

from amtui.db import Store
from amtui.services.budget import book_health
from tests.conftest import TODAY


def test_demo_budget_has_every_status_and_the_story(demo_store: Store) -> None:
    with demo_store.read() as s:
        book = {h.project: h for h in book_health(s, as_of=TODAY)}
    assert {h.status for h in book.values()} == {"on-track", "watch", "at-risk", "over"}
    search = book["helios/always-on-search"]
    assert search.status == "at-risk" and search.over_cap and search.unapproved_scope_cents > 0
    # % complete from its milestones (39% by estimate) against 56% burned: earned value says over.
    assert search.eac_method == "earned-value" and search.variance_pct > 0.3  # type: ignore[operator]
    assert book["helios/social-retainer"].rollover_cents < 0  # type: ignore[operator]
    assert book["quokka/demand-gen"].rollover_cents > 0  # type: ignore[operator]
    spring = book["northwind/spring-launch"]
    # 24% of its milestones (by estimate) done at 47% burn: at risk, though the manual figure said 50%.
    assert spring.eac_method == "earned-value" and spring.status == "at-risk"
    assert (
        book["bramble/holiday-shelf"].status == "over"
        and book["bramble/holiday-shelf"].out_of_scope_cents > 0
    )
    assert book["northwind/summer-campaign"].eac_method == "budget"
    assert all(h.actual_cents > 0 for h in book.values())
    assert sum(1 for h in book.values() if h.billable_cents < h.actual_cents) >= 6  # some non-billable time
