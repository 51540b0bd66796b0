"""Cost to the agency as of a date (time at cost rate + costs, uncosted minutes apart) and margin."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest

from amtui.services.base.refs import get_project
from amtui.services.clients import accounts, projects
from amtui.services.money.actuals import log_cost, log_time
from amtui.services.money.cost import CostTotals, cost_totals, margin
from amtui.store import Store, read_connection, unit_of_work
from amtui.store.sql import Db
from tests.conftest import connect, plain_read


@pytest.fixture
def book(store: Store) -> dict[str, int]:
    """acme/site: costed and uncosted time and two costs in Oct–Nov; acme/print: one cost; acme/idle: none."""
    with unit_of_work(store, "test") as uow:
        accounts.add_account(uow, "Acme", slug="acme")
        for slug in ("site", "print", "idle"):
            projects.add_project(uow, f"acme/{slug}", slug.title(), budget_cents=50_000_00, rate_cents=150_00)
        log_time(uow, "acme/site", 120, on=date(2026, 10, 1), cost_rate_cents=80_00)  # $160
        log_time(uow, "acme/site", 60, on=date(2026, 10, 15))  # no cost rate anywhere: uncosted
        log_cost(uow, "acme/site", 500_00, on=date(2026, 10, 10))
        log_time(uow, "acme/site", 180, on=date(2026, 11, 20), cost_rate_cents=50_00, billable=False)  # $150
        log_time(uow, "acme/site", 45, on=date(2026, 11, 21))  # uncosted
        log_cost(uow, "acme/site", 200_00, on=date(2026, 11, 25), billable=False, out_of_scope=True)
        log_cost(uow, "acme/print", 1_000_00, on=date(2026, 11, 1))
    with store.read() as s:
        return {slug: int(get_project(s, f"acme/{slug}").id) for slug in ("site", "print", "idle")}  # type: ignore[arg-type]


@contextmanager
def _db(store: Store, kind: str) -> Iterator[Db]:
    if kind == "session":
        with store.read() as s:
            yield s
    else:
        with plain_read(store) as con:
            yield con


@pytest.mark.parametrize("kind", ["session", "plain"])
def test_cost_as_of_a_date_counts_only_what_was_dated_by_then(
    store: Store, book: dict[str, int], kind: str
) -> None:
    site, printing = book["site"], book["print"]
    with _db(store, kind) as db:
        assert cost_totals(db, date(2026, 9, 30), None) == {}
        assert cost_totals(db, date(2026, 10, 31), None) == {site: CostTotals(160_00, 500_00, 60)}
        now = cost_totals(db, date(2026, 11, 28), None)
        assert now == {site: CostTotals(310_00, 700_00, 105), printing: CostTotals(0, 1_000_00, 0)}
        assert now[site].cost_cents == 1_010_00
        # the day itself counts
        assert cost_totals(db, date(2026, 11, 20), [site])[site] == CostTotals(310_00, 500_00, 60)
        assert cost_totals(db, date(2026, 11, 28), [printing]) == {printing: CostTotals(0, 1_000_00, 0)}
        assert cost_totals(db, date(2026, 11, 28), [book["idle"]]) == {}
        assert cost_totals(db, date(2026, 11, 28), []) == {}


@pytest.mark.sqlite_only("EXPLAIN QUERY PLAN of SQLite's indexes")
def test_cost_totals_reads_only_the_covering_indexes(store: Store, book: dict[str, int]) -> None:
    """EXPLAIN QUERY PLAN of the very statements cost_totals runs: covering indexes, never the tables."""
    with read_connection(store.path) as con:
        seen: list[str] = []
        con.set_trace_callback(seen.append)
        for ids in (None, [book["site"]]):
            seen.clear()
            cost_totals(con, date(2026, 11, 28), ids)
            con.set_trace_callback(None)
            statements = [s for s in seen if "GROUP BY" in s]
            assert len(statements) == 2  # one GROUP BY per table
            for statement in statements:
                table = "time_entry" if "FROM time_entry" in statement else "cost_entry"
                plan = " ".join(str(r[-1]) for r in con.execute(f"EXPLAIN QUERY PLAN {statement}"))
                assert f"COVERING INDEX ix_{table}_rollup" in plan, plan
            con.set_trace_callback(seen.append)
        con.set_trace_callback(None)


@pytest.mark.parametrize(
    ("earned", "cost", "expected"),
    [
        (100_00, CostTotals(30_00, 10_00, 0), (60_00, 0.6)),
        (3_00, CostTotals(1_00, 0, 0), (2_00, 0.6667)),  # four places, rounded
        (100_00, CostTotals(90_00, 30_00, 15), (-20_00, -0.2)),  # a loss
        (0, CostTotals(40_00, 0, 0), (-40_00, None)),  # nothing earned: no percentage
        (-5_00, CostTotals(), (-5_00, None)),
    ],
)
def test_margin(earned: int, cost: CostTotals, expected: tuple[int, float | None]) -> None:
    assert margin(earned, cost) == expected


def test_cost_totals_sees_a_unit_of_works_own_writes(store: Store, book: dict[str, int]) -> None:
    with unit_of_work(store, "test") as uow:
        log_time(uow, "acme/idle", 60, on=date(2026, 11, 2), cost_rate_cents=70_00)
        assert cost_totals(uow.session, date(2026, 11, 28), [book["idle"]]) == {
            book["idle"]: CostTotals(70_00, 0, 0)
        }
    con = connect(store)
    try:
        assert con.execute("SELECT count(*) FROM time_entry WHERE cost_cents = 7000").fetchone() == (1,)
    finally:
        con.close()
