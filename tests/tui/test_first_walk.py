"""What must hold: a new user opens amtui on an empty book and, without leaving the TUI, adds an account, a
contact, a project with a budget, logs time, drafts and sends a change order, raises an invoice — and Today
reacts. Every step through the keys and forms a new user is shown; the history records dollars, not cents."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from textual.widgets import Input, Static

from amtui.store import Store
from amtui.tui.screens.account_detail import AccountDetailScreen
from amtui.tui.screens.account_forms import ContactForm, ProjectForm
from amtui.tui.screens.actual_forms import TimeForm
from amtui.tui.screens.book_forms import AccountForm, InvoiceForm
from amtui.tui.screens.co_forms import ChangeOrderActionForm, DraftChangeOrderForm
from amtui.tui.screens.forms import FormScreen
from tests.tui.helpers import make_app, table, until


async def _fill_and_save(pilot: Any, app: Any, form_type: type, values: dict[str, str]) -> None:
    await until(pilot, lambda: isinstance(app.screen, form_type), what=form_type.__name__)
    form = app.screen
    for key, value in values.items():
        form.query_one(f"#{key}", Input).value = value
    await pilot.pause()
    await pilot.press("f2")
    try:
        await until(pilot, lambda: not isinstance(app.screen, FormScreen), what=f"{form_type.__name__} saved")
    except AssertionError:
        errors = [str(w.render()) for w in form.query(".form-error, .field-error")]
        raise AssertionError(f"{form_type.__name__} not saved: {errors}") from None


def _history(store: Store) -> list[str]:
    with store.engine.connect() as c:
        return [r[0] for r in c.execute(text("select command from audit_batch order by id"))]


def _text(app: Any, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_a_new_user_starts_from_nothing_without_leaving_the_tui(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(160, 50)) as pilot:
        # Today on an empty book: the first steps, with their keys.
        await until(pilot, lambda: app.screen.query_one("#today-start").display, what="first steps")
        assert "your book is empty" in _text(app, "#today-summary")
        assert "Add your first account" in _text(app, "#today-start")
        # Accounts, empty, says what to do.
        await pilot.press("a")
        await until(pilot, lambda: "press n to add one" in _text(app, "#accounts-empty"), what="empty hint")

        await pilot.press("n")
        await _fill_and_save(
            pilot, app, AccountForm, {"name": "Northwind Outfitters", "contract": "retainer"}
        )
        await until(pilot, lambda: table(app, "#accounts").row_count == 1, what="the account listed")
        assert _text(app, "#accounts-empty") == ""

        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, AccountDetailScreen), what="the account")
        await pilot.press("k")
        await _fill_and_save(pilot, app, ContactForm, {"name": "Dana Ruiz", "role": "CMO", "primary": "yes"})
        await until(pilot, lambda: table(app, "#contacts").row_count == 1, what="the contact listed")

        await pilot.press("j")
        await _fill_and_save(
            pilot,
            app,
            ProjectForm,
            {
                "name": "Spring Launch",
                "budget": "24,000",
                "rate": "150",
                "start": "2026-11-02",
                "end": "2027-01-29",
            },
        )
        await until(pilot, lambda: table(app, "#projects").row_count == 1, what="the project listed")

        await pilot.press("b")
        await until(pilot, lambda: table(app, "#budget").row_count == 1, what="the budget")
        await pilot.press("i")
        await _fill_and_save(pilot, app, TimeForm, {"hours": "6.5", "on": "2026-11-27", "person": "Ana"})

        await pilot.press("c")
        await pilot.press("n")
        await _fill_and_save(
            pilot,
            app,
            DraftChangeOrderForm,
            {"project": "northwind-outfitters/spring-launch", "title": "Extra banner set", "amount": "2,400"},
        )
        await until(pilot, lambda: table(app, "#cos").row_count == 1, what="the change order listed")
        await pilot.press("s")
        await _fill_and_save(pilot, app, ChangeOrderActionForm, {"who": "Dana Ruiz"})

        # The palette finds the verb.
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        await pilot.press(*"raise invoice")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await _fill_and_save(
            pilot, app, InvoiceForm, {"project": "northwind-outfitters/spring-launch", "amount": "8,000"}
        )

        await pilot.press("t")
        await until(
            pilot,
            lambda: not app.screen.query_one("#today-start").display,
            what=f"Today reacts ({app.current_mode}: {_text(app, '#today-summary')!r})",
        )
        assert "your book is empty" not in _text(app, "#today-summary")

    history = _history(store)
    assert history == [
        "tui: account add 'Northwind Outfitters' --contract retainer",
        "tui: contact add northwind-outfitters 'Dana Ruiz'",
        "tui: project add northwind-outfitters 'Spring Launch' --budget 24000.00 --billing fixed",
        "tui: time northwind-outfitters/spring-launch 6h30m --date 2026-11-27",
        "tui: add-change-order northwind-outfitters/spring-launch 'Extra banner set' --amount 2400.00",
        "tui: co send CO-1",
        "tui: invoice add northwind-outfitters/spring-launch 8000.00",
    ]
