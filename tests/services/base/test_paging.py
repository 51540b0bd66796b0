"""List services read a page at a time in SQL: limit/offset, the total, filters as WHERE … LIKE, a stable
order (no row twice, none skipped across pages) and index use on the interaction log."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from amtui.core.errors import InputError
from amtui.services.base.paging import Page, like_pattern
from amtui.services.clients.accounts import list_interactions, page_accounts, page_interactions
from amtui.services.clients.projects import book_health_matching
from amtui.services.money.budget import book_health
from amtui.services.money.change_orders import list_change_orders, page_change_orders
from amtui.store import Store
from amtui.tui.screens.change_orders import STATUS_ORDER
from tests.bulk import add_accounts, add_change_orders, add_escalations, add_interactions, add_opportunities
from tests.conftest import TODAY, connect


def _walk(fetch: Any, size: int) -> tuple[list[Any], list[Page[Any]]]:
    """Every row, page after page of ``size``."""
    rows: list[Any] = []
    pages = []
    offset = 0
    while True:
        page = fetch(offset, size)
        pages.append(page)
        rows.extend(page.rows)
        if not page.more:
            return rows, pages
        offset = page.end


def _sql(store: Store, query: str, *args: Any) -> Any:
    with connect(store) as db:
        return db.execute(query, args).fetchone()[0]


def test_change_order_pages_walk_every_row_once_in_display_order(demo_store: Store) -> None:
    add_change_orders(demo_store, 250)
    with demo_store.read() as s:
        everything = list_change_orders(s)
        rows, pages = _walk(
            lambda o, n: page_change_orders(s, status_order=STATUS_ORDER, offset=o, limit=n), 40
        )
    total = _sql(demo_store, "select count(*) from change_order")
    assert total == len(everything) > 250
    assert [len(p.rows) for p in pages[:-1]] == [40] * (len(pages) - 1) and 0 < len(pages[-1].rows) <= 40
    assert {p.total for p in pages} == {total}
    assert [p.offset for p in pages] == [40 * i for i in range(len(pages))]
    numbers = [r.number for r in rows]
    assert len(numbers) == len(set(numbers)) == total  # no duplicates, no gaps
    want = sorted(everything, key=lambda c: (STATUS_ORDER.index(c.status), int(c.number[3:])))
    assert numbers == [c.number for c in want]
    assert pages[0].label() == f"1–40 of {total:,}"
    # Past the end: an empty page that still knows the total.
    with demo_store.read() as s:
        beyond = page_change_orders(s, offset=total + 5, limit=10)
    assert beyond.rows == [] and beyond.total == total and not beyond.more


def test_change_order_filters_are_sql(demo_store: Store) -> None:
    add_change_orders(demo_store, 250)
    banners = _sql(demo_store, "select count(*) from change_order where title like '%banner%'")
    sent_banners = _sql(
        demo_store, "select count(*) from change_order where title like '%banner%' and status = 'sent'"
    )
    with demo_store.read() as s:
        page = page_change_orders(s, text="BANNER", limit=30)
        rows, _ = _walk(lambda o, n: page_change_orders(s, text="banner", offset=o, limit=n), 30)
        sent = page_change_orders(s, text="banner", status="sent", limit=500)
        by_number = page_change_orders(s, text="co-12", limit=500)
        by_account = page_change_orders(s, text="helios/", limit=500)
        with pytest.raises(InputError, match="unknown status"):
            page_change_orders(s, status="lost")
    assert banners > 80 and page.total == banners and len(page.rows) == 30
    assert len(rows) == banners and all("banner" in r.title.lower() for r in rows)
    assert sent.total == sent_banners > 0 and {r.status for r in sent.rows} == {"sent"}
    assert by_number.total >= 11 and all(r.number.startswith("CO-12") for r in by_number.rows)
    assert by_account.total > 0 and all(r.project.startswith("helios/") for r in by_account.rows)


def test_like_wildcards_are_taken_literally() -> None:
    assert like_pattern("  ") is None and like_pattern(None) is None
    assert like_pattern("50%_off") == "%50\\%\\_off%"


def test_a_percent_sign_matches_only_itself(demo_store: Store) -> None:
    with demo_store.read() as s:
        assert page_change_orders(s, text="%").total == 0
        assert page_change_orders(s, text="_").total == 0
        assert page_change_orders(s, text="").total == len(list_change_orders(s))


def test_bad_windows_are_refused(demo_store: Store) -> None:
    with demo_store.read() as s:
        with pytest.raises(InputError, match="negative"):
            page_change_orders(s, offset=-1)
        with pytest.raises(InputError, match="page size"):
            page_accounts(s, limit=0)


def test_interaction_pages_are_newest_first_with_ties_broken_by_id(demo_store: Store) -> None:
    add_interactions(demo_store, "northwind", 300)
    with demo_store.read() as s:
        everything = list_interactions(s, "northwind")
        rows, pages = _walk(lambda o, n: page_interactions(s, "northwind", offset=o, limit=n), 100)
        first = page_interactions(s, "northwind")
    total = _sql(
        demo_store,
        "select count(*) from interaction join account on account.id = account_id where slug = 'northwind'",
    )
    assert len(first.rows) == 100 and first.total == total == len(everything) > 300
    assert len(pages) == 4 and [r.id for r in rows] == [i.id for i in everything]
    keys = [(r.occurred_on, r.id) for r in rows]
    assert keys == sorted(keys, reverse=True) and len(set(keys)) == len(keys)


def test_account_pages_filter_by_slug_or_name(demo_store: Store) -> None:
    add_accounts(demo_store, 120)
    with demo_store.read() as s:
        rows, pages = _walk(lambda o, n: page_accounts(s, offset=o, limit=n), 50)
        ones = page_accounts(s, text="client 01")
        slugs = page_accounts(s, text="BULK-11")
        helios = page_accounts(s, text="heli")
    assert pages[0].total == len(rows) == 124 and len(pages) == 3
    names = [r.name for r in rows]
    assert names == sorted(names) and len({r.slug for r in rows}) == 124
    assert ones.total == 10 and all(r.name.startswith("Bulk Client 01") for r in ones.rows)
    assert [r.slug for r in slugs.rows] == [f"bulk-11{i}" for i in range(10)]
    assert [r.slug for r in helios.rows] == ["helios"] and helios.rows[0].primary_contact == "Marcus Bell"


def test_budget_filter_reads_only_matching_projects(demo_store: Store) -> None:
    with demo_store.read() as s:
        everything = book_health(s, as_of=TODAY)
        assert book_health_matching(s, "", as_of=TODAY) == everything
        helios = book_health_matching(s, "helios", as_of=TODAY)
        assert helios == book_health(s, account="helios", as_of=TODAY) and len(helios) == 3
        by_name = book_health_matching(s, everything[0].name.upper(), as_of=TODAY)
        assert [h.project for h in by_name] == [everything[0].project]
        assert book_health_matching(s, "no such thing", as_of=TODAY) == []


# ---------------------------------------------------------------------------------------------- plans


@contextmanager
def _statements(store: Store) -> Iterator[list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []

    def grab(conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> None:
        seen.append((statement, params))

    event.listen(store.engine, "before_cursor_execute", grab)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", grab)


def _plans(store: Store, statements: list[tuple[str, Any]], needle: str) -> list[str]:
    with connect(store) as db:
        return [
            " / ".join(row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall())
            for sql, params in statements
            if needle in sql
        ]


@pytest.mark.sqlite_only("EXPLAIN QUERY PLAN of SQLite's indexes")
def test_the_interaction_page_walks_the_account_date_index(demo_store: Store) -> None:
    add_interactions(demo_store, "northwind", 300)
    with _statements(demo_store) as seen, demo_store.read() as s:
        page_interactions(s, "northwind", offset=100, limit=100)
    plans = _plans(demo_store, seen, "FROM interaction")
    assert len(plans) == 2  # the count and the page
    assert all("ix_interaction_account_date" in p for p in plans), plans
    # The index gives the order (occurred_on, then the rowid): no sort of the account's whole log.
    assert "TEMP B-TREE" not in plans[1], plans[1]


@pytest.mark.sqlite_only("EXPLAIN QUERY PLAN of SQLite's indexes")
def test_the_change_order_page_joins_by_primary_key(demo_store: Store) -> None:
    add_change_orders(demo_store, 250)
    with _statements(demo_store) as seen, demo_store.read() as s:
        page_change_orders(s, text="banner", status="sent", offset=10, limit=20)
    plans = _plans(demo_store, seen, "FROM change_order")
    assert len(plans) == 2
    for plan in plans:
        # The status filter uses its index; projects and accounts are looked up by id, never scanned.
        assert "ix_change_order_status" in plan, plan
        assert "SCAN project" not in plan and "SCAN account" not in plan, plan


def test_escalation_pages_keep_the_screen_order(demo_store: Store) -> None:
    from amtui.services.clients.escalations import list_escalations, page_escalations, risk_register

    add_escalations(demo_store, 230)
    with demo_store.read() as s:
        for kw, want in (
            ({}, list_escalations(s, today=TODAY)),
            ({"open_only": True}, list_escalations(s, open_only=True, today=TODAY)),
            ({"risks": True}, risk_register(s, today=TODAY)),
        ):
            rows, pages = _walk(
                lambda o, n, kw=kw: page_escalations(s, today=TODAY, offset=o, limit=n, **kw), 50
            )
            assert [r.ref for r in rows] == [e.ref for e in want], kw  # the same order as the whole list
            assert pages[0].total == len(want) and len(pages[0].rows) == 50
        found = page_escalations(s, text="issue 12", today=TODAY)
    assert {r.summary for r in found.rows} == {"Issue 12"} | {f"Issue 12{i}" for i in range(10)}


def test_opportunity_pages_keep_the_pipeline_order(demo_store: Store) -> None:
    from amtui.services.growth.pipeline import page_opportunities, pipeline

    add_opportunities(demo_store, 260)
    with demo_store.read() as s:
        for closed in (False, True):
            want = pipeline(s, include_closed=closed).opportunities
            rows, pages = _walk(
                lambda o, n, c=closed: page_opportunities(s, include_closed=c, offset=o, limit=n), 70
            )
            assert rows == want and pages[0].total == len(want) > 200, closed  # same rows, same order
        sums = pipeline(s, opportunities=False)
        assert sums.opportunities == [] and sums.totals == pipeline(s).totals
        deals = page_opportunities(s, text="deal 25", limit=500)
    assert {r.title for r in deals.rows} <= {"Deal 25"} | {f"Deal 25{i}" for i in range(10)}
    assert deals.total == len(deals.rows) > 0
