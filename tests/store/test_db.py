"""The store: private files, pragmas, write locks, and the audit trail of every unit of work."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from sqlmodel import select

from amtui.core.errors import InputError
from amtui.services.clients import accounts
from amtui.store import Store, open_store, unit_of_work
from amtui.store.models import Account, AuditBatch, AuditEvent


def mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_new_book_is_private(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "folder" / "book.db"
    s = open_store(path)
    with unit_of_work(s, "test") as uow:
        accounts.add_account(uow, "Acme")
    s.close()
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700


@pytest.mark.sqlite_only("SQLite's PRAGMAs; a team database's session set-up is in tests/pg")
def test_every_connection_has_the_pragmas(store: Store) -> None:
    with store.engine.connect() as conn:
        get = lambda p: conn.exec_driver_sql(f"PRAGMA {p}").scalar()  # noqa: E731
        assert get("journal_mode") == "wal"
        assert get("synchronous") == 2  # FULL
        assert get("foreign_keys") == 1
        assert get("busy_timeout") == 5000


@pytest.mark.sqlite_only("SQLite's BEGIN IMMEDIATE file lock; tests/pg/test_access.py has concurrent writers")
def test_writes_take_the_lock_up_front(store: Store) -> None:
    """A unit of work starts with BEGIN IMMEDIATE: a second writer waits instead of failing mid-way."""
    import sqlite3

    with unit_of_work(store, "hold") as uow:
        uow.session.connection()  # BEGIN IMMEDIATE has run: the write lock is ours
        other = sqlite3.connect(store.path, timeout=0)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()


def test_unit_of_work_records_audit_events_with_before_and_after(store: Store) -> None:
    with unit_of_work(store, "amtui account add Acme") as uow:
        accounts.add_account(uow, "Acme Corp", slug="acme")
    with unit_of_work(store, "amtui account edit acme") as uow:
        accounts.edit_account(uow, "acme", name="Acme Corporation")
    with store.read() as s:
        batches = list(s.exec(select(AuditBatch).order_by(AuditBatch.id)))
        assert [b.command for b in batches] == ["amtui account add Acme", "amtui account edit acme"]
        events = list(s.exec(select(AuditEvent).order_by(AuditEvent.id)))
    assert [(e.entity, e.op) for e in events] == [("account", "insert"), ("account", "update")]
    upd = events[1]
    assert json.loads(upd.before or "")["name"] == "Acme Corp"
    assert json.loads(upd.after or "")["name"] == "Acme Corporation"
    assert upd.batch_id == batches[1].id


def test_failed_action_leaves_neither_rows_nor_history(store: Store) -> None:
    with pytest.raises(InputError):
        with unit_of_work(store, "fails") as uow:
            accounts.add_account(uow, "Acme", slug="acme")
            accounts.add_contact(uow, "acme", "Dana", email="not-an-email")
    with store.read() as s:
        assert s.exec(select(Account)).first() is None
        assert s.exec(select(AuditBatch)).first() is None
        assert s.exec(select(AuditEvent)).first() is None


def test_read_only_action_writes_no_batch(store: Store) -> None:
    with unit_of_work(store, "nothing") as uow:
        accounts.list_accounts(uow.session)
    with store.read() as s:
        assert s.exec(select(AuditBatch)).first() is None


def test_the_cycle_collector_is_paused_for_a_unit_of_work_and_restored(store: Store) -> None:
    """A big write's hundreds of thousands of objects would start collections of the whole heap (a third of
    a 20,000-milestone reschedule): the collector is off while a unit of work runs, and on again after it,
    whether it commits or fails; a collector the caller had turned off stays off."""
    import gc

    assert gc.isenabled()
    with unit_of_work(store, "add") as uow:
        assert not gc.isenabled()
        accounts.add_account(uow, "Paused GC", slug="paused-gc")
    assert gc.isenabled()
    with pytest.raises(InputError), unit_of_work(store, "fails"):
        raise InputError("no")
    assert gc.isenabled()
    gc.disable()
    try:
        with unit_of_work(store, "add"):
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_overlapping_pauses_leave_the_collector_on() -> None:
    """Units of work overlap in the TUI's worker threads (the second waits for SQLite's write lock inside
    its pause): when the first ends while the second runs, the collector stays off until the last one
    ends, then it is on again — never left off."""
    import gc
    import threading

    from amtui.store.uow import _collector_paused

    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: dict[str, bool] = {}

    def first() -> None:
        with _collector_paused():
            first_in.set()
            assert second_in.wait(5)
        first_out.set()

    def second() -> None:
        assert first_in.wait(5)
        with _collector_paused():
            second_in.set()
            assert first_out.wait(5)
            seen["after the first ended"] = gc.isenabled()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen == {"after the first ended": False}
    assert gc.isenabled()
