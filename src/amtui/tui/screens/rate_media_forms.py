"""Two setting forms: a team's rates on the rate card (``amtui rate set``, on Estimates: ``$``) and a month of
a project's media plan (``amtui media plan REF --month --amount``, on Performance: ``M``). Each parses as the
one-liner does, saves through its service and records that one-liner (dollars, not cents)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from amtui.tui.screens.actual_forms import TEAMS
from amtui.tui.screens.book_forms import arg
from amtui.tui.screens.forms import FormScreen
from amtui.tui.widgets.fields import ChoiceInput, DateInput, FormField, MoneyInput, TextInput

if TYPE_CHECKING:
    from amtui.store import UnitOfWork


def _money(cents: int, currency: str = "USD") -> str:
    from amtui.core.money import format_money

    return format_money(cents, currency)


class RateForm(FormScreen):
    """``amtui rate set TEAM --bill … --cost … --from … [--project REF]``: an earlier rate stays valid until
    then."""

    TITLE_TEXT = "Set a team's rates (the rate card)"

    def fields(self) -> list[FormField]:
        today = lambda: self.am.today  # noqa: E731
        return [
            FormField("Team", ChoiceInput(TEAMS, id="team", required=True, what="team")),
            FormField("Bills the client per hour", MoneyInput(id="bill", required=True, allow_zero=False)),
            FormField("Costs the agency per hour", MoneyInput(id="cost", required=True)),
            FormField("Valid from", DateInput(value="today", id="from", today=today, required=True)),
            FormField("Only for this project (optional: account/project)", TextInput(id="project")),
        ]

    def preview(self, values: dict[str, Any]) -> str | None:
        bill, cost = values.get("bill"), values.get("cost")
        if not bill or cost is None:
            return None
        return f"Margin {round((bill - cost) * 100 / bill)}% on each hour billed"

    def command_text(self, values: dict[str, Any]) -> str:
        from amtui.core.money import cents_to_decimal_str

        line = (
            f"tui: rate set {values['team']} --bill {cents_to_decimal_str(values['bill'])}"
            f" --cost {cents_to_decimal_str(values['cost'])} --from {values['from']}"
        )
        return line + (f" --project {arg(values['project'])}" if values["project"] else "")

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.services.estimates import rates

        r, replaced = rates.set_rate(
            uow,
            values["team"],
            bill_cents=values["bill"],
            cost_cents=values["cost"],
            valid_from=values["from"],
            project=values["project"],
        )
        where = f" for {r.project}" if r.project else ""
        return (
            f"Rate {'replaced' if replaced else 'set'}: {r.team}{where} from {values['from']}: bill "
            f"{_money(r.bill_cents)}/h, cost {_money(r.cost_cents)}/h"
        )


class MediaPlanForm(FormScreen):
    """``amtui media plan REF --month YYYY-MM --amount …`` (0 removes that month)."""

    def __init__(self, project: str = "") -> None:
        super().__init__()
        self.project = project
        self.TITLE_TEXT = f"Media plan of {project}" if project else "Media plan of a project"

    def fields(self) -> list[FormField]:
        month = f"{self.am.today:%Y-%m}"
        return [
            FormField(
                "Project (account/project)", TextInput(value=self.project, id="project", required=True)
            ),
            FormField("Month (YYYY-MM)", TextInput(value=month, id="month", required=True, what="month")),
            FormField("Media budget that month (0 removes it)", MoneyInput(id="amount", required=True)),
        ]

    def command_text(self, values: dict[str, Any]) -> str:
        from amtui.core.money import cents_to_decimal_str

        return (
            f"tui: media plan {values['project']} --month {values['month']}"
            f" --amount {cents_to_decimal_str(values['amount'])}"
        )

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.services.growth import metrics

        info = metrics.set_media_plan(uow, values["project"], values["month"], values["amount"])
        what = _money(info.amount_cents, info.currency) if info.amount_cents else "removed"
        return (
            f"Media plan for {info.project} {info.month}: {what} ({info.months} month(s) planned, "
            f"{_money(info.total_cents, info.currency)} in all)"
        )
