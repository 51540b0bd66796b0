"""Forms for actuals on a project: log time and log a cost (the ``amtui time`` / ``amtui cost`` services)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from amtui.tui.screens.forms import FormScreen
from amtui.tui.widgets.fields import ChoiceInput, DateInput, FormField, HoursInput, MoneyInput, TextInput

if TYPE_CHECKING:
    from amtui.store import UnitOfWork

TEAMS = ("creative", "media", "strategy", "analytics", "production", "account")


def _warnings(warnings: tuple[str, ...]) -> str:
    """Saved, but unlikely: a line each under the saved line (the CLI prints them on stderr)."""
    return "".join(f"\nWarning: {w}" for w in warnings)


def typed_hours(minutes: int) -> str:
    """Minutes as typed on the command line, to the minute: ``2h``, ``1h30m``, ``45m``."""
    h, m = divmod(minutes, 60)
    return f"{h}h{m}m" if h and m else (f"{m}m" if m else f"{h}h")


def project_field(ref: str) -> list[FormField]:
    """Asked only when the form was opened from nowhere in particular (the command palette)."""
    if ref:
        return []
    return [FormField("Project (account/project)", TextInput(id="project", required=True, what="project"))]


def _ref(form: FormScreen, values: dict[str, Any]) -> str:
    return str(values.get("project") or getattr(form, "ref", ""))


class TimeForm(FormScreen):
    """``amtui time REF HOURS --date … --team … --person … --rate … --cost-rate … --note …``."""

    def __init__(self, ref: str = "", *, on: date | None = None) -> None:
        super().__init__()
        self.ref = ref
        self.on = on  # the day to prefill (the Timesheet's highlighted day); today when None
        self.TITLE_TEXT = f"Log time on {ref}" if ref else "Log time"

    def fields(self) -> list[FormField]:
        return [
            *project_field(self.ref),
            FormField("Hours", HoursInput(id="hours", required=True)),
            FormField(
                "When",
                DateInput(
                    value=self.on.isoformat() if self.on else "today",
                    id="on",
                    today=lambda: self.am.today,
                    required=True,
                ),
            ),
            FormField("Team (optional)", ChoiceInput(TEAMS, id="team", what="team")),
            FormField("Who (optional)", TextInput(id="person")),
            FormField(
                "Rate (optional: the rate card's for the team, else the project's)", MoneyInput(id="rate")
            ),
            FormField(
                "Cost rate (optional: the person's, else the rate card's or the config's for the team)",
                MoneyInput(id="cost_rate"),
            ),
            FormField("Note", TextInput(id="note")),
            FormField("Billable? (yes / no)", ChoiceInput(("yes", "no"), value="yes", id="billable")),
        ]

    def command_text(self, values: dict[str, Any]) -> str:
        hours = typed_hours(values["hours"])
        return f"tui: time {_ref(self, values)} {hours} --date {values['on']}"

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.core.dates import format_hours
        from amtui.core.money import format_money
        from amtui.services.money.actuals import log_time
        from amtui.services.money.budget_health import describe

        t = log_time(
            uow,
            _ref(self, values),
            values["hours"],
            on=values["on"],
            team=values["team"],
            person=values["person"],
            rate_cents=values["rate"],
            cost_rate_cents=values["cost_rate"],
            note=values["note"],
            billable=values["billable"] != "no",
            today=self.am.today,
        )
        return (
            f"Logged {format_hours(t.minutes)} on {t.project} ({format_money(t.amount_cents, t.currency)}): "
            f"{describe(t.health)}"
        ) + _warnings(t.warnings)


class CostForm(FormScreen):
    """``amtui cost REF AMOUNT --date … --note …``."""

    def __init__(self, ref: str = "") -> None:
        super().__init__()
        self.ref = ref
        self.TITLE_TEXT = f"Log a cost on {ref}" if ref else "Log a cost"

    def fields(self) -> list[FormField]:
        return [
            *project_field(self.ref),
            FormField("Amount", MoneyInput(id="amount", required=True)),
            FormField("When", DateInput(value="today", id="on", today=lambda: self.am.today, required=True)),
            FormField("What (note)", TextInput(id="note")),
            FormField("Billable? (yes / no)", ChoiceInput(("yes", "no"), value="yes", id="billable")),
            FormField("Out of scope? (yes / no)", ChoiceInput(("yes", "no"), value="no", id="oos")),
        ]

    def command_text(self, values: dict[str, Any]) -> str:
        from amtui.core.money import cents_to_decimal_str

        amount = cents_to_decimal_str(values["amount"])
        return f"tui: cost {_ref(self, values)} {amount} --date {values['on']}"

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.core.money import format_money
        from amtui.services.money.actuals import log_cost
        from amtui.services.money.budget_health import describe

        c = log_cost(
            uow,
            _ref(self, values),
            values["amount"],
            on=values["on"],
            note=values["note"],
            billable=values["billable"] != "no",
            out_of_scope=values["oos"] == "yes",
            today=self.am.today,
        )
        done = f"Logged {format_money(c.amount_cents, c.currency)} on {c.project}: {describe(c.health)}"
        return done + _warnings(c.warnings)
