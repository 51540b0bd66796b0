"""Keys that never surprise: typing into any text field fires no app key, Escape leaves the field first,
no screen's own key shadows a screen key, and the brief editor puts the cursor in the section's text."""

from __future__ import annotations

import string
from datetime import date
from typing import Any

import pytest
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, TextArea

from amtui.services.briefs.service import brief_detail
from amtui.services.clients.accounts import InteractionInfo
from amtui.services.money.timesheet import CostRow
from amtui.store import Store, unit_of_work
from amtui.tui.app import AmApp
from amtui.tui.registry import SCREENS
from amtui.tui.screens.account_edit_forms import (
    AccountEditForm,
    ContactEditForm,
    ContactMoveForm,
    LogEditForm,
)
from amtui.tui.screens.account_forms import ContactForm, InteractionForm, ProjectForm
from amtui.tui.screens.actual_forms import CostForm, TimeForm
from amtui.tui.screens.book_forms import AccountForm, HarvestImportForm, InvoiceActionForm, InvoiceForm
from amtui.tui.screens.brief_editor import BriefEditorScreen
from amtui.tui.screens.brief_modals import AskModal
from amtui.tui.screens.co_edit_form import ChangeOrderEditForm
from amtui.tui.screens.co_forms import ChangeOrderActionForm, DraftChangeOrderForm, ExportChangeOrderForm
from amtui.tui.screens.confirm import ConfirmModal
from amtui.tui.screens.cost_forms import EditCostForm
from amtui.tui.screens.followup_forms import FollowUpEditForm, FollowUpSnoozeForm
from amtui.tui.screens.milestone_forms import (
    AddMilestoneForm,
    EditMilestoneForm,
    LinkMilestoneForm,
    UnlinkMilestoneForm,
)
from amtui.tui.screens.project_edit_form import ProjectEditForm
from amtui.tui.screens.rate_media_forms import MediaPlanForm, RateForm
from amtui.tui.screens.timeline_forms import MoveMilestoneForm
from tests.conftest import dump
from tests.tui.helpers import make_app, until
from tests.tui.test_milestone_forms import a_milestone

#: Every letter, both cases, and ?: each is (or could be remapped to) an app key.
ALPHABET = string.ascii_lowercase + string.ascii_uppercase + "?"
APP_ACTIONS = ("go", "undo", "redo", "help", "quit")

FORMS: list[Any] = [
    lambda: AccountForm(),
    lambda: ContactForm(),
    lambda: ContactForm("bramble"),
    lambda: ProjectForm(),
    lambda: InteractionForm(),
    lambda: TimeForm(),
    lambda: CostForm("helios/always-on-search"),
    lambda: DraftChangeOrderForm(),
    lambda: ChangeOrderActionForm("CO-1", "send"),
    lambda: ChangeOrderActionForm("CO-1", "void"),
    lambda: ExportChangeOrderForm("CO-1"),
    lambda: InvoiceForm(),
    lambda: InvoiceActionForm("INV-1", "pay"),
    lambda: InvoiceActionForm("INV-1", "credit"),
    lambda: HarvestImportForm(),
    lambda: AskModal("Who approved this brief?"),
    lambda: AddMilestoneForm(),
    lambda: AddMilestoneForm("northwind/spring-launch"),
    lambda: LinkMilestoneForm(a_milestone()),
    lambda: UnlinkMilestoneForm(a_milestone()),
    lambda: EditMilestoneForm(a_milestone()),
    lambda: MoveMilestoneForm(18, "Storyboards"),
    # The edit forms of the account screen (account_edit_forms, project_edit_form).
    lambda: AccountEditForm(_settings()),
    lambda: ContactEditForm("quokka", _contact()),
    lambda: ContactMoveForm("quokka", _contact(), "leave"),
    lambda: ContactMoveForm("quokka", _contact(), "primary"),
    lambda: LogEditForm("quokka", InteractionInfo(7, date(2026, 10, 29), "email", "Asked", "Ana Souza")),
    lambda: ProjectEditForm(_project_view()),
    lambda: FollowUpEditForm(_follow_up()),
    lambda: FollowUpSnoozeForm(_follow_up()),
    lambda: ChangeOrderEditForm(_change_order()),
    lambda: RateForm(),
    lambda: MediaPlanForm("helios/always-on-search"),
    lambda: EditCostForm(
        CostRow(4, "northwind/spring-launch", date(2026, 10, 18), 120_000, "USD", True, False, None)
    ),
]


def _change_order() -> Any:
    from amtui.services.money.change_order_impact import ChangeOrderInfo

    fields = ChangeOrderInfo.__dataclass_fields__
    values: dict[str, Any] = {name: None for name in fields}
    values.update(number="CO-5", project="northwind/x", title="Banners", status="sent", amount_cents=450_000)
    return ChangeOrderInfo(**values)


def _follow_up() -> Any:
    from amtui.services.clients.followups import FollowUpInfo

    d = date(2026, 12, 7)
    return FollowUpInfo(
        "T-6",
        6,
        "quokka",
        "Book",
        d,
        d,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        "open",
        False,
        False,
        0,
        d,
        0,
    )


def _settings() -> Any:
    from amtui.services.clients.account_settings import AccountSettings

    return AccountSettings("quokka", "Quokka Cloud", None, "aor", None, None, ("burn",), "active")


def _contact() -> Any:
    from amtui.services.clients.accounts import ContactInfo

    return ContactInfo("Ana Souza", None, None, None, False, None, None, True)


def _project_view() -> Any:
    from amtui.services.base.refs import ProjectRow
    from amtui.services.clients.project_changes import ProjectEditView
    from amtui.services.clients.projects import ProjectInfo
    from amtui.services.money.budget_health import Totals
    from amtui.services.money.edit_preview import HealthBasis

    info = ProjectInfo(
        "quokka/x",
        "quokka",
        "x",
        "X",
        None,
        "fixed",
        "USD",
        100_000,
        None,
        None,
        None,
        None,
        None,
        None,
        "active",
    )
    row = ProjectRow(
        1, 1, "x", "X", "fixed", "USD", "active", 100_000, None, None, None, None, None, None, None, None
    )
    return ProjectEditView(info, None, HealthBasis(row, "quokka", Totals(), None, date(2026, 11, 28)))


def _record_app_actions(app: AmApp) -> list[str]:
    """Replace the app's own key actions with a recorder: any call is a key that should not have fired."""
    fired: list[str] = []
    for name in APP_ACTIONS:
        setattr(app, f"action_{name}", lambda *a, _n=name: fired.append(f"{_n}{a}"))
    return fired


async def _type_alphabet(pilot: Any, field: Input | TextArea) -> None:
    field.focus()
    await pilot.pause()
    if isinstance(field, Input):
        field.value = ""
    await pilot.press(*ALPHABET)
    await pilot.pause()


@pytest.mark.parametrize("make_form", FORMS)
async def test_typing_every_letter_into_a_form_fires_no_app_key(demo_store: Store, make_form: Any) -> None:
    before = dump(demo_store.path)
    app = make_app(demo_store)
    async with app.run_test(size=(150, 50)) as pilot:
        fired = _record_app_actions(app)
        form = make_form()
        await app.push_screen(form)
        await pilot.pause()
        inputs = list(form.query(Input))
        assert inputs, "a form with no text field"
        for field in inputs:
            await _type_alphabet(pilot, field)
            assert app.screen is form, f"typing into #{field.id} left the form"
            assert field.value.endswith(ALPHABET), f"#{field.id} did not get every letter: {field.value!r}"
        assert fired == []
    assert dump(demo_store.path) == before  # typing saved nothing


async def test_typing_into_the_screens_text_fields_fires_no_app_key(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(150, 50)) as pilot:
        for entry in SCREENS:
            app.action_go(entry.id)
            await pilot.pause(0.1)
            screen = app.screen
            fields = list(screen.query(Input))
            fired = _record_app_actions(app)
            for field in fields:
                await _type_alphabet(pilot, field)
                assert app.screen is screen, f"typing into {entry.id} #{field.id} left the screen"
                assert field.value.endswith(ALPHABET)
                field.value = ""
            assert fired == [], entry.id
            del app.action_go  # the real key again, to move on
            for name in APP_ACTIONS[1:]:
                delattr(app, f"action_{name}")


async def test_escape_leaves_the_field_first_then_the_keys_work(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(150, 50)) as pilot:
        await pilot.press("a")
        accounts = app.screen
        await pilot.press("slash")  # the filter
        assert isinstance(app.focused, Input)
        await pilot.press("b")
        assert app.screen is accounts and app.focused.value == "b"  # type: ignore[union-attr]
        await pilot.press("escape")
        assert not isinstance(app.focused, Input) and app.screen is accounts
        await pilot.press("b")
        await until(
            pilot, lambda: app.current_mode == "budget", what="b goes to Budget once out of the field"
        )


def _own_keys(cls: type) -> set[str]:
    keys: set[str] = set()
    for klass in cls.__mro__:
        for b in getattr(klass, "BINDINGS", []) if "BINDINGS" in vars(klass) else []:
            keys.update(k.strip() for k in b.key.split(","))
    return keys


def test_no_screen_key_is_shadowed_by_a_screen_of_its_own() -> None:
    """The screen keys (t a b c r l p o e), undo, redo, help and quit mean the same on every screen."""
    import importlib
    import pkgutil

    from textual.app import App

    import amtui.tui.screens as screens_pkg
    from amtui.tui.screens.base import AmScreen

    app_keys = {b.key for b in AmApp.BINDINGS if isinstance(b, Binding)} - {"escape"}
    assert {e.key for e in SCREENS} <= app_keys
    for info in pkgutil.iter_modules(screens_pkg.__path__):
        importlib.import_module(f"amtui.tui.screens.{info.name}")
    clashes = []
    seen: set[type] = set()
    stack = list(AmScreen.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls in seen or issubclass(cls, ModalScreen | App):
            continue
        seen.add(cls)
        clashes += [f"{cls.__name__}: {k}" for k in sorted(_own_keys(cls) & app_keys)]
    assert len(seen) >= 10 and clashes == []


def _amtui_screens() -> list[type]:
    """Every screen and modal class amtui defines (imported from every module of tui.screens)."""
    import importlib
    import pkgutil

    from textual.screen import Screen

    import amtui.tui.screens as screens_pkg

    for info in pkgutil.iter_modules(screens_pkg.__path__):
        importlib.import_module(f"amtui.tui.screens.{info.name}")
    found: list[type] = []
    stack: list[type] = [Screen]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("amtui.") and cls not in found:
            found.append(cls)
    return found


def test_one_meaning_per_letter() -> None:
    """d edits, x strikes out, y says yes, g logs: on every screen and modal, as KEY_MEANINGS says."""
    from amtui.tui.key_meanings import KEY_MEANINGS, key_meaning

    wrong, used = [], set()
    screens = _amtui_screens()
    for cls in screens:
        for b in vars(cls).get("BINDINGS", []):
            if not isinstance(b, Binding):
                continue
            for key in (k.strip() for k in b.key.split(",")):
                meaning = key_meaning(key)
                if meaning is None:
                    continue
                used.add((key, b.action))
                if b.action not in meaning.actions:
                    wrong.append(f"{cls.__name__}: {key} → {b.action} ({key} {meaning.short})")
    assert len(screens) >= 20 and wrong == []
    # The table lists no action that no screen binds (it says what the keys do, not what they once did).
    listed = {(m.key, a) for m in KEY_MEANINGS for a in m.actions}
    assert listed - used == set()


async def test_every_screen_key_works_from_every_screen(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(150, 50)) as pilot:
        for here in SCREENS:
            for there in SCREENS:
                app.action_go(here.id)
                await pilot.pause()
                await pilot.press(there.key)
                assert app.current_mode == there.id, f"{there.key} on {here.id} did not open {there.id}"


async def test_next_section_puts_the_cursor_in_its_text_and_letters_are_words(demo_store: Store) -> None:
    """The report: F8 then "summer revenue" pressed u twice and undid two actions. Now it is text."""
    before_undos = _batches(demo_store)
    app = AmApp(demo_store, poll=False)
    async with app.run_test(size=(160, 45)) as pilot:
        editor = BriefEditorScreen(3)
        await app.push_screen(editor)
        await until(pilot, lambda: bool(editor.sections) and not editor.query_one("#section-text").disabled)
        editor.query_one("#outline", OptionList).focus()
        await pilot.press("f8")
        area = editor.query_one("#section-text", TextArea)
        assert app.focused is area
        area.move_cursor(area.document.end)
        await pilot.press(*"summer revenue")
        assert area.text.endswith("summer revenue")
        assert app.screen is editor and not isinstance(app.screen, ConfirmModal)
        # Escape leaves the text for the outline; the next Escape is the editor's Back.
        await pilot.press("escape")
        assert app.screen is editor and not isinstance(app.focused, TextArea)
    assert _batches(demo_store) == before_undos


def _batches(store: Store) -> int:
    from sqlalchemy import text

    with store.engine.connect() as c:
        return int(c.execute(text("select count(*) from audit_batch")).scalar_one())


async def test_a_brief_changed_elsewhere_is_not_overwritten_and_the_text_is_kept(demo_store: Store) -> None:
    from amtui.services.briefs.service import set_section

    app = AmApp(demo_store, poll=False)
    async with app.run_test(size=(160, 45)) as pilot:
        editor = BriefEditorScreen(3)
        await app.push_screen(editor)
        await until(pilot, lambda: bool(editor.sections) and not editor.query_one("#section-text").disabled)
        # Another terminal: `amtui brief set 3 Background "…"` a moment after the editor opened.
        with unit_of_work(demo_store, "amtui brief set 3 Background") as uow:
            set_section(uow, 3, "Background", "Written in another terminal.")
        with demo_store.read() as s:
            theirs = brief_detail(s, 3).markdown
        area = editor.query_one("#section-text", TextArea)
        area.load_text("My own words, typed here.")
        await pilot.pause(0.1)
        await pilot.press("f2")
        await until(
            pilot, lambda: any("changed since you opened it" in str(n.message) for n in app._notifications)
        )
        with demo_store.read() as s:
            assert brief_detail(s, 3).markdown == theirs  # nothing overwritten
        assert editor.dirty and area.text == "My own words, typed here."  # the user's text stays
        kept = sorted((app.db_path.parent / "recovery").glob("brief-3-*.md"))  # store.files.keep_recovery
        assert kept and "My own words, typed here." in kept[-1].read_text()
        assert kept[-1].stat().st_mode & 0o777 == 0o600
