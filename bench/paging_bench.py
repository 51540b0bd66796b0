"""Paged lists on a large book: python bench/paging_bench.py PATH (a book from bench/make_book.py).

Adds 2,000 interactions per account (once), then times what a list screen waits for before and after
paging: the whole change-order list (sorted the way the screen showed it) against its first page with the
count, and the interaction log capped at 50 (what the screen showed before) or whole against a page of 100.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert
from sqlmodel import select

from amtui.services.clients.accounts import list_accounts, list_interactions, page_accounts, page_interactions
from amtui.services.money.change_orders import list_change_orders, page_change_orders
from amtui.services.money.rules import CO_WORK_ORDER
from amtui.store import open_store, unit_of_work
from amtui.store.models import Account, Interaction

TODAY = date(2026, 11, 28)
STATUS_ORDER = CO_WORK_ORDER
PER_ACCOUNT = 2_000


def timed(what: str, fn: Any, runs: int = 7) -> None:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(1000 * (time.perf_counter() - t))
    print(f"{what:<62} {statistics.median(times):8.1f} ms (median of {runs})")


def seed_interactions(path: Path) -> None:
    store = open_store(path)
    with unit_of_work(store, "bench: interactions") as uow:
        s = uow.session
        if int(s.exec(select(func.count()).select_from(Interaction)).one()) >= PER_ACCOUNT:
            return
        stamp = datetime(2026, 11, 28, tzinfo=UTC)
        ids = list(s.exec(select(Account.id)))
        rows = [
            dict(account_id=a, kind="note", occurred_on=TODAY - timedelta(days=i // 4), summary=f"Note {i}")
            | {"created_at": stamp}
            for a in ids
            for i in range(PER_ACCOUNT)
        ]
        s.connection().execute(insert(Interaction.__table__), rows)  # type: ignore[attr-defined]
        print(f"added {len(rows):,} interactions")


def main() -> None:
    path = Path(sys.argv[1])
    seed_interactions(path)
    store = open_store(path)
    with store.read() as s:
        slug = s.exec(select(Account.slug).order_by(Account.id)).first()
        assert slug is not None
        n_co = len(list_change_orders(s))
        print(f"{n_co:,} change orders; {PER_ACCOUNT:,}+ interactions on {slug}")

        def before_cos() -> None:
            rows = list_change_orders(s)
            sorted(rows, key=lambda c: (STATUS_ORDER.index(c.status), c.number))

        timed("change orders, before: whole list + sort", before_cos)
        timed(
            "change orders, after: first page (100) + count",
            lambda: page_change_orders(s, status_order=STATUS_ORDER),
        )
        timed(
            "change orders, after: page 11 (offset 1,000)",
            lambda: page_change_orders(s, status_order=STATUS_ORDER, offset=1000),
        )
        timed(
            "change orders, after: filter 'co-12' first page",
            lambda: page_change_orders(s, text="co-12", status_order=STATUS_ORDER),
        )
        timed("interaction log, before: capped at 50", lambda: list_interactions(s, slug, limit=50))
        timed("interaction log, whole (what 'no cap' costs unpaged)", lambda: list_interactions(s, slug))
        timed("interaction log, after: first page (100) + count", lambda: page_interactions(s, slug))
        timed(
            "interaction log, after: last page", lambda: page_interactions(s, slug, offset=PER_ACCOUNT - 100)
        )
        timed("accounts, before: whole list", lambda: list_accounts(s))
        timed("accounts, after: first page + count", lambda: page_accounts(s))


if __name__ == "__main__":
    main()
