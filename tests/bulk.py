"""Many rows fast (Core inserts in one unit of work), for tests of lists longer than a page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, insert
from sqlmodel import select

from amtui.store import Store, unit_of_work
from amtui.store.models import Account, ChangeOrder, Interaction, Project
from tests.conftest import TODAY

STATUSES = ("draft", "sent", "approved", "rejected", "void")


def _ids(uow, table, n: int) -> range:  # type: ignore[no-untyped-def]
    last = int(uow.session.exec(select(func.max(table.id))).one() or 0)
    return range(last - n + 1, last + 1)


def add_change_orders(store: Store, n: int) -> None:
    """``n`` change orders over the book's projects: every other one a "Banner set", the rest "Video cut"."""
    with unit_of_work(store, "test: bulk change orders") as uow:
        s = uow.session
        projects = list(s.exec(select(Project.id).order_by(Project.id)))
        first = int(s.exec(select(func.coalesce(func.max(ChangeOrder.number), 0))).one()) + 1
        rows = [
            {
                "number": first + i,
                "project_id": projects[i % len(projects)],
                "title": f"Banner set {i}" if i % 2 == 0 else f"Video cut {i}",
                "kind": "add",
                "amount_cents": 100_00 * (i + 1),
                "status": STATUSES[i % len(STATUSES)],
                "created_at": datetime(2026, 10, 1, tzinfo=UTC) + timedelta(hours=i),
                "sent_on": TODAY - timedelta(days=i % 20) if STATUSES[i % len(STATUSES)] == "sent" else None,
            }
            for i in range(n)
        ]
        s.connection().execute(insert(ChangeOrder.__table__), rows)  # type: ignore[attr-defined]
        uow.record_bulk_insert("change_order", _ids(uow, ChangeOrder, n))


def add_interactions(store: Store, slug: str, n: int) -> None:
    """``n`` notes on ``slug``, three per day going back from TODAY (so dates tie and ids break the ties)."""
    with unit_of_work(store, "test: bulk interactions") as uow:
        s = uow.session
        account_id = s.exec(select(Account.id).where(Account.slug == slug)).one()
        rows = [
            {
                "account_id": account_id,
                "kind": "note",
                "occurred_on": TODAY - timedelta(days=i // 3),
                "summary": f"Note {i}",
                "created_at": datetime(2026, 11, 28, tzinfo=UTC),
            }
            for i in range(n)
        ]
        s.connection().execute(insert(Interaction.__table__), rows)  # type: ignore[attr-defined]
        uow.record_bulk_insert("interaction", _ids(uow, Interaction, n))


def add_accounts(store: Store, n: int) -> None:
    """``n`` accounts ``bulk-000``… named ``Bulk Client 000``…"""
    with unit_of_work(store, "test: bulk accounts") as uow:
        rows = [
            {
                "slug": f"bulk-{i:03d}",
                "name": f"Bulk Client {i:03d}",
                "contract": "project",
                "currency": "USD",
                "status": "active",
                "created_at": datetime(2026, 11, 1, tzinfo=UTC),
            }
            for i in range(n)
        ]
        uow.session.connection().execute(insert(Account.__table__), rows)  # type: ignore[attr-defined]
        uow.record_bulk_insert("account", _ids(uow, Account, n))


def add_escalations(store: Store, n: int) -> None:
    """``n`` escalations and risks across the book's accounts, with every severity, some resolved."""
    from amtui.store.models import Escalation
    from amtui.store.models.escalation import SEVERITIES

    with unit_of_work(store, "test: bulk escalations") as uow:
        s = uow.session
        accounts = list(s.exec(select(Account.id).order_by(Account.id)))
        rows = [
            {
                "account_id": accounts[i % len(accounts)],
                "kind": "risk" if i % 4 == 0 else "escalation",
                "summary": f"Issue {i}",
                "severity": SEVERITIES[i % len(SEVERITIES)],
                "probability": 1 + i % 5,
                "impact": 1 + (i // 5) % 5,
                "status": "resolved" if i % 6 == 0 else "open",
                "opened_on": TODAY - timedelta(days=i % 30),
                "due_on": TODAY - timedelta(days=i % 7 - 3),
                "created_at": datetime(2026, 11, 1, tzinfo=UTC),
            }
            for i in range(n)
        ]
        s.connection().execute(insert(Escalation.__table__), rows)  # type: ignore[attr-defined]
        uow.record_bulk_insert("escalation", _ids(uow, Escalation, n))


def add_opportunities(store: Store, n: int) -> None:
    """``n`` opportunities across the book's accounts: some without a next date, some won or lost."""
    from amtui.store.models import Opportunity

    with unit_of_work(store, "test: bulk opportunities") as uow:
        s = uow.session
        accounts = list(s.exec(select(Account.id).order_by(Account.id)))
        rows = [
            {
                "account_id": accounts[i % len(accounts)],
                "title": f"Deal {i}",
                "kind": "expanded-scope",
                "value_cents": 1_000_00 * (1 + i % 9),
                "currency": "USD",
                "probability": 10 * (1 + i % 9),
                "stage": "identified",
                "next_on": None if i % 5 == 0 else TODAY + timedelta(days=i % 40 - 10),
                "status": ("won", "lost")[i % 2] if i % 7 == 0 else "open",
                "opened_on": TODAY - timedelta(days=30),
                "created_at": datetime(2026, 11, 1, tzinfo=UTC),
            }
            for i in range(n)
        ]
        s.connection().execute(insert(Opportunity.__table__), rows)  # type: ignore[attr-defined]
        uow.record_bulk_insert("opportunity", _ids(uow, Opportunity, n))
