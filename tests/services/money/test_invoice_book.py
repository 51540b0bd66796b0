"""The Invoices screen's read: pages walk every invoice once, overdue first, as ``invoice list`` filters."""

from __future__ import annotations

import pytest

from amtui.core.errors import InputError
from amtui.services.money.invoice_book import invoice_detail, page_invoices
from amtui.services.money.invoices import list_invoices
from amtui.store import Store
from tests.conftest import TODAY


def _walk(s, **kw):  # type: ignore[no-untyped-def]
    out, offset = [], 0
    while True:
        page = page_invoices(s, today=TODAY, offset=offset, limit=4, **kw)
        out += page.rows
        if not page.more:
            return out, page.total
        offset = page.end


def test_pages_hold_every_invoice_once_with_the_list_figures(demo_store: Store) -> None:
    with demo_store.read() as s:
        every = {i.number: i for i in list_invoices(s, today=TODAY)}
        rows, total = _walk(s)
    assert total == len(every) == len(rows) and {r.number for r in rows} == set(every)
    assert all(r == every[r.number] for r in rows)  # the same InvoiceInfo `invoice list` prints
    late = [r.overdue for r in rows]
    assert late == sorted(late, reverse=True) and any(late)  # overdue first
    overdue = [r for r in rows if r.overdue]
    assert [r.due_on for r in overdue] == sorted(r.due_on for r in overdue)  # most days late first


@pytest.mark.parametrize("status", ["overdue", "paid", "draft", "void", "sent"])
def test_status_filter_is_invoice_lists(demo_store: Store, status: str) -> None:
    with demo_store.read() as s:
        want = {i.number for i in list_invoices(s, status=status, today=TODAY)}
        rows, total = _walk(s, status=status)
    assert {r.number for r in rows} == want and total == len(want)


def test_account_filter_and_refusals(demo_store: Store) -> None:
    with demo_store.read() as s:
        rows, _ = _walk(s, account="BRAMB")
        assert rows and {r.account for r in rows} == {"bramble"}
        assert _walk(s, account="nobody")[1] == 0
        with pytest.raises(InputError):
            page_invoices(s, today=TODAY, status="late")


def test_detail_has_payments_and_credit_notes(demo_store: Store) -> None:
    with demo_store.read() as s:
        d = invoice_detail(s, "inv-2026-0002", today=TODAY)
    assert d.invoice.number == "INV-2026-0002"
    assert sum(p.amount_cents for p in d.payments) == d.invoice.paid_cents
    assert [c.number for c in d.credits] == ["CN-2026-0001"] and d.credits[0].amount_cents == -120_000
