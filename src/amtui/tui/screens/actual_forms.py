"""Forms for actuals on a project: log time and log a cost (the ``amtui time`` / ``amtui cost`` services)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from amtui.tui.screens.forms import FormScreen
from amtui.tui.widgets.fields import ChoiceInput, DateInput, FormField, HoursInput, MoneyInput, TextInput

if TYPE_CHECKING:
    from amtui.store import UnitOfWork

TEAMS = ("creative", "media", "strategy", "analytics", "production", "account")


def _warnings(warnings: tuple[str, ...]) -> str:
    """Saved, but unlikely: a line each under the saved line (the CLI prints them on stderr)."""
    return "".join(f"\nWarning: {w}" for w in warnings)


class TimeForm(FormScreen):
    """``amtui time REF HOURS --date … --team … --person … --rate … --cost-rate … --note …``."""

    def __init__(self, ref: str) -> None:
        super().__init__()
        self.ref = ref
        self.TITLE_TEXT = f"Log time on {ref}"

    def fields(self) -> list[FormField]:
        return [
            FormField("Hours", HoursInput(id="hours", required=True)),
            FormField("When", DateInput(value="today", id="on", today=lambda: self.am.today, required=True)),
            FormField("Team (optional)", ChoiceInput(TEAMS, id="team", what="team")),
            FormField("Who (optional)", TextInput(id="person")),
            FormField("Rate (optional: the project's)", MoneyInput(id="rate")),
            FormField(
                "Cost rate (optional: the config's for the person or team)", MoneyInput(id="cost_rate")
            ),
            FormField("Note", TextInput(id="note")),
            FormField("Billable? (yes / no)", ChoiceInput(("yes", "no"), value="yes", id="billable")),
        ]

    def command_text(self, values: dict[str, Any]) -> str:
        return f"tui: time {self.ref} {values['hours']}m --date {values['on']}"

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.core.dates import format_hours
        from amtui.core.money import format_money
        from amtui.services.money.actuals import log_time
        from amtui.services.money.budget_health import describe

        t = log_time(
            uow,
            self.ref,
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

    def __init__(self, ref: str) -> None:
        super().__init__()
        self.ref = ref
        self.TITLE_TEXT = f"Log a cost on {ref}"

    def fields(self) -> list[FormField]:
        return [
            FormField("Amount", MoneyInput(id="amount", required=True)),
            FormField("When", DateInput(value="today", id="on", today=lambda: self.am.today, required=True)),
            FormField("What (note)", TextInput(id="note")),
            FormField("Billable? (yes / no)", ChoiceInput(("yes", "no"), value="yes", id="billable")),
            FormField("Out of scope? (yes / no)", ChoiceInput(("yes", "no"), value="no", id="oos")),
        ]

    def command_text(self, values: dict[str, Any]) -> str:
        return f"tui: cost {self.ref} {values['amount']} --date {values['on']}"

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.core.money import format_money
        from amtui.services.money.actuals import log_cost
        from amtui.services.money.budget_health import describe

        c = log_cost(
            uow,
            self.ref,
            values["amount"],
            on=values["on"],
            note=values["note"],
            billable=values["billable"] != "no",
            out_of_scope=values["oos"] == "yes",
            today=self.am.today,
        )
        done = f"Logged {format_money(c.amount_cents, c.currency)} on {c.project}: {describe(c.health)}"
        return done + _warnings(c.warnings)
