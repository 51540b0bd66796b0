"""The Invoices screen (key I): every invoice by status, overdue first; filters; the detail; raise, send, pay,
credit and void through the book forms — what the one-liners save, and nothing on a refusal or a conflict."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text
from textual.widgets import Input, Static

from amtui.services.money import invoice_book, invoices
from amtui.services.money.rules import INVOICE_WORDS, invoice_word
from amtui.store import Store, unit_of_work
from amtui.tui.screens.book_forms import InvoiceActionForm, InvoiceForm
from amtui.tui.screens.forms import FormScreen
from amtui.tui.screens.invoices import InvoiceDetailScreen, InvoicesScreen
from tests.conftest import TODAY, dump
from tests.tui.helpers import cells, make_app, table, until


def _history(store: Store) -> list[str]:
    with store.engine.connect() as c:
        return [r[0] for r in c.execute(text("select command from audit_batch order by id"))]


def _text(app: Any, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def _open(pilot: Any, app: Any) -> InvoicesScreen:
    await pilot.press("I")
    await until(pilot, lambda: isinstance(app.screen, InvoicesScreen), what="the Invoices screen")
    await until(pilot, lambda: table(app, "#invoices").row_count > 0, what="invoices listed")
    screen = app.screen
    assert isinstance(screen, InvoicesScreen)
    return screen


async def _save(pilot: Any, app: Any, form_type: type, values: dict[str, str]) -> FormScreen:
    await until(pilot, lambda: isinstance(app.screen, form_type), what=form_type.__name__)
    form = app.screen
    for key, value in values.items():
        form.query_one(f"#{key}", Input).value = value
    await pilot.pause()
    await pilot.press("f2")
    return form


async def test_every_invoice_listed_overdue_first_with_the_cli_figures(demo_store: Store) -> None:
    with demo_store.read() as s:
        every = {i.number: i for i in invoices.list_invoices(s, today=TODAY)}
    app = make_app(demo_store)
    async with app.run_test(size=(170, 50)) as pilot:
        await _open(pilot, app)
        rows = cells(table(app, "#invoices"))
        assert {r[0] for r in rows} == set(every)  # every invoice and credit note, once
        assert f"of {len(every)}" in _text(app, "#invoices-title")
        statuses = [r[3] for r in rows]
        overdue = [r[0] for r in rows if r[3] == "overdue"]
        assert overdue == ["INV-2026-0017", "INV-2026-0019"]  # open, past due: first, most days late first
        assert statuses[: len(overdue)] == ["overdue"] * len(overdue)
        assert statuses[-1] == "void"  # the void last
        for r in rows:
            i = every[r[0]]
            word = invoice_word(i.status, i.overdue)
            assert r[3] == word
            assert r[8] == (f"credits {i.credit_of}" if i.credit_of else invoice_book.bills(i))
            assert r[1] == i.account
        partly = next(r for r in rows if r[0] == "INV-2026-0017")
        assert partly[4:8] == ["$9,000.00", "$4,000.00", "$5,000.00", "2026-10-31"]  # amount, paid, due, date


async def test_filters_by_status_and_account(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(170, 50)) as pilot:
        screen = await _open(pilot, app)
        seen = []
        for _ in range(len(INVOICE_WORDS) + 1):  # f steps through every status and back to all
            await pilot.press("f")
            await pilot.pause(0.2)
            seen.append(screen.status)
        assert seen[-1] is None and "overdue" in seen and "draft" in seen
        while screen.status != "overdue":
            await pilot.press("f")
        await until(pilot, lambda: table(app, "#invoices").row_count == 2, what="the two overdue")
        assert "overdue" in _text(app, "#invoices-title")
        while screen.status is not None:
            await pilot.press("f")
        await pilot.press("slash")
        await pilot.press(*"bramble")
        await until(
            pilot,
            lambda: {r[1] for r in cells(table(app, "#invoices"))} == {"bramble"},
            what="bramble's invoices only",
        )
        await pilot.press("escape")
        await pilot.press(*"s")  # back on the table: the keys act again (s sends)
        await until(pilot, lambda: isinstance(app.screen, InvoiceActionForm), what="the send form")


async def test_enter_opens_the_detail_with_payments_and_credit_notes(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(170, 50)) as pilot:
        screen = await _open(pilot, app)
        screen.open_ref("INV-2026-0002")
        await until(pilot, lambda: screen.selected() and screen.selected().number == "INV-2026-0002")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, InvoiceDetailScreen), what="the detail")
        await until(pilot, lambda: "Payments" in _text(app, "#invoice-detail"), what="the detail read")
        shown = _text(app, "#invoice-detail")
        assert "INV-2026-0002 · invoice · paid · quokka/demand-gen" in shown
        assert "$12,000.00" in shown and "Bills: 2026-03" in shown
        assert "CN-2026-0001" in shown and "-$1,200.00" in shown  # the credit note against it
        await pilot.press("escape")
        assert isinstance(app.screen, InvoicesScreen)


async def test_empty_book_says_what_to_press_and_n_raises_one(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(170, 50)) as pilot:
        await pilot.press("I")
        await until(
            pilot,
            lambda: "press n to raise one" in _text(app, "#invoices-empty"),
            what="the empty hint",
        )
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, InvoiceForm), what="the invoice form")


async def test_send_and_pay_from_the_screen_record_the_one_liners(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(170, 50)) as pilot:
        screen = await _open(pilot, app)
        screen.open_ref("INV-2026-0025")  # the draft
        await until(pilot, lambda: screen.selected() and screen.selected().number == "INV-2026-0025")
        await pilot.press("s")
        await _save(pilot, app, InvoiceActionForm, {})
        await until(pilot, lambda: isinstance(app.screen, InvoicesScreen), what="sent")
        screen.open_ref("INV-2026-0017")  # partly paid, overdue
        await until(pilot, lambda: screen.selected() and screen.selected().number == "INV-2026-0017")
        await pilot.press("y")
        await _save(pilot, app, InvoiceActionForm, {"amount": "1,000"})
        await until(pilot, lambda: isinstance(app.screen, InvoicesScreen), what="paid")
        await until(
            pilot,
            lambda: (
                next(r for r in cells(table(app, "#invoices")) if r[0] == "INV-2026-0017")[5] == "$5,000.00"
            ),
            what="the new paid figure",
        )
    with demo_store.read() as s:
        assert invoices.invoice_info(s, "INV-2026-0025", today=TODAY).status == "sent"
        assert invoices.invoice_info(s, "INV-2026-0017", today=TODAY).balance_cents == 400_000
    assert _history(demo_store)[-2:] == [
        "tui: invoice send INV-2026-0025 --date 2026-11-28",
        "tui: invoice paid INV-2026-0017 --amount 1000.00 --date 2026-11-28",
    ]


async def test_a_refused_action_is_explained_and_saves_nothing(demo_store: Store) -> None:
    before = dump(demo_store.path)
    app = make_app(demo_store)
    async with app.run_test(size=(170, 50)) as pilot:
        screen = await _open(pilot, app)
        screen.open_ref("INV-2026-0021")  # paid already
        await until(pilot, lambda: screen.selected() and screen.selected().number == "INV-2026-0021")
        await pilot.press("v")
        form = await _save(pilot, app, InvoiceActionForm, {"reason": "typo"})
        await until(pilot, lambda: "Nothing saved" in _text(app, "#form-error"), what="the refusal")
        assert app.screen is form
        await pilot.press("escape", "escape")
        # Pay more than is due: explained, nothing written.
        screen.open_ref("INV-2026-0019")
        await until(pilot, lambda: screen.selected() and screen.selected().number == "INV-2026-0019")
        await pilot.press("y")
        await _save(pilot, app, InvoiceActionForm, {"amount": "99,000"})
        await until(pilot, lambda: "Nothing saved" in _text(app, "#form-error"), what="the refusal")
        # A bad amount is explained under the field.
        app.screen.query_one("#amount", Input).value = "12abc"
        await pilot.press("f2")
        await until(pilot, lambda: "fix the fields" in _text(app, "#form-error"), what="the field error")
    assert dump(demo_store.path) == before


async def test_an_invoice_paid_elsewhere_since_the_form_opened_is_not_paid_again(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(170, 50)) as pilot:
        screen = await _open(pilot, app)
        screen.open_ref("INV-2026-0019")
        await until(pilot, lambda: screen.selected() and screen.selected().number == "INV-2026-0019")
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, InvoiceActionForm))
        form = app.screen
        # Another terminal records the payment meanwhile.
        with unit_of_work(demo_store, "invoice paid INV-2026-0019 --amount 2000") as uow:
            invoices.record_payment(uow, "INV-2026-0019", amount_cents=200_000, on=TODAY)
        before = dump(demo_store.path)
        form.query_one("#amount", Input).value = "2,000"
        await pilot.press("f2")
        await until(pilot, lambda: "changed since you opened it" in _text(app, "#form-error"))
        error = _text(app, "#form-error")
        assert "paid: 0.00 → 2000.00" in error and "status: sent → partial" in error
        assert app.screen is form and form.query_one("#amount", Input).value == "2,000"  # input kept
    assert dump(demo_store.path) == before


async def test_todays_overdue_invoice_line_opens_the_invoice(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(170, 50)) as pilot:
        await until(pilot, lambda: table(app, "#today").row_count > 0, what="today rows")
        t = table(app, "#today")
        row = next(i for i, r in enumerate(cells(t)) if "INV-2026-0019" in r[2])
        t.move_cursor(row=row)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, InvoicesScreen), what="the Invoices screen")
        screen = app.screen
        assert isinstance(screen, InvoicesScreen)
        await until(pilot, lambda: (s := screen.selected()) is not None and s.number == "INV-2026-0019")
        await pilot.press("y")  # and pay it from there
        await until(pilot, lambda: isinstance(app.screen, InvoiceActionForm), what="the payment form")


@pytest.mark.parametrize(("action", "values"), [("pay", {"amount": "2,000"}), ("void", {"reason": "typo"})])
async def test_an_invoice_form_opened_without_its_row_refuses_a_change_made_elsewhere(
    demo_store: Store, action: str, values: dict[str, str]
) -> None:
    """Opened from the palette (no Invoices row to remember): the form reads the invoice as it opens, and the
    save refuses when another terminal changed it since — the same check as the row actions."""
    app = make_app(demo_store)
    async with app.run_test(size=(170, 50)) as pilot:
        await until(pilot, lambda: table(app, "#today").row_count > 0, what="today rows")
        app.push_screen(InvoiceActionForm("INV-2026-0019", action))
        await until(pilot, lambda: isinstance(app.screen, InvoiceActionForm), what="the form")
        form = app.screen
        await until(pilot, lambda: "INV-2026-0019 now: status sent" in _text(app, "#form-preview"))
        # Another terminal records a payment meanwhile.
        with unit_of_work(demo_store, "invoice paid INV-2026-0019 --amount 500") as uow:
            invoices.record_payment(uow, "INV-2026-0019", amount_cents=50_000, on=TODAY)
        before, history = dump(demo_store.path), _history(demo_store)
        for key, value in values.items():
            form.query_one(f"#{key}", Input).value = value
        await pilot.pause()
        await pilot.press("f2")
        await until(pilot, lambda: "changed since you opened it" in _text(app, "#form-error"))
        error = _text(app, "#form-error")
        assert "INV-2026-0019 changed" in error and "status: sent → partial" in error
        assert app.screen is form  # the form stays, with what was typed
        for key, value in values.items():
            assert form.query_one(f"#{key}", Input).value == value
    assert dump(demo_store.path) == before and _history(demo_store) == history
