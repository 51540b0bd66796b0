"""``amtui co edit CO-n --title … --amount … --hours … --days … --reason …`` on Change orders (``d``): a
draft or sent change order corrected in place (approved ones are locked: the service says so), saved with its
consequence for budget, burn and end date as the CLI prints it; refused when it changed since it opened."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from amtui.tui.screens.book_forms import arg
from amtui.tui.screens.forms import FormScreen
from amtui.tui.widgets.fields import FormField, HoursInput, MoneyInput, TextInput, WholeInput

if TYPE_CHECKING:
    from amtui.services.money.change_order_impact import ChangeOrderInfo
    from amtui.store import UnitOfWork


def _seen(c: ChangeOrderInfo) -> dict[str, str]:
    from amtui.core.money import cents_to_decimal_str
    from amtui.services.base.versions import seen

    return seen(
        status=c.status,
        title=c.title,
        amount=cents_to_decimal_str(c.amount_cents),
        hours=c.minutes,
        days=c.days,
        reason=c.reason,
    )


class ChangeOrderEditForm(FormScreen):
    """The change order as it is; only what changed is saved and recorded."""

    def __init__(self, info: ChangeOrderInfo) -> None:
        super().__init__()
        self.info = info
        self.subject = info.number
        self.opened = _seen(info)
        self.TITLE_TEXT = f"Edit {info.number} ({info.status}) on {info.project}"

    def fields(self) -> list[FormField]:
        from amtui.core.money import cents_to_decimal_str
        from amtui.tui.screens.actual_forms import typed_hours

        c = self.info
        return [
            FormField("Title", TextInput(value=c.title, id="title", required=True, what="title")),
            FormField(
                "Fee change (negative: less)",
                MoneyInput(value=cents_to_decimal_str(c.amount_cents), id="amount", allow_negative=True),
            ),
            FormField(
                "Hours (empty: unchanged)",
                HoursInput(value=typed_hours(c.minutes) if c.minutes else "", id="hours"),
            ),
            FormField(
                "Timeline shift in days (empty: unchanged)",
                WholeInput(value=str(c.days or ""), id="days", unit="days", example="5 or -2"),
            ),
            FormField("Reason", TextInput(value=c.reason or "", id="reason")),
        ]

    def changed(self, values: dict[str, Any]) -> dict[str, Any]:
        c, out = self.info, {}
        if values["title"] != c.title:
            out["title"] = values["title"]
        if values["amount"] is not None and values["amount"] != c.amount_cents:
            out["amount"] = values["amount"]
        if values["hours"] is not None and values["hours"] != c.minutes:
            out["hours"] = values["hours"]
        if values["days"] is not None and values["days"] != c.days:
            out["days"] = values["days"]
        if (values["reason"] or None) != c.reason:
            out["reason"] = values["reason"] or ""
        return out

    def command_text(self, values: dict[str, Any]) -> str:
        from amtui.core.money import cents_to_decimal_str

        typed = {f.input.id: f.input.value.strip() for f in self.query(FormField)}
        line = f"tui: co edit {self.info.number}"
        for key, value in self.changed(values).items():
            if key == "amount":
                text = cents_to_decimal_str(value)
            elif key == "hours":
                text = arg(typed.get("hours", ""))
            elif key == "days":
                text = str(value)
            else:
                text = arg(value)
            line += f" --{key} {text}"
        return line

    def current(self, uow: UnitOfWork) -> dict[str, str]:
        from amtui.services.money.change_orders import show

        return _seen(show(uow.session, self.info.number).change_order)

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.services.money import change_orders
        from amtui.tui.screens.co_forms import answer

        c = self.changed(values)
        if not c:
            return f"Nothing changed on {self.info.number}"
        v = change_orders.edit(
            uow,
            self.info.number,
            title=c.get("title"),
            amount_cents=c.get("amount"),
            minutes=c.get("hours"),
            days=c.get("days"),
            reason=c.get("reason"),
        )
        return answer(v, f"{self.info.number} updated")
