"""One read of the book (the TUI's read-ahead) reads each rollup once: same figures, one pass."""

from __future__ import annotations

from datetime import date

from amtui.services.money import rollup
from amtui.services.money.budget import book_health
from amtui.services.money.reconcile import reconcile
from amtui.services.money.rollup import rollups, shared_rollups
from amtui.store import Store
from tests.conftest import TODAY


def test_shared_rollups_read_once_and_give_the_same_figures(demo_store: Store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    with demo_store.read() as s:
        health, recon, apart = book_health(s, as_of=TODAY), reconcile(s, as_of=TODAY), rollups(s, TODAY)
        reads: list[date] = []
        real = rollup._read

        def counted(db, as_of, ids):  # type: ignore[no-untyped-def]
            reads.append(as_of)
            return real(db, as_of, ids)

        monkeypatch.setattr(rollup, "_read", counted)
        with shared_rollups():
            assert book_health(s, as_of=TODAY) == health
            assert reconcile(s, as_of=TODAY) == recon
            assert rollups(s, TODAY) == apart
            once = len(reads)
            assert rollups(s, TODAY) is rollups(s, TODAY)
            assert len(reads) == once  # nothing read again
            rollups(s, date(2026, 10, 31))
            assert len(reads) == once + 1  # another date is another read
        before = len(reads)
        rollups(s, TODAY)  # outside the block nothing is kept
        assert len(reads) == before + 1
