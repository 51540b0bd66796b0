"""``amtui project edit REF --name … --budget … --hours … --end … --rate … --media-budget …`` as a form, with
the budget health the change leads to previewed as it is typed.

The form opens on the project as it is (read in a worker: :func:`open_project_edit`), saves only what the
user changed through :func:`amtui.services.clients.projects.edit_project`, records that one-liner (dollars,
not cents), and refuses when the project changed since it opened. The preview is
:func:`amtui.services.money.edit_preview.health_if` on the figures read when it opened: burn, EAC and status
now and after, as ``amtui budget REF`` would print them once saved. Billing terms (``--timing``,
``--schedule``, ``--lines`` …) are left to the one-liner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from amtui.tui.screens.book_forms import arg
from amtui.tui.screens.forms import FormScreen
from amtui.tui.widgets.fields import (
    ChoiceInput,
    DateInput,
    FormField,
    HoursInput,
    MoneyInput,
    PercentInput,
    TextInput,
)

if TYPE_CHECKING:
    from textual.app import App

    from amtui.services.clients.project_changes import ProjectEditView
    from amtui.services.clients.projects import ProjectInfo
    from amtui.store import UnitOfWork

#: Form field → (the service's keyword, the one-liner's option, what the field holds).
FIELDS: dict[str, tuple[str, str, str]] = {
    "name": ("name", "--name", "text"),
    "budget": ("budget_cents", "--budget", "money"),
    "hours": ("budget_minutes", "--hours", "typed"),
    "billing": ("billing", "--billing", "text"),
    "rate": ("rate_cents", "--rate", "money"),
    "cap": ("cap_cents", "--cap", "money"),
    "monthly_fee": ("retainer_fee_cents", "--monthly-fee", "money"),
    "monthly_hours": ("retainer_minutes", "--monthly-hours", "typed"),
    "start": ("start_on", "--start", "date"),
    "end": ("end_on", "--end", "date"),
    "status": ("status", "--status", "text"),
    "code": ("code", "--code", "text"),
    "complete": ("complete_bp", "--complete", "typed"),
    "media_budget": ("media_budget_cents", "--media-budget", "money"),
}
#: Fields an empty value clears (the rest: an empty value leaves it as it is, as the one-liner can).
CLEARABLE = ("code", "complete", "media_budget")


def _typed(minutes: int | None) -> str:
    from amtui.tui.screens.actual_forms import typed_hours

    return typed_hours(minutes) if minutes else ""


def _seen(info: ProjectInfo, media_budget_cents: int | None) -> dict[str, str]:
    from amtui.services.base.versions import seen
    from amtui.services.clients.project_changes import show_value

    return seen(
        **{
            f: show_value(
                kw, getattr(info, kw, None) if f != "media_budget" else media_budget_cents, info.currency
            )
            for f, (kw, _, _) in FIELDS.items()
        }
    )


class ProjectEditForm(FormScreen):
    """One project's name, budget, hours, billing, rate, cap, retainer fee and hours, dates, status, code,
    % complete and media budget; the consequence for its budget health shown before saving."""

    def __init__(self, view: ProjectEditView) -> None:
        super().__init__()
        self.view, self.info = view, view.info
        self.subject = view.info.ref
        self.opened = _seen(view.info, view.media_budget_cents)
        self.TITLE_TEXT = f"Edit project {view.info.ref} ({view.info.name})"

    def on_mount(self) -> None:
        """The preview goes under the title: on a form this long it would wait below the last field."""
        form = self.query_one("#form")
        form.move_child(self.query_one("#form-preview"), after=self.query_one(".form-title"))
        super().on_mount()

    def before(self, field: str) -> Any:
        kw = FIELDS[field][0]
        return self.view.media_budget_cents if field == "media_budget" else getattr(self.info, kw)

    def fields(self) -> list[FormField]:
        from amtui.core.money import cents_to_decimal_str
        from amtui.services.clients.projects import BILLING_TYPES, PROJECT_STATUSES

        def money(field: str) -> str:
            cents = self.before(field)
            return "" if cents is None else cents_to_decimal_str(cents)

        def day(field: str) -> str:
            on = self.before(field)
            return on.isoformat() if on else ""

        p, today = self.info, lambda: self.am.today
        complete = "" if p.complete_bp is None else f"{p.complete_bp / 100:g}%"
        return [
            FormField("Name", TextInput(value=p.name, id="name", required=True, what="project name")),
            FormField("Budget (change orders stay apart)", MoneyInput(value=money("budget"), id="budget")),
            FormField("Estimated hours", HoursInput(value=_typed(p.budget_minutes), id="hours")),
            FormField("Billing", ChoiceInput(BILLING_TYPES, value=p.billing, id="billing", what="billing")),
            FormField("Hourly rate", MoneyInput(value=money("rate"), id="rate", allow_zero=False)),
            FormField("Cap (time & materials)", MoneyInput(value=money("cap"), id="cap", allow_zero=False)),
            FormField(
                "Monthly fee (retainer)",
                MoneyInput(value=money("monthly_fee"), id="monthly_fee", allow_zero=False),
            ),
            FormField(
                "Monthly hours (retainer)", HoursInput(value=_typed(p.retainer_minutes), id="monthly_hours")
            ),
            FormField("Starts", DateInput(value=day("start"), id="start", today=today)),
            FormField("Ends", DateInput(value=day("end"), id="end", today=today)),
            FormField(
                "Status", ChoiceInput(PROJECT_STATUSES, value=p.status, id="status", what="project status")
            ),
            FormField("Code (empty: none)", TextInput(value=p.code or "", id="code")),
            FormField(
                "% complete, dated today (empty: none)",
                PercentInput(value=complete, id="complete", what="a percentage complete"),
            ),
            FormField(
                "Media budget the pacing plans against (empty: none)",
                MoneyInput(value=money("media_budget"), id="media_budget"),
            ),
        ]

    def changed(self, values: dict[str, Any]) -> dict[str, Any]:
        """The fields the user changed, by form field (None: cleared)."""
        out: dict[str, Any] = {}
        for field in FIELDS:
            value, before = values.get(field), self.before(field)
            if value is None and field not in CLEARABLE:
                continue  # empty: as it is
            if field == "code":
                value = value or None
            if value != before:
                out[field] = value
        return out

    def service_args(self, values: dict[str, Any]) -> dict[str, Any]:
        args: dict[str, Any] = {}
        for field, value in self.changed(values).items():
            kw = FIELDS[field][0]
            if value is None and field == "complete":
                args["clear_complete"] = True
            elif value is None and field == "media_budget":
                args["clear_media_budget"] = True
            else:
                args[kw] = "" if (value is None and field == "code") else value
        return args

    def command_text(self, values: dict[str, Any]) -> str:
        from amtui.core.money import cents_to_decimal_str

        line = f"tui: project edit {self.info.ref}"
        typed = {f.input.id: f.input.value.strip() for f in self.query(FormField)}
        for field, value in self.changed(values).items():
            _, option, kind = FIELDS[field]
            if value is None:
                text = "''"
            elif kind == "money":
                text = cents_to_decimal_str(value)
            elif kind == "date":
                text = value.isoformat()
            else:
                text = arg(typed.get(field, "") if kind == "typed" else value)
            line += f" {option} {text}"
        return line

    def preview(self, values: dict[str, Any]) -> str | None:
        from amtui.services.clients.project_changes import describe_changes
        from amtui.services.money.budget_health import describe
        from amtui.services.money.edit_preview import HEALTH_FIELDS, health_if

        changed = self.changed(values)
        if not changed:
            return f"Now: {describe(self.view.basis.now)}"
        triples = [(FIELDS[f][0], self.before(f), v) for f, v in changed.items()]
        what = {kw: v for kw, _, v in triples if kw in (*HEALTH_FIELDS, "complete_bp")}
        said = describe_changes(triples, self.info.currency)
        if not what:
            return said
        after = health_if(self.view.basis, **what)
        return f"{said}\nNow:   {describe(self.view.basis.now)}\nAfter: {describe(after)}"

    def current(self, uow: UnitOfWork) -> dict[str, str]:
        from amtui.services.clients.project_changes import project_for_edit

        now = project_for_edit(uow.session, self.info.ref, as_of=self.am.today)
        return _seen(now.info, now.media_budget_cents)

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.services.clients.project_changes import describe_changes
        from amtui.services.clients.projects import edit_project
        from amtui.services.money.budget import project_health
        from amtui.services.money.budget_health import describe

        args = self.service_args(values)
        if not args:
            return f"Nothing changed on {self.info.ref}"
        p, changes = edit_project(uow, self.info.ref, **args)
        health = project_health(uow.session, p.ref, as_of=self.am.today)
        return f"Updated {p.ref}: {describe_changes(changes, p.currency)} · {describe(health)}"


def open_project_edit(app: App[Any], ref: str) -> None:
    """Read the project (in a thread) and open its edit form; a project that is not there is said so."""
    from amtui.services.clients.project_changes import project_for_edit
    from amtui.tui.screens.form_open import open_after_read

    am: Any = app
    open_after_read(app, lambda s: project_for_edit(s, ref, as_of=am.today), ProjectEditForm)
