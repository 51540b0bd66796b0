"""Today on the store's SQL runner: the same list on a session (what a write's unit of work reads on) and on
a plain driver connection (the TUI's first screen and ``amtui today``: ``sqlite3``, or psycopg on a team
database), and reading it loads no ORM."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

import pytest

from amtui.services.money.invoice_read import list_invoices
from amtui.services.overview.today import attention, book_is_empty
from amtui.services.timeline.alerts import timeline_alerts
from amtui.store import Store
from tests.conftest import TODAY, Book, is_url, plain_read

#: Dates around the demo's: before most work, the demo's day, and three weeks on (more overdue, more
#: waiting change orders).
DATES = (date(2026, 10, 1), TODAY, TODAY + timedelta(days=22))
#: What the providers moved off the ORM find in the demo book on those dates (so the comparison is not
#: vacuous): the relationship worries, waiting change orders, overdue invoices and the timeline's alerts.
MOVED = {
    "stale-contact",
    "renewal",
    "primary-left",
    "change-order-waiting",
    "invoice-overdue",
    "milestone-overdue",
    "milestone-not-started",
    "milestone-late-dependency",
}


def test_today_on_a_plain_connection_is_today_on_a_session(demo_store: Store, demo_path: Book) -> None:
    found: set[str] = set()
    for on in DATES:
        with demo_store.read() as s:
            via_session = attention(s, today=on)
        with plain_read(demo_path) as db:
            via_plain = attention(db, today=on)
            one_am = attention(db, today=on, am="maya")
        assert via_plain == via_session
        assert one_am == [i for i in via_plain if i in one_am] and len(one_am) < len(via_plain)
        found |= {i.kind for i in via_plain}
    assert found >= MOVED


def test_the_reads_behind_it_agree_too(demo_store: Store, demo_path: Book) -> None:
    """Invoices (every status, overdue, one account) and the timeline's alerts (one project too)."""
    for status in (None, "overdue", "sent", "paid"):
        for ref in (None, "helios"):
            with demo_store.read() as s:
                via_session = list_invoices(s, ref, status=status, today=TODAY)
            with plain_read(demo_path) as db:
                assert list_invoices(db, ref, status=status, today=TODAY) == via_session
    with demo_store.read() as s:
        alerts = timeline_alerts(s, today=TODAY)
        mine = timeline_alerts(s, today=TODAY, project_ref="helios/ctv-q1-flight")
    with plain_read(demo_path) as db:
        assert timeline_alerts(db, today=TODAY) == alerts
        assert timeline_alerts(db, today=TODAY, project_ref="helios/ctv-q1-flight") == mine
        assert not book_is_empty(db)
    assert alerts and set(mine) < set(alerts)


def test_an_empty_book_is_empty_on_both(store: Store, db_path: Book) -> None:
    with store.read() as s:
        assert book_is_empty(s) and attention(s, today=TODAY) == []
    with plain_read(db_path) as db:
        assert book_is_empty(db) and attention(db, today=TODAY) == []


def test_reading_today_on_a_plain_connection_loads_no_orm(demo_path: Book) -> None:
    """What makes the TUI's first fresh read and ``amtui today`` cheap: no provider imports SQLAlchemy."""
    if is_url(demo_path):
        pytest.skip("the file's plain connection; a team database's is the same code on psycopg")
    code = (
        "import sys; from datetime import date; from pathlib import Path\n"
        "from amtui.store import read_connection\n"
        "from amtui.services.overview.today import attention\n"
        f"with read_connection(Path({str(demo_path)!r})) as con:\n"
        f"    items = attention(con, today=date.fromisoformat({TODAY.isoformat()!r}))\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'sqlmodel'))\n"
        "print(len(items), heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    count, heavy = out.split(" ", 1)
    assert int(count) > 20 and heavy.strip() == "[]"
