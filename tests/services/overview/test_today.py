"""The Today service: providers, thresholds from the config, order, and one-line extension."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from sqlmodel import Session

from amtui.core.config import Settings
from amtui.services.clients.accounts import contact_leave, log_interaction, set_primary
from amtui.services.overview import today as today_service
from amtui.services.overview.today import AttentionItem, TodayContext, attention, provider
from amtui.store import Store, unit_of_work
from tests.conftest import TODAY


def kinds(items: list[AttentionItem]) -> list[tuple[str, str]]:
    return [(i.kind, i.account) for i in items]


RELATIONSHIP = ("primary-left", "stale-contact", "renewal")


def relationship(items: list[AttentionItem]) -> list[tuple[str, str]]:
    return [(i.kind, i.account) for i in items if i.kind in RELATIONSHIP]


def test_demo_book_relationship_worries_most_urgent_first(demo_store: Store) -> None:
    with demo_store.read() as s:
        items = attention(s, today=TODAY)
    expected = [("primary-left", "northwind"), ("stale-contact", "bramble"), ("renewal", "quokka")]
    assert relationship(items) == expected
    left = next(i for i in items if i.kind == "primary-left")
    assert left.target == "account" and left.target_id == "northwind"
    assert [i.sort_key for i in items] == sorted(i.sort_key for i in items)


def test_thresholds_come_from_the_settings(demo_store: Store) -> None:
    with demo_store.read() as s:
        items = attention(s, today=TODAY, config=Settings(stale_contact_days=5, renewal_window_days=200))
    stale = {i.account for i in items if i.kind == "stale-contact"}
    assert stale == {"bramble", "quokka"}  # quokka: 6 days
    renewals = [i.account for i in items if i.kind == "renewal"]
    assert renewals == ["quokka", "northwind", "helios", "bramble"]  # soonest first


def test_replacing_a_primary_or_calling_clears_the_item(demo_store: Store) -> None:
    with unit_of_work(demo_store, "test") as uow:
        set_primary(uow, "northwind", "Sam Patel", on=TODAY)
        log_interaction(uow, "bramble", "call", on=TODAY - timedelta(days=1))
    with demo_store.read() as s:
        assert relationship(attention(s, today=TODAY)) == [("renewal", "quokka")]


def test_a_primary_who_leaves_today_is_flagged(demo_store: Store) -> None:
    with unit_of_work(demo_store, "test") as uow:
        contact_leave(uow, "quokka", "Tom Okoro", on=TODAY)
    with demo_store.read() as s:
        items = attention(s, today=TODAY)
    assert ("primary-left", "quokka") in kinds(items)


def test_a_capability_adds_a_provider_in_one_line(demo_store: Store) -> None:
    def overdue(session: Session, ctx: TodayContext) -> Iterator[AttentionItem]:
        yield AttentionItem(
            "critical",
            "overdue",
            "helios",
            "m1",
            "Storyboards overdue",
            "3 days",
            "timeline",
            "m1",
            rank=-(10**9),
        )

    provider(overdue)
    try:
        with demo_store.read() as s:
            assert attention(s, today=TODAY)[0].kind == "overdue"
    finally:
        today_service.PROVIDERS.remove(overdue)


def test_budget_trouble_and_unapproved_scope_come_first(demo_store: Store) -> None:
    from amtui.services.money.actuals import log_cost

    with unit_of_work(demo_store, "test") as uow:
        # Past the whole original budget, half of it out of scope.
        log_cost(uow, "quokka/abm-pilot", 20_000_00, on=TODAY, today=TODAY)
        log_cost(uow, "quokka/abm-pilot", 10_000_00, on=TODAY, out_of_scope=True, today=TODAY)
    with demo_store.read() as s:
        items = attention(s, today=TODAY)
    assert items[0].kind == "budget" and items[0].ref == "quokka/abm-pilot"
    assert items[0].severity == "critical" and items[0].title == "LinkedIn ABM Pilot is over budget"
    assert items[0].target == "budget" and items[0].target_id == "quokka/abm-pilot"
    scope = next(i for i in items if i.kind == "unapproved-scope")
    assert scope.title.endswith("of unapproved scope on LinkedIn ABM Pilot")
    assert scope.ref == "quokka/abm-pilot" and scope.target == "budget"
