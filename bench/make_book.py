"""Generate a large book for benchmarks: python bench/make_book.py PATH|URL [--seed N] [--scale X].

50 accounts, 2,000 projects, 200,000 time entries over 4 years, 20,000 milestones, 2,000 change orders,
5,000 invoices, 50,000 metric rows (tables that exist in this build), with skewed, realistic distributions;
``--scale 10`` makes the 10x book (500 accounts, 20,000 projects, 2,000,000 time entries). Rows go in through
SQLAlchemy Core, many per statement, in one transaction: it is benchmark data, so it skips the per-row audit
trail and records one audit batch for the whole book. PATH may be a PostgreSQL URL (an empty team database):
the rows then go in with COPY (:func:`amtui.store.dialect.copy_rows`), the fast path for the 10x book.
The book's "today" is the clock's (``AMTUI_TODAY``), as every command sees it.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Table, insert

from amtui.core import clock
from amtui.core.money import apply_rate
from amtui.store import open_store, unit_of_work
from amtui.store.dialect import bump_sequences, copy_rows, is_url

TEAMS = ["creative", "media", "strategy", "analytics", "production", "account"]
PEOPLE = [
    f"{first} {last}"
    for first in ("Maya", "Luis", "Priya", "Sam", "Ada", "Kofi", "Lena", "Omar")
    for last in ("Chen", "Ortega")
]
INDUSTRIES = ["Retail", "Financial services", "CPG", "B2B SaaS", "Travel", "Healthcare", "Automotive"]
SOURCES = ["meta", "google-ads", "ga4", "microsoft-ads"]
CO_STATES = ["draft", "sent", "approved", "approved", "approved", "rejected", "invoiced", "void"]


def chunks(rows: list[dict[str, Any]], n: int = 5000) -> Any:
    for i in range(0, len(rows), n):
        yield rows[i : i + n]


def build(
    path: Path | str, *, seed: int = 7, today: date | None = None, scale: float = 1.0
) -> dict[str, int]:
    rnd = random.Random(seed)
    today = today or clock.today()
    start = today - timedelta(days=4 * 365)
    store = open_store(path)
    from sqlmodel import SQLModel

    meta: dict[str, Table] = dict(SQLModel.metadata.tables)
    now = datetime.now(UTC).replace(microsecond=0)
    counts: dict[str, int] = {}

    def put(conn: Any, name: str, rows: list[dict[str, Any]]) -> None:
        if name not in meta or not rows:
            return
        if copy_rows(conn, meta[name], rows):
            counts[name] = counts.get(name, 0) + len(rows)
            return
        for part in chunks(rows):
            conn.execute(insert(meta[name]), part)
        counts[name] = counts.get(name, 0) + len(rows)

    n_accounts, n_projects = int(50 * scale) or 1, int(2000 * scale) or 1
    n_time, n_ms, n_co = int(200_000 * scale), int(20_000 * scale), int(2000 * scale)
    n_inv, n_metrics = int(5000 * scale), int(50_000 * scale)
    with unit_of_work(store, "bench make_book") as uow:
        conn = uow.session.connection()
        accounts = [
            {
                "id": i + 1,
                "slug": f"client-{i + 1:02d}",
                "name": f"Client {i + 1:02d}",
                "industry": rnd.choice(INDUSTRIES),
                "contract": rnd.choice(["retainer", "project", "aor"]),
                "currency": "USD",
                "renewal_on": today + timedelta(days=rnd.randint(-30, 400)),
                "status": "active",
                "created_at": now,
            }
            for i in range(n_accounts)
        ]
        put(conn, "account", accounts)
        projects: list[dict[str, Any]] = []
        for i in range(n_projects):
            begin = start + timedelta(days=rnd.randint(0, 4 * 365 - 60))
            length = rnd.randint(45, 400)
            billing = rnd.choices(["fixed", "tm", "retainer"], weights=[5, 3, 2])[0]
            budget = rnd.randint(10, 400) * 1000_00
            projects.append(
                {
                    "id": i + 1,
                    "account_id": rnd.randint(1, n_accounts),
                    "slug": f"project-{i + 1:04d}",
                    "name": f"Project {i + 1:04d}",
                    "code": f"P-{i + 1:04d}",
                    "billing": billing,
                    "currency": "USD",
                    "budget_cents": budget,
                    "budget_minutes": budget // 150_00 * 60,
                    "rate_cents": rnd.choice([120_00, 140_00, 150_00, 165_00, 180_00]),
                    "retainer_fee_cents": budget // 12 if billing == "retainer" else None,
                    "start_on": begin,
                    "end_on": begin + timedelta(days=length),
                    "status": "active"
                    if begin + timedelta(days=length) > today - timedelta(days=90)
                    else "completed",
                    "created_at": now,
                }
            )
        put(conn, "project", projects)
        # Time: skewed toward big projects, spread over each project's dates.
        weights = [p["budget_cents"] for p in projects]
        picks = rnd.choices(projects, weights=weights, k=n_time)
        entries = []
        for i, p in enumerate(picks):
            span = max(1, (min(p["end_on"], today) - p["start_on"]).days)
            minutes = rnd.choice([15, 30, 45, 60, 90, 120, 180, 240, 360, 480])
            entries.append(
                {
                    "project_id": p["id"],
                    "entry_date": p["start_on"] + timedelta(days=rnd.randint(0, span)),
                    "minutes": minutes,
                    "rate_cents": p["rate_cents"],
                    "amount_cents": apply_rate(minutes, p["rate_cents"]),
                    "team": rnd.choice(TEAMS),
                    "person": rnd.choice(PEOPLE),
                    "billable": rnd.random() > 0.08,
                    "out_of_scope": rnd.random() < 0.03,
                    "source": "bench",
                    "source_key": f"bench-{i}",
                    "created_at": now,
                }
            )
        put(conn, "time_entry", entries)
        costs = [
            {
                "project_id": p["id"],
                "entry_date": p["start_on"] + timedelta(days=rnd.randint(0, 40)),
                "amount_cents": rnd.randint(50, 5000) * 100,
                "note": "media / licences",
                "billable": True,
                "out_of_scope": False,
                "created_at": now,
            }
            for p in rnd.choices(projects, k=n_projects * 3)
        ]
        put(conn, "cost_entry", costs)
        cos = []
        for i in range(n_co):
            p = rnd.choice(projects)
            state = rnd.choice(CO_STATES)
            decided = p["start_on"] + timedelta(days=rnd.randint(5, 60))
            cos.append(
                {
                    "id": i + 1,
                    "number": i + 1,
                    "project_id": p["id"],
                    "title": f"Change {i + 1}",
                    "kind": "add",
                    "amount_cents": rnd.randint(5, 150) * 100_00,
                    "minutes": rnd.randint(4, 60) * 60,
                    "days": rnd.randint(0, 10),
                    "status": state,
                    "created_at": now,
                    "sent_on": decided - timedelta(days=3) if state != "draft" else None,
                    "decided_on": decided if state in ("approved", "rejected", "invoiced") else None,
                }
            )
        put(conn, "change_order", cos)
        # An invoiced change order is billed by a sent invoice (a rule of the book): the first invoices do.
        invoiced = [co for co in cos if co["status"] == "invoiced"]
        invoices = []
        for i in range(n_inv):
            p = rnd.choice(projects)
            issued = p["start_on"] + timedelta(days=rnd.randint(20, 300))
            co = invoiced[i] if i < len(invoiced) else None
            invoices.append(
                {
                    "id": i + 1,
                    "number": f"INV-{i + 1:05d}",
                    "project_id": co["project_id"] if co else p["id"],
                    "change_order_id": co["id"] if co else None,
                    "amount_cents": rnd.randint(20, 400) * 100_00,
                    "currency": "USD",
                    "issued_on": issued,
                    "due_on": issued + timedelta(days=30),
                    "status": rnd.choice(["sent", "paid", "paid", "paid"]),
                    "created_at": now,
                }
            )
        put(conn, "invoice", invoices)
        put(
            conn,
            "payment",
            [
                {
                    "invoice_id": inv["id"],
                    "amount_cents": inv["amount_cents"],
                    "paid_on": inv["due_on"],
                    "created_at": now,
                }
                for inv in invoices
                if inv["status"] == "paid"
            ],
        )
        if "milestone" in meta:
            cols = set(meta["milestone"].c.keys())
            ms = []
            for i in range(n_ms):
                p = rnd.choice(projects)
                due = p["start_on"] + timedelta(days=rnd.randint(7, 200))
                row = {
                    "project_id": p["id"],
                    "name": f"Milestone {i + 1}",
                    "team": rnd.choice(TEAMS),
                    "start_on": due - timedelta(days=rnd.randint(1, 14)),
                    "due_on": due,
                    "status": "done"
                    if due < today - timedelta(days=10)
                    else rnd.choice(["planned", "in-progress"]),
                    "created_at": now,
                }
                ms.append({k: v for k, v in row.items() if k in cols})
            put(conn, "milestone", ms)
        if "metric_row" in meta:
            media = [p for p in projects if p["billing"] != "retainer"][:250]
            rows = []
            for i in range(n_metrics):
                p = media[i % len(media)]
                campaign = f"{p['name']} - {rnd.choice(['Search', 'Prospecting', 'Retargeting'])}"
                spend = rnd.randint(50, 2000) * 100
                clicks = rnd.randint(20, 900)
                rows.append(
                    {
                        "project_id": p["id"],
                        "metric_date": p["start_on"] + timedelta(days=i // len(media)),
                        "source": rnd.choice(SOURCES),
                        "campaign": campaign,
                        "currency": "USD",
                        "spend_cents": spend,
                        "impressions": clicks * rnd.randint(20, 80),
                        "clicks": clicks,
                        "conversions_milli": rnd.randint(0, 40) * 1000,
                        "revenue_cents": spend * rnd.randint(1, 6),
                        "span_days": 1,
                        "import_key": f"bench-{i}",
                    }
                )
            put(conn, "metric_row", rows)
        bump_sequences(conn, [meta[name] for name in counts])  # ids given in COPY (PostgreSQL)
        uow.record("book", None, "bulk", None, dict(counts))
    store.close()
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("path", help="a new book file, or an empty team database (postgresql://…)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--scale", type=float, default=1.0)
    a = ap.parse_args()
    if not is_url(a.path) and Path(a.path).exists():
        sys.exit(f"{a.path} exists; remove it first")
    t0 = time.perf_counter()
    counts = build(a.path, seed=a.seed, scale=a.scale)
    print(", ".join(f"{v:,} {k}" for k, v in counts.items()), f"in {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
