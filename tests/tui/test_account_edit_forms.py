"""The account screen's edit forms (account, contact, project, log entry) and its deletes: good input saves
exactly what the recorded one-liner saves when typed, bad input is explained under its field and saves
nothing, and a row changed elsewhere since the form opened is refused with what changed, the input kept."""

from __future__ import annotations

import re
import shlex
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import text
from textual.widgets import Static

from amtui.services.clients.corrections import edit_contact
from amtui.services.clients.projects import edit_project, project_info
from amtui.store import Store, unit_of_work
from amtui.tui.screens.account_detail import AccountDetailScreen
from amtui.tui.screens.account_edit_forms import (
    AccountEditForm,
    ContactEditForm,
    ContactMoveForm,
    LogEditForm,
)
from amtui.tui.screens.confirm import ConfirmModal
from amtui.tui.screens.project_edit_form import ProjectEditForm
from amtui.tui.widgets.fields import FormField
from tests.conftest import Cli, dump, dump_data
from tests.tui.helpers import make_app, table, until


def _last_command(store: Store) -> str:
    with store.engine.connect() as c:
        return str(c.execute(text("select command from audit_batch order by id desc limit 1")).scalar_one())


def _same_as_the_one_liner(store: Store, twin: Path) -> str:
    """Type the recorded one-liner into the CLI on a copy of the book as it was: both books must agree."""
    line = _last_command(store)
    assert line.startswith("tui: "), line
    Cli(twin).ok(*shlex.split(line.removeprefix("tui: ")))

    # The clock's time of day (a created_at stamp) differs between the two saves; the rest must not.
    def same(path: Path) -> str:
        return re.sub(r" \d\d:\d\d:\d\d\.\d+'", " T'", dump_data(path))

    assert same(twin) == same(store.path), f"the form and `{line}` saved different things"
    return line


def _fill(app: Any, values: dict[str, str]) -> None:
    for f in app.screen.query(FormField):
        if f.input.id in values:
            f.input.value = values[f.input.id]


def _errors(app: Any) -> dict[str, str]:
    return {str(f.input.id): f.error for f in app.screen.query(FormField) if f.error}


def _form_error(app: Any) -> str:
    return str(app.screen.query_one("#form-error", Static).render())


async def _open_account(pilot: Any, app: Any, slug: str) -> AccountDetailScreen:
    app.open_target("account", slug)
    await until(pilot, lambda: isinstance(app.screen, AccountDetailScreen), what="account screen")
    screen = app.screen
    await until(pilot, lambda: screen.data is not None and table(app, "#interactions").row_count > 0)
    await pilot.pause(0.2)
    return screen  # type: ignore[no-any-return]


async def _save(pilot: Any, app: Any) -> None:
    form = app.screen
    await pilot.press("f2")
    await _saved(pilot, app, form)


async def _saved(pilot: Any, app: Any, form: Any) -> None:
    try:
        await until(pilot, lambda: app.screen is not form, what="saved")
    except AssertionError:
        raise AssertionError(f"not saved: {_form_error(app)} {_errors(app)}") from None


def _twin(store: Store, tmp_path: Path) -> Path:
    """A copy of the book as it is now (through SQLite's backup: what is still in the WAL comes too)."""
    import sqlite3

    twin = tmp_path / "twin.db"
    twin.unlink(missing_ok=True)
    src, dst = sqlite3.connect(store.path), sqlite3.connect(twin)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return twin


async def test_edit_the_account_as_account_edit_does(demo_store: Store, tmp_path: Path) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await _open_account(pilot, app, "quokka")
        twin, before = _twin(demo_store, tmp_path), dump(demo_store.path)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, AccountEditForm))
        form = app.screen
        _fill(app, {"contract": "forever", "renewal": "someday", "client_sees": "burn, gossip"})
        await pilot.press("f2")
        await pilot.pause()
        errors = _errors(app)
        assert "contract" in errors["contract"] and "not a date: 'someday'" in errors["renewal"]
        assert app.screen is form and dump(demo_store.path) == before
        _fill(app, {"contract": "retainer", "renewal": "2027-02-01"})
        await pilot.press("f2")
        await until(pilot, lambda: "unknown section 'gossip'" in _form_error(app))
        assert dump(demo_store.path) == before  # the service refused it: nothing written
        _fill(app, {"name": "Quokka Cloud Inc", "industry": "", "client_sees": "burn, actuals"})
        await pilot.press("f2")
        await _saved(pilot, app, form)
        line = _same_as_the_one_liner(demo_store, twin)
        assert "--contract retainer" in line and "--client-sees 'burn, actuals'" in line
        assert "--industry ''" in line and "--renewal 2027-02-01" in line
        await until(pilot, lambda: "Quokka Cloud Inc" in str(screen.query_one("#account-head").render()))


async def test_a_new_slug_takes_the_screen_with_it(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await _open_account(pilot, app, "quokka")
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, AccountEditForm))
        _fill(app, {"slug": "quokka-cloud"})
        await pilot.press("f2")
        await until(pilot, lambda: app.screen is screen)
        await until(pilot, lambda: "(quokka-cloud)" in str(screen.query_one("#account-head").render()))
        assert _last_command(demo_store) == "tui: account edit quokka --slug quokka-cloud"


async def test_edit_a_contact_refused_when_changed_elsewhere(demo_store: Store, tmp_path: Path) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(160, 50)) as pilot:
        await _open_account(pilot, app, "quokka")
        contacts = table(app, "#contacts")
        contacts.focus()
        contacts.move_cursor(row=contacts.get_row_index("Ana Souza"))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ContactEditForm))
        form = app.screen
        _fill(app, {"role": "VP Demand", "email": "ana"})
        await pilot.press("f2")
        await until(pilot, lambda: "not an email address" in _form_error(app))
        # Another terminal changes her phone while the form is open.
        with unit_of_work(demo_store, "amtui contact edit quokka 'Ana Souza' --phone 555") as uow:
            edit_contact(uow, "quokka", "Ana Souza", phone="555")
        before = dump(demo_store.path)
        _fill(app, {"email": "ana@quokka.example"})
        await pilot.press("f2")
        await until(pilot, lambda: "changed since you opened it" in _form_error(app))
        assert "phone: — → 555" in _form_error(app)
        assert app.screen is form and form.query_one("#role").value == "VP Demand"  # type: ignore[attr-defined]
        assert dump(demo_store.path) == before
        form.action_cancel()  # type: ignore[attr-defined]
        await until(pilot, lambda: isinstance(app.screen, AccountDetailScreen))
        screen = app.screen
        screen.reload()  # what the app's poll does when another terminal writes
        await until(pilot, lambda: any(c.phone == "555" for c in screen.data.detail.contacts))  # type: ignore[attr-defined]
        twin = _twin(demo_store, tmp_path)
        contacts.move_cursor(row=contacts.get_row_index("Ana Souza"))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ContactEditForm))
        _fill(app, {"role": "VP Demand", "email": "ana@quokka.example"})
        await _save(pilot, app)
        assert "--role 'VP Demand' --email ana@quokka.example" in _same_as_the_one_liner(demo_store, twin)


async def test_primary_and_left_as_the_one_liners(demo_store: Store, tmp_path: Path) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(160, 50)) as pilot:
        await _open_account(pilot, app, "quokka")
        contacts = table(app, "#contacts")
        contacts.move_cursor(row=contacts.get_row_index("Ana Souza"))
        twin = _twin(demo_store, tmp_path)
        await pilot.press("P")
        await until(pilot, lambda: isinstance(app.screen, ContactMoveForm))
        _fill(app, {"on": "next year"})
        await pilot.press("f2")
        await pilot.pause()
        assert "not a date" in _errors(app)["on"]
        _fill(app, {"on": "2026-11-27"})
        await _save(pilot, app)
        assert _same_as_the_one_liner(demo_store, twin) == (
            "tui: contact primary quokka 'Ana Souza' --date 2026-11-27"
        )
        await until(pilot, lambda: app.screen.data.detail.contacts[0].name == "Ana Souza")  # type: ignore[attr-defined]
        contacts.move_cursor(row=contacts.get_row_index("Tom Okoro"))
        twin = _twin(demo_store, tmp_path)
        await pilot.press("L")
        await until(pilot, lambda: isinstance(app.screen, ContactMoveForm))
        await _save(pilot, app)
        assert (
            _same_as_the_one_liner(demo_store, twin)
            == "tui: contact leave quokka 'Tom Okoro' --date 2026-11-28"
        )


async def test_edit_a_project_previews_its_health_and_saves_as_project_edit(
    demo_store: Store, tmp_path: Path
) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(160, 60)) as pilot:
        await _open_account(pilot, app, "quokka")
        projects = table(app, "#projects")
        projects.focus()
        projects.move_cursor(row=projects.get_row_index("quokka/abm-pilot"))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ProjectEditForm))
        form = app.screen
        preview = lambda: str(form.query_one("#form-preview", Static).render())  # noqa: E731
        await until(pilot, lambda: preview().startswith("Now: burn"))
        twin, before = _twin(demo_store, tmp_path), dump(demo_store.path)
        _fill(app, {"budget": "12,500", "end": "2027-02-26"})
        await pilot.pause()
        shown = preview()
        assert "budget $25,000.00 → $12,500.00" in shown and "end 2027-01-22 → 2027-02-26" in shown
        assert "Now:   burn" in shown and "After: burn" in shown
        _fill(app, {"rate": "0", "status": "dormant"})
        await pilot.press("f2")
        await pilot.pause()
        assert set(_errors(app)) == {"rate", "status"} and dump(demo_store.path) == before
        _fill(app, {"rate": "", "status": "active", "start": "2027-03-01"})
        await pilot.press("f2")
        await until(pilot, lambda: "before start date" in _form_error(app))
        assert dump(demo_store.path) == before
        _fill(app, {"start": "2026-11-08", "media_budget": "8000"})
        await pilot.press("f2")
        await _saved(pilot, app, form)
        line = _same_as_the_one_liner(demo_store, twin)
        assert line == (
            "tui: project edit quokka/abm-pilot --budget 12500.00 --end 2027-02-26 --media-budget 8000.00"
        )
        with demo_store.read() as s:
            assert project_info(s, "quokka/abm-pilot").budget_cents == 1_250_000


async def test_a_project_changed_elsewhere_is_not_overwritten(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(160, 60)) as pilot:
        await _open_account(pilot, app, "quokka")
        projects = table(app, "#projects")
        projects.move_cursor(row=projects.get_row_index("quokka/abm-pilot"))
        await pilot.press("J")
        await until(pilot, lambda: isinstance(app.screen, ProjectEditForm))
        with unit_of_work(demo_store, "amtui project edit quokka/abm-pilot --budget 30000") as uow:
            edit_project(uow, "quokka/abm-pilot", budget_cents=3_000_000)
        before = dump(demo_store.path)
        _fill(app, {"end": "2027-02-26"})
        await pilot.press("f2")
        await until(pilot, lambda: "changed since you opened it" in _form_error(app))
        assert "budget: $25,000.00 → $30,000.00" in _form_error(app)
        assert dump(demo_store.path) == before


async def test_edit_and_delete_a_log_entry(demo_store: Store, tmp_path: Path) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(160, 50)) as pilot:
        await _open_account(pilot, app, "quokka")
        log = table(app, "#interactions")
        log.focus()
        log.move_cursor(row=log.get_row_index("7"))
        twin = _twin(demo_store, tmp_path)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, LogEditForm))
        _fill(app, {"kind": "call", "contact": "Nobody"})
        await pilot.press("f2")
        await until(pilot, lambda: "no contact 'Nobody'" in _form_error(app))
        _fill(app, {"contact": "", "date": "2026-10-30"})
        await _save(pilot, app)
        line = _same_as_the_one_liner(demo_store, twin)
        assert line == "tui: log edit 7 --kind call --date 2026-10-30 --contact ''"
        await until(pilot, lambda: "2026-10-30" in [r[0] for r in _rows(log)])
        log.move_cursor(row=log.get_row_index("7"))
        twin = _twin(demo_store, tmp_path)
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await until(pilot, lambda: _last_command(demo_store) == "tui: log delete 7")
        _same_as_the_one_liner(demo_store, twin)


async def test_archive_asks_then_archives(demo_store: Store, tmp_path: Path) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(160, 50)) as pilot:
        await _open_account(pilot, app, "bramble")
        before, twin = dump(demo_store.path), _twin(demo_store, tmp_path)
        await pilot.press("X")
        await until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, AccountDetailScreen))
        assert dump(demo_store.path) == before
        await pilot.press("X")
        await until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await until(pilot, lambda: _last_command(demo_store) == "tui: account archive bramble")
        Cli(twin).ok("account", "archive", "bramble")  # archived_at is the clock's: compare the rest
        assert _account(demo_store.path) == _account(twin) and _account(twin)[0] == "archived"


def _account(path: Path) -> tuple[Any, ...]:
    import sqlite3

    con = sqlite3.connect(path)
    try:
        return tuple(con.execute("select status, name, slug from account where slug = 'bramble'").fetchone())
    finally:
        con.close()


def _rows(t: Any) -> list[list[str]]:
    from tests.tui.helpers import cells

    return cells(t)


# ---------------------------------------------------------------------------------------------- follow-ups


def _follow_ups(store: Store) -> None:
    """T-1 … T-6 on quokka (the demo the tests use has none): T-4 due today, T-6 on 2026-12-07."""
    from amtui.services.clients.followups import add_follow_up
    from tests.conftest import TODAY

    with unit_of_work(store, "setup") as uow:
        for n in range(1, 7):
            due = TODAY if n == 4 else date(2026, 12, n + 1)
            add_follow_up(uow, "quokka", f"Task {n}", due_on=due, contact="Tom Okoro", today=TODAY)


async def test_edit_and_snooze_a_follow_up_on_the_account(demo_store: Store, tmp_path: Path) -> None:
    from amtui.services.clients.followups import edit_follow_up
    from amtui.tui.screens.followup_forms import FollowUpEditForm, FollowUpSnoozeForm

    _follow_ups(demo_store)
    app = make_app(demo_store)
    async with app.run_test(size=(160, 50)) as pilot:
        await _open_account(pilot, app, "quokka")
        fus = table(app, "#follow-ups")
        fus.focus()
        fus.move_cursor(row=fus.get_row_index("T-6"))
        twin = _twin(demo_store, tmp_path)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, FollowUpEditForm))
        _fill(app, {"due": "whenever", "every": "fortnightly"})
        await pilot.press("f2")
        await pilot.pause()
        assert set(_errors(app)) == {"due", "every"}
        _fill(app, {"due": "2026-12-09", "every": "", "contact": "", "title": "Book the January QBR"})
        await _save(pilot, app)
        line = _same_as_the_one_liner(demo_store, twin)
        assert line == "tui: todo edit T-6 --title 'Book the January QBR' --due 2026-12-09 --contact none"
        await until(pilot, lambda: "2026-12-09" in str(fus.get_row_at(fus.get_row_index("T-6"))[1]))
        fus.move_cursor(row=fus.get_row_index("T-6"))
        await pilot.press("z")
        await until(pilot, lambda: isinstance(app.screen, FollowUpSnoozeForm))
        _fill(app, {"to": "2026-12-01"})  # earlier than it is due: the service refuses
        await pilot.press("f2")
        await until(pilot, lambda: "snooze moves it later" in _form_error(app))
        with unit_of_work(demo_store, "amtui todo edit T-6 --due 2026-12-10") as uow:
            edit_follow_up(uow, "T-6", due_on=date(2026, 12, 10))
        _fill(app, {"to": "2026-12-16"})
        await pilot.press("f2")
        await until(pilot, lambda: "changed since you opened it" in _form_error(app))
        assert "due: 2026-12-09 → 2026-12-10" in _form_error(app)
        app.screen.dismiss(None)
        await until(pilot, lambda: isinstance(app.screen, AccountDetailScreen))
        app.screen.reload()  # what the poll does after another terminal's write
        await pilot.pause(0.5)
        fus.move_cursor(row=fus.get_row_index("T-6"))
        twin = _twin(demo_store, tmp_path)
        await pilot.press("z")
        await until(pilot, lambda: isinstance(app.screen, FollowUpSnoozeForm))
        _fill(app, {"to": "2026-12-16"})
        await _save(pilot, app)
        assert _same_as_the_one_liner(demo_store, twin) == "tui: todo snooze T-6 --to 2026-12-16"


async def test_z_on_today_snoozes_the_highlighted_follow_up(demo_store: Store, tmp_path: Path) -> None:
    from amtui.tui.screens.followup_forms import FollowUpSnoozeForm

    _follow_ups(demo_store)
    app = make_app(demo_store)
    async with app.run_test(size=(160, 50)) as pilot:
        today = app.screen
        await until(pilot, lambda: any(i["ref"] == "T-4" for i in today.items))  # type: ignore[attr-defined]
        t = today.query_one("#today")
        t.move_cursor(row=[i["ref"] for i in today.items].index("T-4"))  # type: ignore[attr-defined]
        twin = _twin(demo_store, tmp_path)
        await pilot.press("z")
        await until(pilot, lambda: isinstance(app.screen, FollowUpSnoozeForm))
        await _save(pilot, app)  # the default: a week from today
        assert _same_as_the_one_liner(demo_store, twin) == "tui: todo snooze T-4 --to 2026-12-05"


# ---------------------------------------------------------------------------------------------- costs


async def test_costs_on_budget_edit_and_delete_as_the_one_liners(demo_store: Store, tmp_path: Path) -> None:
    from textual.widgets import OptionList

    from amtui.services.money.entry_edits import edit_cost
    from amtui.tui.screens.cost_forms import EditCostForm, ProjectCosts

    app = make_app(demo_store)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("b")
        await until(pilot, lambda: table(app, "#budget").row_count > 0, what="budget rows")
        await pilot.pause(0.3)
        t = table(app, "#budget")
        t.move_cursor(row=t.get_row_index("northwind/spring-launch"))
        await pilot.pause(0.1)
        await pilot.press("C")
        await until(pilot, lambda: isinstance(app.screen, ProjectCosts))
        costs = app.screen.query_one("#costs", OptionList)
        assert costs.option_count == 2 and "#4" in str(costs.get_option_at_index(0).prompt)
        twin = _twin(demo_store, tmp_path)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, EditCostForm))
        _fill(app, {"amount": "0", "billable": "maybe"})
        await pilot.press("f2")
        await pilot.pause()
        assert set(_errors(app)) == {"amount", "billable"}
        _fill(app, {"amount": "1,350", "billable": "no", "note": "Stock photos (two licences)"})
        await _save(pilot, app)
        line = _same_as_the_one_liner(demo_store, twin)
        assert line == "tui: cost edit 4 --amount 1350.00 --note 'Stock photos (two licences)' --non-billable"
        # Another terminal changes cost #5 while its list is open: the delete is refused.
        await pilot.press("C")
        await until(pilot, lambda: isinstance(app.screen, ProjectCosts))
        with unit_of_work(demo_store, "amtui cost edit 5 --amount 700") as uow:
            edit_cost(uow, 5, amount_cents=70_000)
        before = dump(demo_store.path)
        app.screen.query_one("#costs", OptionList).highlighted = 1
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await until(
            pilot, lambda: any("changed since you opened it" in str(n.message) for n in app._notifications)
        )
        assert dump(demo_store.path) == before
        twin = _twin(demo_store, tmp_path)
        await pilot.press("C")
        await until(pilot, lambda: isinstance(app.screen, ProjectCosts))
        app.screen.query_one("#costs", OptionList).highlighted = 1
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await until(pilot, lambda: _last_command(demo_store) == "tui: cost delete 5")
        _same_as_the_one_liner(demo_store, twin)


# ---------------------------------------------------------------------------------------------- change orders


async def test_d_on_change_orders_edits_as_co_edit(demo_store: Store, tmp_path: Path) -> None:
    from amtui.services.money import change_orders
    from amtui.tui.screens.co_edit_form import ChangeOrderEditForm

    app = make_app(demo_store)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("c")
        await until(pilot, lambda: table(app, CO_TABLE).row_count > 0, what="change orders")
        await pilot.pause(0.3)
        t = table(app, CO_TABLE)
        t.move_cursor(row=t.get_row_index("CO-5"))
        await pilot.pause(0.1)
        twin = _twin(demo_store, tmp_path)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, ChangeOrderEditForm))
        form = app.screen
        _fill(app, {"days": "a week", "amount": "lots"})
        await pilot.press("f2")
        await pilot.pause()
        assert set(_errors(app)) == {"days", "amount"}
        _fill(app, {"days": "6", "amount": "5,250", "reason": "Two more sizes for retail"})
        await _save(pilot, app)
        line = _same_as_the_one_liner(demo_store, twin)
        assert line == "tui: co edit CO-5 --amount 5250.00 --days 6 --reason 'Two more sizes for retail'"
        # Changed elsewhere while open: refused, nothing written.
        t.move_cursor(row=t.get_row_index("CO-5"))
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, ChangeOrderEditForm) and app.screen is not form)
        with unit_of_work(demo_store, "amtui co edit CO-5 --title X") as uow:
            change_orders.edit(uow, "CO-5", title="Seven extra banner sizes")
        before = dump(demo_store.path)
        _fill(app, {"days": "7"})
        await pilot.press("f2")
        await until(pilot, lambda: "changed since you opened it" in _form_error(app))
        assert dump(demo_store.path) == before


CO_TABLE = "#cos"


# ---------------------------------------------------------------------------------------------- rates, media


async def test_rate_and_media_plan_forms_save_as_the_one_liners(demo_store: Store, tmp_path: Path) -> None:
    from amtui.tui.screens.rate_media_forms import MediaPlanForm, RateForm

    app = make_app(demo_store)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("E")
        await until(pilot, lambda: type(app.screen).__name__ == "EstimatesScreen")
        await pilot.pause(0.3)
        twin, before = _twin(demo_store, tmp_path), dump(demo_store.path)
        await pilot.press("dollar_sign")
        await until(pilot, lambda: isinstance(app.screen, RateForm))
        _fill(app, {"team": "design", "bill": "0", "cost": "70"})
        await pilot.press("f2")
        await pilot.pause()
        assert set(_errors(app)) == {"team", "bill"} and dump(demo_store.path) == before
        _fill(app, {"team": "creative", "bill": "175", "from": "2026-12-01"})
        await pilot.pause()
        assert "Margin 60%" in str(app.screen.query_one("#form-preview", Static).render())
        await _save(pilot, app)
        line = _same_as_the_one_liner(demo_store, twin)
        assert line == "tui: rate set creative --bill 175.00 --cost 70.00 --from 2026-12-01"
        await pilot.press("p")
        await until(pilot, lambda: table(app, "#perf-projects").row_count > 0, what="performance rows")
        await pilot.pause(0.3)
        twin = _twin(demo_store, tmp_path)
        await pilot.press("M")
        await until(pilot, lambda: isinstance(app.screen, MediaPlanForm))
        _fill(app, {"project": "helios/always-on-search", "month": "2026-13", "amount": "9,000"})
        await pilot.press("f2")
        await until(pilot, lambda: "2026-13" in _form_error(app) or "month" in _form_error(app))
        _fill(app, {"month": "2026-12"})
        await _save(pilot, app)
        line = _same_as_the_one_liner(demo_store, twin)
        assert line == "tui: media plan helios/always-on-search --month 2026-12 --amount 9000.00"
