"""Accounts list and detail on the demo book, and the account forms (good input saves, bad input does not)."""

from __future__ import annotations

import sqlite3

from amtui.store import Store
from amtui.tui.screens.account_detail import AccountDetailScreen
from amtui.tui.screens.account_forms import ContactForm, InteractionForm, ProjectForm
from amtui.tui.widgets.fields import FormField
from tests.conftest import TODAY, dump
from tests.tui.helpers import cells, make_app, table, until


async def _open_accounts(app, pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("a")
    await until(pilot, lambda: table(app, "#accounts").row_count == 4, what="accounts")


async def test_accounts_health_is_the_health_score_and_budget_has_its_own_column(demo_store: Store) -> None:
    """One measure per word: Health is `amtui health`'s 0–100 score and band; Budget the worst project's."""
    from amtui.services.money.budget import book_health
    from amtui.services.money.budget_health import STATUSES
    from amtui.services.overview.health import account_health

    app = make_app(demo_store)
    async with app.run_test(size=(160, 40)) as pilot:
        await _open_accounts(app, pilot)
        t = table(app, "#accounts")
        await until(pilot, lambda: "…" not in str(t.get_row("helios")[3]), what="the scores")
        with demo_store.read() as s:
            for slug in ("bramble", "helios", "northwind", "quokka"):
                h = account_health(s, slug, as_of=TODAY)
                assert str(t.get_row(slug)[3]) == f"{h.score} {h.band}", slug
                statuses = [p.status for p in book_health(s, account=slug, as_of=TODAY)]
                worst = max(statuses, key=STATUSES.index) if statuses else "—"
                assert str(t.get_row(slug)[4]) == worst, slug
        assert [str(c.label) for c in t.columns.values()][3:5] == ["Health", "Budget"]


async def test_accounts_list_shows_the_book(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(150, 40)) as pilot:
        await _open_accounts(app, pilot)
        t = table(app, "#accounts")
        assert [str(r.value) for r in t.rows] == ["bramble", "helios", "northwind", "quokka"]
        northwind = [str(c) for c in t.get_row("northwind")]
        assert northwind[7] == "none"  # Dana left; no new primary contact
        assert northwind[8] == "4d ago"
        assert [str(c) for c in t.get_row("bramble")][8] == "16d ago"
        assert [str(c) for c in t.get_row("helios")][7] == "Marcus Bell"
        # Uninvoiced: delivered, not billed — the same figures as `amtui reconcile`, summed per account.
        from amtui.core.money import format_money
        from amtui.services.money.reconcile import reconcile

        with demo_store.read() as s:
            helios = sum(
                r.uninvoiced_cents for r in reconcile(s, as_of=TODAY).projects if r.account == "helios"
            )
        assert helios > 0
        assert str(t.get_row("helios")[6]) == format_money(helios, "USD", whole=True)
        # The filter narrows the list in place.
        await pilot.press("slash", "h", "e", "l")
        await until(pilot, lambda: table(app, "#accounts").row_count == 1)
        assert str(next(iter(t.rows)).value) == "helios"


async def test_account_detail_shows_contacts_history_projects_and_log(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(150, 45)) as pilot:
        await _open_accounts(app, pilot)
        t = table(app, "#accounts")
        t.move_cursor(row=t.get_row_index("helios"))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, AccountDetailScreen))
        await until(pilot, lambda: table(app, "#interactions").row_count == 3)
        contacts = cells(table(app, "#contacts"))
        assert [c[0] for c in contacts] == ["Marcus Bell", "Olivia Tran", "Raj Mehta", "Irene Vasquez"]
        assert contacts[0][2] == "primary" and contacts[3][4] == "2026-07-31"  # Irene left 120 days ago
        history = cells(table(app, "#primary-history"))
        assert history[0][0] == "Marcus Bell" and history[0][2] == "now"
        assert history[1][0] == "Irene Vasquez" and history[1][2] == "2026-07-31"
        projects = cells(table(app, "#projects"))
        assert [p[0] for p in projects] == ["Always-On Search", "CTV Q1 Flight", "Paid Social Retainer"]
        assert projects[0][2] == "$60,000"
        assert cells(table(app, "#interactions"))[0][3].startswith("Weekly status")
        # The health score, explained: the same figures as `amtui account show --json`.
        from textual.widgets import Static

        from amtui.services.overview.health import account_health

        with demo_store.read() as s:
            h = account_health(s, "helios", TODAY)
        shown = str(app.screen.query_one("#account-health", Static).render())
        assert shown.startswith(f"Health {h.score}/100 ({h.band})")
        # Every factor, as `amtui health helios` lists them: the same lines, costly or not.
        from tests.conftest import Cli

        cli_text = Cli(demo_store.path).ok("health", "helios", "--date", TODAY.isoformat())
        cli_lines = [ln.strip() for ln in cli_text.splitlines()[1:] if ln.strip()]
        screen_lines = [ln.strip() for ln in shown.splitlines()[1:] if ln.strip()]
        assert len(cli_lines) == len(h.factors) >= 8
        assert screen_lines == cli_lines


async def _fill(pilot, app, values: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    for f in app.screen.query(FormField):
        if f.input.id in values:
            f.input.value = values[f.input.id]
    await pilot.pause(0.05)


async def test_interaction_form_saves_good_input(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(150, 45)) as pilot:
        app.open_target("account", "quokka")
        await until(pilot, lambda: table(app, "#interactions").row_count == 2)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, InteractionForm))
        await pilot.press(*"Renewal call booked")
        await _fill(pilot, app, {"kind": "call", "on": "yesterday", "contact": "Tom Okoro"})
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, AccountDetailScreen), what="form closed")
        await until(pilot, lambda: table(app, "#interactions").row_count == 3, what="new entry shown")
        first = cells(table(app, "#interactions"))[0]
        assert first == ["2026-11-27", "call", "Tom Okoro", "Renewal call booked"]


async def test_forms_refuse_bad_input_and_write_nothing(demo_store: Store) -> None:
    app = make_app(demo_store)
    before = dump(demo_store.path)
    async with app.run_test(size=(150, 45)) as pilot:
        app.open_target("account", "northwind")
        await until(pilot, lambda: table(app, "#projects").row_count == 2)
        # A bad date and an unknown kind are explained under their fields; nothing saves.
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, InteractionForm))
        await _fill(pilot, app, {"summary": "x", "kind": "chat", "on": "03/04/2026"})
        await pilot.press("f2")
        fields = {f.input.id: f for f in app.screen.query(FormField)}
        assert "ambiguous date" in fields["on"].error
        assert "unknown kind 'chat'" in fields["kind"].error
        assert isinstance(app.screen, InteractionForm)
        # An unknown contact is a service error: shown on the form, nothing saved.
        await _fill(pilot, app, {"kind": "call", "on": "today", "contact": "Nobody"})
        await pilot.press("f2")
        await until(pilot, lambda: "no contact 'Nobody'" in str(app.screen.query_one("#form-error").render()))
        await pilot.press("escape")
        # A bad amount on the project form.
        await pilot.press("j")
        await until(pilot, lambda: isinstance(app.screen, ProjectForm))
        await _fill(pilot, app, {"name": "Fall", "budget": "4.500,00", "start": "2026-12-01", "end": "nope"})
        await pilot.press("enter")
        fields = {f.input.id: f for f in app.screen.query(FormField)}
        assert "use a dot for decimals" in fields["budget"].error
        assert "not a date: 'nope'" in fields["end"].error
        await pilot.press("escape")
        # A contact without a name.
        await pilot.press("k")
        await until(pilot, lambda: isinstance(app.screen, ContactForm))
        await pilot.press("enter")
        fields = {f.input.id: f for f in app.screen.query(FormField)}
        assert fields["name"].error == "contact name is empty"
        await pilot.press("escape")
        await pilot.pause(0.2)
    assert dump(demo_store.path) == before


async def test_contact_and_project_forms_save(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(150, 45)) as pilot:
        app.open_target("account", "northwind")
        await until(pilot, lambda: table(app, "#projects").row_count == 2)
        await pilot.press("k")
        await until(pilot, lambda: isinstance(app.screen, ContactForm))
        await _fill(
            pilot, app, {"name": "Nia Brooks", "role": "CMO", "primary": "yes", "joined": "2026-11-20"}
        )
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, AccountDetailScreen))
        await until(pilot, lambda: cells(table(app, "#contacts"))[0][0] == "Nia Brooks", what="new primary")
        assert cells(table(app, "#contacts"))[0][2] == "primary"
        assert not app.screen.query_one("#account-alert").display  # the gap is filled
        await pilot.press("j")
        await until(pilot, lambda: isinstance(app.screen, ProjectForm))
        await _fill(pilot, app, {"name": "Fall Refresh", "budget": "12,500", "hours": "80"})
        await pilot.press("f2")
        await until(pilot, lambda: table(app, "#projects").row_count == 3, what="new project")
        assert ["Fall Refresh", "fixed", "$12,500"] == cells(table(app, "#projects"))[0][:3]


async def test_interaction_form_with_next_and_due_adds_the_follow_up_in_the_same_action(
    demo_store: Store,
) -> None:
    """The form's Next and Due are ``log --next --due``: one action (one undo) writes both; a Next without a
    Due, or a Due that is not a date, saves nothing."""
    from amtui.services.clients.followups import list_follow_ups

    app = make_app(demo_store)
    async with app.run_test(size=(150, 50)) as pilot:
        app.open_target("account", "quokka")
        await until(pilot, lambda: table(app, "#interactions").row_count == 2)
        before = dump(demo_store.path)
        last_batch = _last_batch(demo_store)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, InteractionForm))
        await _fill(pilot, app, {"summary": "Renewal call", "contact": "Tom Okoro", "next": "Send the deck"})
        await pilot.press("f2")
        await until(
            pilot, lambda: "--next and --due go together" in str(app.screen.query_one("#form-error").render())
        )
        await _fill(pilot, app, {"due": "someday"})
        await pilot.press("f2")
        fields = {f.input.id: f for f in app.screen.query(FormField)}
        assert "not a date: 'someday'" in fields["due"].error
        assert dump(demo_store.path) == before
        await _fill(pilot, app, {"due": "thu"})
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, AccountDetailScreen), what="form closed")
        await until(pilot, lambda: table(app, "#follow-ups").row_count == 1, what="the follow-up listed")
    with demo_store.read() as s:
        (fu,) = list_follow_ups(s, "quokka", today=TODAY)
    assert (fu.title, fu.due_on.isoformat(), fu.contact) == ("Send the deck", "2026-12-03", "Tom Okoro")
    assert fu.interaction_id is not None
    con = sqlite3.connect(demo_store.path)
    try:
        written = con.execute(
            "SELECT DISTINCT batch_id, entity FROM audit_event WHERE batch_id > ?", (last_batch,)
        ).fetchall()
    finally:
        con.close()
    assert len({b for b, _ in written}) == 1  # one action: one undo takes back both
    assert {e for _, e in written} >= {"interaction", "follow_up"}


def _last_batch(store: Store) -> int:
    con = sqlite3.connect(store.path)
    try:
        return int(con.execute("SELECT coalesce(max(id), 0) FROM audit_batch").fetchone()[0])
    finally:
        con.close()
