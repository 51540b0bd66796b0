"""The TUI's forms get the services' refusals and warnings (issue 15, point 5): a future interaction and a
day of more than 24 h are refused on the form with nothing saved and nothing typed lost; a long day and
time outside the project's dates are saved with the warning in the saved notice."""

from __future__ import annotations

from amtui.store import Store
from amtui.tui.screens.account_detail import AccountDetailScreen
from amtui.tui.screens.account_forms import InteractionForm
from amtui.tui.screens.actual_forms import TimeForm
from amtui.tui.screens.budget import BudgetScreen
from amtui.tui.widgets.fields import FormField
from tests.conftest import dump
from tests.tui.helpers import make_app, table, until

REF = "helios/always-on-search"  # runs 2026-07-31 … 2027-03-28 in the demo book


def _form_error(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#form-error").render())


def _fields(app) -> dict[str, FormField]:  # type: ignore[no-untyped-def]
    return {f.input.id or "": f for f in app.screen.query(FormField)}


def _saved(app, text: str) -> bool:  # type: ignore[no-untyped-def]
    return any(text in str(n.message) for n in app._notifications)


async def test_a_future_interaction_is_refused_on_the_form(demo_store: Store) -> None:
    before = dump(demo_store.path)
    app = make_app(demo_store)
    async with app.run_test(size=(150, 45)) as pilot:
        app.open_target("account", "quokka")
        await until(pilot, lambda: table(app, "#interactions").row_count == 2)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, InteractionForm))
        fields = _fields(app)
        fields["summary"].input.value = "QBR next week"
        fields["kind"].input.value = "qbr"
        fields["on"].input.value = "tomorrow"
        await pilot.press("f2")
        await until(pilot, lambda: "interaction dated 2026-11-29 is in the future" in _form_error(app))
        assert _form_error(app).startswith("Nothing saved:")
        assert isinstance(app.screen, InteractionForm)
        assert fields["summary"].input.value == "QBR next week"  # nothing typed is lost
        assert dump(demo_store.path) == before
        fields["on"].input.value = "today"
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, AccountDetailScreen), what="saved")
        await until(pilot, lambda: table(app, "#interactions").row_count == 3)


async def test_time_form_refuses_a_day_over_24_hours_and_warns_on_long_days(demo_store: Store) -> None:
    before = dump(demo_store.path)
    app = make_app(demo_store)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("b")
        t = table(app, "#budget")
        await until(pilot, lambda: any(k.value == REF for k in t.rows))
        t.move_cursor(row=t.get_row_index(REF))
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, TimeForm))
        fields = _fields(app)
        # Luis Ortega has 11.75h on 2026-11-19 in the demo book (on another project): 13h more is too many.
        fields["hours"].input.value = "13"
        fields["on"].input.value = "2026-11-19"
        fields["person"].input.value = "luis ortega"
        await pilot.press("f2")
        await until(pilot, lambda: "a day has 24 hours" in _form_error(app))
        refusal = "luis ortega would have 24.75h logged on 2026-11-19 (11.75h logged already)"
        assert refusal in _form_error(app)
        assert isinstance(app.screen, TimeForm) and fields["person"].input.value == "luis ortega"
        assert dump(demo_store.path) == before
        # One hour is a long day: saved, and the notice says so.
        fields["hours"].input.value = "1"
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, BudgetScreen), what="saved")
        await until(pilot, lambda: _saved(app, "Warning: luis ortega now has 12.75h logged on 2026-11-19"))
        assert dump(demo_store.path) != before
        # Time before the project started: saved with the warning.
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, TimeForm))
        fields = _fields(app)
        fields["hours"].input.value = "2"
        fields["on"].input.value = "2026-07-01"
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, BudgetScreen), what="saved")
        await until(
            pilot,
            lambda: _saved(
                app, "Warning: time dated 2026-07-01, outside the project's dates (2026-07-31 … 2027-03-28)"
            ),
        )
