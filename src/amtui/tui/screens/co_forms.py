"""Change-order forms: draft one (with its impact previewed before saving), send, decide, void, export."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from textual import on, work

from amtui.services.money.rules import CO_TYPES
from amtui.tui.messages import ProjectBaseRead, fresh
from amtui.tui.screens.forms import FormScreen
from amtui.tui.widgets.fields import (
    ChoiceInput,
    DateInput,
    FormField,
    HoursInput,
    MoneyInput,
    TextInput,
    WholeInput,
)

if TYPE_CHECKING:
    from amtui.services.money.change_order_impact import ChangeOrderInfo, ChangeOrderView
    from amtui.store import UnitOfWork


def answer(v: ChangeOrderView, head: str) -> str:
    """One line, as the CLI answers: what changed and its consequence for budget, burn and end date."""
    from amtui.core.money import format_money

    i = v.impact

    def burn(b: float | None) -> str:
        return "—" if b is None else f"{round(b * 100)}%"

    text = (
        f"{head}: budget {format_money(i.budget_with_cents, i.currency, whole=True)} "
        f"({format_money(i.delta_cents, i.currency, signed=True)}) · burn {burn(i.burn_without)} → "
        f"{burn(i.burn_with)}"
    )
    if i.days and i.end_without and i.end_with:
        text += f" · end {i.end_without.isoformat()} → {i.end_with.isoformat()}"
    if v.shift is not None:
        text += f" · {v.shift.what} {v.shift.before.isoformat()} → {v.shift.after.isoformat()}"
    return text


@dataclass(frozen=True)
class ProjectBase:
    """What the preview needs about the project, read once when the form opens."""

    ref: str
    currency: str
    current_budget_cents: int
    actual_cents: int
    end_on: date | None
    end_if_approved: Callable[[int], date] | None = None  # the end moved by so many working days


def impact_preview(base: ProjectBase, amount: int | None, kind: str | None, days: int | None) -> str | None:
    """``If approved: budget $52,500 (+$4,500) · burn 91% → 80% · end 2027-01-10 → 2027-01-15``."""
    from amtui.core.money import format_money

    if amount is None:
        return None
    delta = -amount if kind == "remove" else amount
    after = base.current_budget_cents + delta

    def burn(budget: int) -> str:
        return "—" if budget <= 0 else f"{round(base.actual_cents * 100 / budget)}%"

    parts = [
        f"budget {format_money(after, base.currency, whole=True)} "
        f"({format_money(delta, base.currency, signed=True)})",
        f"burn {burn(base.current_budget_cents)} → {burn(after)}",
    ]
    if days:
        if base.end_on:
            end = base.end_if_approved(days) if base.end_if_approved else base.end_on + timedelta(days=days)
            parts.append(f"end {base.end_on.isoformat()} → {end.isoformat()}")
        else:
            parts.append(f"timeline {days:+d} days")
    return "If approved: " + " · ".join(parts)


class DraftChangeOrderForm(FormScreen):
    """``amtui add-change-order REF TITLE --amount … --hours … --days … --reason … --type …``."""

    def __init__(self, ref: str = "") -> None:
        super().__init__()
        self.ref = ref
        self.base: ProjectBase | None = None
        self.TITLE_TEXT = "Draft a change order" + (f" on {ref}" if ref else "")

    def fields(self) -> list[FormField]:
        return [
            FormField("Project (account/project)", TextInput(value=self.ref, id="project", required=True)),
            FormField("Title", TextInput(id="title", required=True, what="title")),
            FormField("Amount", MoneyInput(id="amount", required=True)),
            FormField("Type", ChoiceInput(CO_TYPES, value="add", id="kind", required=True, what="type")),
            FormField("Hours (optional)", HoursInput(id="hours")),
            FormField(
                "Timeline shift in days (optional)", WholeInput(id="days", unit="days", example="5 or -2")
            ),
            FormField("Reason", TextInput(id="reason")),
            FormField("Requested by", TextInput(id="requested_by")),
        ]

    def on_mount(self) -> None:
        if self.ref:
            self._read_base(self.ref)
            self.query_one("#title").focus()

    @work(thread=True, exclusive=True, group="base", exit_on_error=False)
    def _read_base(self, ref: str) -> None:
        from amtui.services.money.budget import project_health
        from amtui.services.timeline.workdays import calendar_for

        with self.am.store.read() as session:
            h = project_health(session, ref, as_of=self.am.today)
            cal = calendar_for(session)
        end_on = h.end_on
        moved = (lambda days: cal.add_working_days(end_on, days)) if end_on else None
        base = ProjectBase(h.project, h.currency, h.current_budget_cents, h.actual_cents, h.end_on, moved)
        self.post_message(ProjectBaseRead(base))

    @on(ProjectBaseRead)
    @fresh
    def _base_read(self, message: ProjectBaseRead) -> None:
        self.base = message.base
        self._update_preview()

    def preview(self, values: dict[str, Any]) -> str | None:
        if self.base is None or (values.get("project") or "").lower() != self.base.ref:
            return None
        return impact_preview(self.base, values.get("amount"), values.get("kind"), values.get("days"))

    def command_text(self, values: dict[str, Any]) -> str:
        from amtui.core.money import cents_to_decimal_str

        # The one-liner a user would type: dollars, not cents.
        amount = cents_to_decimal_str(values["amount"])
        return f"tui: add-change-order {values['project']} {values['title']!r} --amount {amount}"

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.services.money.change_orders import add_change_order

        v = add_change_order(
            uow,
            values["project"],
            values["title"],
            amount_cents=values["amount"],
            minutes=values["hours"],
            days=values["days"],
            reason=values["reason"],
            requested_by=values["requested_by"],
            kind=values["kind"],
        )
        return answer(v, f"{v.change_order.number} drafted")


class ChangeOrderActionForm(FormScreen):
    """Send, approve, reject or void one change order (the ``amtui co …`` services); illegal moves are
    refused by the service and explained on the form."""

    LABELS = {"send": "Send", "approve": "Approve", "reject": "Reject", "void": "Void"}

    def __init__(self, number: str, action: str, info: ChangeOrderInfo | None = None) -> None:
        super().__init__()
        self.number = number
        self.action = action
        self.TITLE_TEXT = f"{self.LABELS[action]} {number}"
        if info is not None:  # opened on a row the user sees: refuse if it changed meanwhile
            self.subject = number
            self.opened = _co_seen(info)

    def current(self, uow: UnitOfWork) -> dict[str, str]:
        from amtui.services.money.change_orders import show

        return _co_seen(show(uow.session, self.number).change_order)

    def fields(self) -> list[FormField]:
        today = lambda: self.am.today  # noqa: E731
        when = FormField("On", DateInput(value="today", id="on", today=today, required=True))
        if self.action == "send":
            return [FormField("To (optional: the primary contact)", TextInput(id="who")), when]
        if self.action == "void":
            return [FormField("Reason", TextInput(id="who")), when]
        return [FormField("Decided by (client name)", TextInput(id="who")), when]

    def command_text(self, values: dict[str, Any]) -> str:
        return f"tui: co {self.action} {self.number}"

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.services.money import change_orders as co

        who, on = values["who"], values["on"]
        if self.action == "send":
            v = co.send(uow, self.number, on=on, to=who)
            to = v.change_order.sent_to
            return answer(v, f"{self.number} sent" + (f" to {to}" if to else ""))
        if self.action == "approve":
            return answer(co.approve(uow, self.number, by=who, on=on), f"{self.number} approved")
        if self.action == "reject":
            co.reject(uow, self.number, by=who, on=on)
            return f"{self.number} rejected: the budget is unchanged"
        co.void(uow, self.number, on=on, reason=who)
        return f"{self.number} voided"


def _co_seen(c: ChangeOrderInfo) -> dict[str, str]:
    from amtui.core.money import cents_to_decimal_str
    from amtui.services.base.versions import seen

    return seen(status=c.status, title=c.title, amount=cents_to_decimal_str(c.amount_cents))


class ExportChangeOrderForm(FormScreen):
    """``amtui co export CO-N --out FILE``: the client document, as Markdown (0600)."""

    def __init__(self, number: str) -> None:
        super().__init__()
        self.number = number
        self.TITLE_TEXT = f"Export {number} for the client (Markdown)"

    def fields(self) -> list[FormField]:
        return [
            FormField("File", TextInput(value=f"{self.number}.md", id="path", required=True, what="file"))
        ]

    def perform(self, values: dict[str, Any]) -> str:
        # Reads only: no unit of work, no audit batch.
        from amtui.core.config import settings
        from amtui.exporters.change_order_md import render, write_private
        from amtui.services.money import change_orders

        with self.am.store.read() as session:
            v = change_orders.show(session, self.number)
        agency = settings().raw.get("agency") or {}
        name = str(agency.get("name") or "") if isinstance(agency, dict) else ""
        path = write_private(values["path"], render(v, agency=name or None, on=self.am.today))
        return f"Wrote {self.number} to {path}"
