"""Forms on Escalations (add, update, resolve), Pipeline (add, edit, won, lost) and Performance (KPI targets):
good input saves what the one-liner saves and records that one-liner; bad input is explained and saves
nothing; a row changed elsewhere since the form opened is refused with what changed, the input kept."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text
from textual.widgets import Input, Static

from amtui.services.clients.corrections import edit_escalation
from amtui.services.clients.escalations import escalation_detail, escalation_info
from amtui.services.growth.metrics import list_targets, set_targets
from amtui.services.growth.opp_edit import edit_opportunity
from amtui.services.growth.pipeline import opportunity_info
from amtui.store import Store, unit_of_work
from amtui.tui.screens.escalation_forms import EscalationForm, EscalationResolveForm, EscalationUpdateForm
from amtui.tui.screens.forms import FormScreen
from amtui.tui.screens.growth_forms import (
    KpiTargetForm,
    OpportunityEditForm,
    OpportunityForm,
    OpportunityLostForm,
    OpportunityWonForm,
)
from tests.conftest import TODAY, dump
from tests.tui.helpers import make_app, table, until
from tests.tui.test_keys import ALPHABET, _record_app_actions, _type_alphabet


def _history(store: Store) -> list[str]:
    with store.engine.connect() as c:
        return [r[0] for r in c.execute(text("select command from audit_batch order by id"))]


def _error(app: Any) -> str:
    return str(app.screen.query_one("#form-error", Static).render())


async def _save(pilot: Any, app: Any, form_type: type, values: dict[str, str]) -> FormScreen:
    await until(pilot, lambda: isinstance(app.screen, form_type), what=form_type.__name__)
    form = app.screen
    for key, value in values.items():
        form.query_one(f"#{key}", Input).value = value
    await pilot.pause()
    await pilot.press("f2")
    return form


async def _saved(pilot: Any, app: Any, form: FormScreen) -> None:
    try:
        await until(pilot, lambda: app.screen is not form, what="saved")
    except AssertionError:
        raise AssertionError(f"not saved: {_error(app)}") from None


async def _on_row(pilot: Any, app: Any, key: str, selector: str, ref: str) -> None:
    await pilot.press(key)
    await until(pilot, lambda: table(app, selector).row_count > 0, what=f"rows on {selector}")
    await pilot.pause(0.3)  # a first visit may read twice (the mount, then the catch-up)

    def on_it() -> bool:
        t = table(app, selector)
        t.move_cursor(row=t.get_row_index(ref))
        return t.coordinate_to_cell_key(t.cursor_coordinate).row_key.value == ref

    await until(pilot, on_it, what=f"the cursor on {ref}")
    await pilot.pause(0.1)
    assert on_it()


# ---------------------------------------------------------------------------------------------- escalations


async def test_escalation_add_update_resolve_from_the_screen(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(170, 50)) as pilot:
        await _on_row(pilot, app, "e", "#esc-table", "ESC-1")
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, EscalationForm))
        assert app.screen.query_one("#account", Input).value == "helios"  # the highlighted row's account
        form = await _save(
            pilot,
            app,
            EscalationForm,
            {"summary": "Reports arrive late", "severity": "high", "owner": "Maya", "due": "2026-12-05"},
        )
        await _saved(pilot, app, form)
        await _on_row(pilot, app, "e", "#esc-table", "ESC-1")
        await pilot.press("enter")
        form = await _save(pilot, app, EscalationUpdateForm, {"owner": "Pat", "note": "called the CFO"})
        await _saved(pilot, app, form)
        await _on_row(pilot, app, "e", "#esc-table", "ESC-2")
        await pilot.press("y")
        form = await _save(pilot, app, EscalationResolveForm, {"resolution": "Banners replaced"})
        await _saved(pilot, app, form)
    with demo_store.read() as s:
        new = escalation_info(s, "ESC-6", today=TODAY)
        one = escalation_info(s, "ESC-1", today=TODAY)
        two = escalation_info(s, "ESC-2", today=TODAY)
    assert (new.account, new.summary, new.severity, new.owner, new.due_on.isoformat()) == (  # type: ignore[union-attr]
        "helios",
        "Reports arrive late",
        "high",
        "Maya",
        "2026-12-05",
    )
    assert one.owner == "Pat"
    with demo_store.read() as s:  # the dated note is an update row of its own (escalation show)
        notes = [(u.on_date.isoformat(), u.note) for u in escalation_detail(s, "ESC-1", today=TODAY).updates]
    assert notes[-1] == ("2026-11-28", "called the CFO")
    assert two.status == "resolved" and two.resolution == "Banners replaced"
    assert _history(demo_store)[-3:] == [
        "tui: escalation add helios 'Reports arrive late' --severity high --owner Maya --due 2026-12-05",
        "tui: escalation edit ESC-1 --owner Pat --note 'called the CFO'",
        "tui: escalation resolve ESC-2 --resolution 'Banners replaced' --date 2026-11-28",
    ]


async def test_escalation_bad_input_is_explained_and_saves_nothing(demo_store: Store) -> None:
    before = dump(demo_store.path)
    app = make_app(demo_store)
    async with app.run_test(size=(170, 50)) as pilot:
        await _on_row(pilot, app, "e", "#esc-table", "ESC-1")
        await pilot.press("n")
        form = await _save(pilot, app, EscalationForm, {"summary": "x", "severity": "urgent"})
        await until(pilot, lambda: "fix the fields" in _error(app))
        assert "severity" in form.query_one("#field-severity").error  # type: ignore[attr-defined]
        form.query_one("#severity", Input).value = "low"
        form.query_one("#probability", Input).value = "9"
        form.query_one("#risk", Input).value = "yes"
        await pilot.press("f2")
        await until(pilot, lambda: "Nothing saved" in _error(app) and "from 1 to 5" in _error(app))
        assert app.screen is form
    assert dump(demo_store.path) == before


async def test_an_escalation_changed_elsewhere_is_not_overwritten(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(170, 50)) as pilot:
        await _on_row(pilot, app, "e", "#esc-table", "ESC-2")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, EscalationUpdateForm))
        form = app.screen
        with unit_of_work(demo_store, "escalation edit ESC-2 --owner Sam") as uow:  # another terminal
            edit_escalation(uow, "ESC-2", owner="Sam", today=TODAY)
        before = dump(demo_store.path)
        form.query_one("#severity", Input).value = "critical"
        await pilot.press("f2")
        await until(pilot, lambda: "changed since you opened it" in _error(app))
        assert "owner: Chris (creative) → Sam" in _error(app)
        assert app.screen is form and form.query_one("#severity", Input).value == "critical"
    assert dump(demo_store.path) == before


# ---------------------------------------------------------------------------------------------- pipeline


async def test_opportunity_add_edit_won_lost_from_pipeline(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(170, 50)) as pilot:
        await _on_row(pilot, app, "o", "#pipe-opps", "OPP-1")
        await pilot.press("n")
        form = await _save(
            pilot,
            app,
            OpportunityForm,
            {"title": "Podcast ads", "value": "12,000", "probability": "25%", "type": "new-channel"},
        )
        await _saved(pilot, app, form)
        await _on_row(pilot, app, "o", "#pipe-opps", "OPP-1")
        await pilot.press("enter")
        form = await _save(pilot, app, OpportunityEditForm, {"value": "30,000", "probability": "70"})
        await _saved(pilot, app, form)
        await _on_row(pilot, app, "o", "#pipe-opps", "OPP-3")
        await pilot.press("y")
        form = await _save(pilot, app, OpportunityWonForm, {})
        await _saved(pilot, app, form)
        await _on_row(pilot, app, "o", "#pipe-opps", "OPP-5")
        await pilot.press("x")
        form = await _save(pilot, app, OpportunityLostForm, {"reason": "budget cut"})
        await _saved(pilot, app, form)
    with demo_store.read() as s:
        new = opportunity_info(s, "OPP-8")
        one, three, five = (opportunity_info(s, r) for r in ("OPP-1", "OPP-3", "OPP-5"))
    assert (new.account, new.title, new.value_cents, new.probability, new.type) == (
        "helios",
        "Podcast ads",
        1_200_000,
        25,
        "new-channel",
    )
    assert (one.value_cents, one.probability) == (3_000_000, 70)
    assert three.status == "won" and five.status == "lost" and five.reason == "budget cut"
    assert _history(demo_store)[-4:] == [
        "tui: opp add helios 'Podcast ads' --value 12000.00 --probability 25 --type new-channel"
        " --stage identified",
        "tui: opp edit OPP-1 --value 30000.00 --probability 70",
        "tui: opp won OPP-3 --date 2026-11-28",
        "tui: opp lost OPP-5 --reason 'budget cut' --date 2026-11-28",
    ]


async def test_opportunity_refusals_and_conflict_save_nothing(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(170, 50)) as pilot:
        before = dump(demo_store.path)
        await _on_row(pilot, app, "o", "#pipe-opps", "OPP-1")
        await pilot.press("n")
        await _save(pilot, app, OpportunityForm, {"title": "X", "value": "-5", "probability": "140"})
        await until(pilot, lambda: "fix the fields" in _error(app))
        await pilot.press("escape", "escape")
        assert dump(demo_store.path) == before
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, OpportunityEditForm))
        form = app.screen
        with unit_of_work(demo_store, "opp edit OPP-1 --probability 10") as uow:  # another terminal
            edit_opportunity(uow, "OPP-1", probability=10)
        before = dump(demo_store.path)
        form.query_one("#title", Input).value = "Spanish search"
        await pilot.press("f2")
        await until(pilot, lambda: "changed since you opened it" in _error(app))
        assert "probability: 60% → 10%" in _error(app)
        assert form.query_one("#title", Input).value == "Spanish search"
    assert dump(demo_store.path) == before


# ---------------------------------------------------------------------------------------------- KPI targets


async def test_kpi_targets_set_from_performance(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(170, 50)) as pilot:
        await _on_row(pilot, app, "p", "#perf-projects", "helios/always-on-search")
        await pilot.press("k")
        await until(pilot, lambda: isinstance(app.screen, KpiTargetForm))
        await until(pilot, lambda: app.screen.opened is not None, what="the targets read")
        assert "CPA $45.00" in str(app.screen.query_one("#form-preview", Static).render())
        form = await _save(pilot, app, KpiTargetForm, {"cpa": "40", "roas": "5"})
        await _saved(pilot, app, form)
    with demo_store.read() as s:
        targets = {t.metric: t.display for t in list_targets(s, "helios/always-on-search") if not t.campaign}
    assert targets["cpa"] == "$40.00" and targets["roas"] == "5.00x" and targets["ctr"] == "3.50%"
    assert _history(demo_store)[-1] == "tui: kpi set helios/always-on-search --cpa 40 --roas 5"


async def test_kpi_bad_target_and_conflict_save_nothing(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(170, 50)) as pilot:
        before = dump(demo_store.path)
        await _on_row(pilot, app, "p", "#perf-projects", "helios/always-on-search")
        await pilot.press("k")
        await until(pilot, lambda: isinstance(app.screen, KpiTargetForm) and app.screen.opened is not None)
        form = await _save(pilot, app, KpiTargetForm, {"roas": "lots"})
        await until(pilot, lambda: "fix the fields" in _error(app))
        assert "ROAS" in form.query_one("#field-roas").error  # type: ignore[attr-defined]
        assert dump(demo_store.path) == before
        with unit_of_work(demo_store, "kpi set helios/always-on-search --cpa 50") as uow:
            set_targets(uow, "helios/always-on-search", {"cpa": 5000})
        before = dump(demo_store.path)
        form.query_one("#roas", Input).value = "4"
        await pilot.press("f2")
        await until(pilot, lambda: "changed since you opened it" in _error(app))
        assert "cpa: $45.00 → $50.00" in _error(app)
    assert dump(demo_store.path) == before


# ---------------------------------------------------------------------------------------------- keys, palette


def _esc(store: Store) -> Any:
    with store.read() as s:
        return escalation_info(s, "ESC-1", today=TODAY)


def _opp(store: Store) -> Any:
    with store.read() as s:
        return opportunity_info(s, "OPP-1")


NEW_FORMS: list[Any] = [
    lambda st: EscalationForm(),
    lambda st: EscalationUpdateForm(_esc(st)),
    lambda st: EscalationResolveForm(_esc(st)),
    lambda st: OpportunityForm("helios"),
    lambda st: OpportunityEditForm(_opp(st)),
    lambda st: OpportunityWonForm(_opp(st)),
    lambda st: OpportunityLostForm(_opp(st)),
    lambda st: KpiTargetForm("helios/always-on-search"),
]


@pytest.mark.parametrize("make_form", NEW_FORMS)
async def test_typing_every_letter_into_the_new_forms_fires_no_app_key(
    demo_store: Store, make_form: Any
) -> None:
    before = dump(demo_store.path)
    app = make_app(demo_store)
    async with app.run_test(size=(150, 50)) as pilot:
        fired = _record_app_actions(app)
        form = make_form(demo_store)
        await app.push_screen(form)
        await pilot.pause()
        for field in form.query(Input):
            await _type_alphabet(pilot, field)
            assert app.screen is form
            assert field.value.endswith(ALPHABET)
        assert fired == []
    assert dump(demo_store.path) == before


async def test_the_palette_has_a_verb_for_each_new_form(demo_store: Store) -> None:
    from amtui.tui.commands import Book, _verbs

    app = make_app(demo_store)
    titles = [title for title, _help, _cb in _verbs(app, Book())]
    for verb in (
        "Invoices",
        "Send invoice",
        "Record payment",
        "Credit invoice",
        "Void invoice",
        "Add escalation",
        "Update escalation",
        "Resolve escalation",
        "Add opportunity",
        "Edit opportunity",
        "Set KPI targets",
    ):
        assert verb in titles


# ------------------------------------------------------------------------------------------ brief conflict


async def test_a_refused_brief_save_shows_the_diff_of_theirs_against_yours(demo_store: Store) -> None:
    from textual.widgets import TextArea

    from amtui.services.briefs.service import brief_detail, set_section
    from amtui.tui.screens.brief_editor import BriefEditorScreen
    from amtui.tui.screens.brief_modals import ConflictModal

    app = make_app(demo_store)
    async with app.run_test(size=(160, 45)) as pilot:
        editor = BriefEditorScreen(3)
        await app.push_screen(editor)
        await until(pilot, lambda: bool(editor.sections) and not editor.query_one("#section-text").disabled)
        with unit_of_work(demo_store, "amtui brief set 3 Background") as uow:  # another terminal
            set_section(uow, 3, "Background", "Written in another terminal.")
        with demo_store.read() as s:
            theirs = brief_detail(s, 3).markdown
        area = editor.query_one("#section-text", TextArea)
        area.load_text("My own words, typed here.")
        await pilot.pause(0.1)
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, ConflictModal), what="the conflict modal")
        diff = str(app.screen.query_one("#conflict-diff", Static).render())
        assert "--- saved elsewhere (v" in diff and "+++ yours" in diff
        assert "-Written in another terminal." in diff and "+My own words, typed here." in diff
        assert "changed since you opened it" in str(
            app.screen.query_one("#conflict-message", Static).render()
        )
        await pilot.press("enter")
        assert app.screen is editor and area.text == "My own words, typed here."
        with demo_store.read() as s:
            assert brief_detail(s, 3).markdown == theirs
