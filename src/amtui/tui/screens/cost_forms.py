"""A project's costs on the Budget screen (``C``): the list, the form that corrects one (``amtui cost edit``)
and its delete (``amtui cost delete``, after a question), each recorded as that one-liner.

The edit form refuses when the cost changed since the list was read (:mod:`amtui.services.base.versions`).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from amtui.tui.screens.book_forms import arg
from amtui.tui.screens.forms import FormScreen
from amtui.tui.widgets.fields import ChoiceInput, DateInput, FormField, MoneyInput, TextInput

if TYPE_CHECKING:
    from textual.app import App

    from amtui.services.money.timesheet import CostRow
    from amtui.store import UnitOfWork

#: From when a project's costs are listed (all of them).
SINCE = date(1970, 1, 1)


def _line(c: CostRow) -> str:
    from amtui.core.money import format_money

    flags = ("billable" if c.billable else "non-billable") + (" · out of scope" if c.out_of_scope else "")
    return f"#{c.id} · {c.entry_date.isoformat()} · {format_money(c.amount_cents, c.currency)} · {flags}" + (
        f" · {c.note}" if c.note else ""
    )


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _seen(c: CostRow | None) -> dict[str, str]:
    from amtui.core.money import cents_to_decimal_str
    from amtui.services.base.versions import seen

    if c is None:
        return seen(amount=None)
    return seen(
        amount=cents_to_decimal_str(c.amount_cents),
        date=c.entry_date,
        note=c.note,
        billable=_yes(c.billable),
        in_scope=_yes(not c.out_of_scope),
    )


def cost_now(db: Any, c: CostRow) -> CostRow | None:
    """The cost as it is now (None: deleted, or moved off its date: either way, changed)."""
    from amtui.services.money.timesheet import cost_sheet

    now = cost_sheet(db, c.project, c.entry_date, c.entry_date).entries
    return next((e for e in now if e.id == c.id), None)


class ProjectCosts(ModalScreen[tuple[str, "CostRow"] | None]):
    """One project's costs: Enter edits the highlighted one, ``x`` deletes it (after a question)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="costs.close"),
        Binding("x,delete", "delete", "Delete", id="costs.delete"),
    ]

    def __init__(self, project: str, costs: list[CostRow]) -> None:
        super().__init__(classes="brief-modal")
        self.project, self.costs = project, costs

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Costs of {self.project} ({len(self.costs)})", classes="question")
            yield OptionList(*(Option(_line(c), id=str(c.id)) for c in self.costs), id="costs")
            yield Static("Enter edits · x deletes · Esc closes", classes="muted")

    def on_mount(self) -> None:
        ol = self.query_one("#costs", OptionList)
        ol.highlighted = 0 if self.costs else None
        ol.focus()

    @on(OptionList.OptionSelected, "#costs")
    def _edit(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(("edit", self.costs[event.option_index]))

    def action_delete(self) -> None:
        i = self.query_one("#costs", OptionList).highlighted
        if i is not None and i < len(self.costs):
            self.dismiss(("delete", self.costs[i]))

    def action_close(self) -> None:
        self.dismiss(None)


class EditCostForm(FormScreen):
    """``amtui cost edit ID --amount … --date … --note … --billable/--non-billable``, ``--in-scope`` /
    ``--out-of-scope``; only what changed is saved and recorded."""

    def __init__(self, cost: CostRow) -> None:
        super().__init__()
        self.cost = cost
        self.subject = f"cost #{cost.id}"
        self.opened = _seen(cost)
        self.TITLE_TEXT = f"Edit cost #{cost.id} on {cost.project}"

    def fields(self) -> list[FormField]:
        from amtui.core.money import cents_to_decimal_str

        c, today = self.cost, lambda: self.am.today
        return [
            FormField(
                "Amount",
                MoneyInput(
                    value=cents_to_decimal_str(c.amount_cents), id="amount", required=True, allow_zero=False
                ),
            ),
            FormField(
                "When", DateInput(value=c.entry_date.isoformat(), id="date", today=today, required=True)
            ),
            FormField("What it was (empty: nothing)", TextInput(value=c.note or "", id="note")),
            FormField(
                "Billable? (yes / no)", ChoiceInput(("yes", "no"), value=_yes(c.billable), id="billable")
            ),
            FormField(
                "In scope? (yes / no)",
                ChoiceInput(("yes", "no"), value=_yes(not c.out_of_scope), id="in_scope"),
            ),
        ]

    def changed(self, values: dict[str, Any]) -> dict[str, Any]:
        c, out = self.cost, {}
        if values["amount"] != c.amount_cents:
            out["amount"] = values["amount"]
        if values["date"] != c.entry_date:
            out["date"] = values["date"]
        if (values["note"] or None) != c.note:
            out["note"] = values["note"] or ""
        if values["billable"] and values["billable"] != _yes(c.billable):
            out["billable"] = values["billable"] == "yes"
        if values["in_scope"] and values["in_scope"] != _yes(not c.out_of_scope):
            out["in_scope"] = values["in_scope"] == "yes"
        return out

    def command_text(self, values: dict[str, Any]) -> str:
        from amtui.core.money import cents_to_decimal_str

        line = f"tui: cost edit {self.cost.id}"
        for key, value in self.changed(values).items():
            if key == "amount":
                line += f" --amount {cents_to_decimal_str(value)}"
            elif key == "date":
                line += f" --date {value.isoformat()}"
            elif key == "note":
                line += f" --note {arg(value)}"
            elif key == "billable":
                line += " --billable" if value else " --non-billable"
            else:
                line += " --in-scope" if value else " --out-of-scope"
        return line

    def current(self, uow: UnitOfWork) -> dict[str, str]:
        return _seen(cost_now(uow.session, self.cost))

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.services.money.budget_health import describe
        from amtui.services.money.entry_edits import edit_cost

        c = self.changed(values)
        if not c:
            return f"Nothing changed on cost #{self.cost.id}"
        done = edit_cost(
            uow,
            self.cost.id,
            amount_cents=c.get("amount"),
            on=c.get("date"),
            note=c.get("note"),
            billable=c.get("billable"),
            out_of_scope=None if "in_scope" not in c else not c["in_scope"],
            today=self.am.today,
        )
        return f"Edited cost #{self.cost.id}: {'; '.join(done.changes)} · {describe(done.health)}"


def open_costs(app: App[Any], ref: str) -> None:
    """The project's costs (read in a thread); the one chosen is edited, or deleted after a question."""
    from amtui.core.errors import InputError
    from amtui.services.money.timesheet import cost_sheet
    from amtui.tui.screens.form_open import open_after_read

    am: Any = app

    def read(session: Any) -> list[CostRow]:
        costs = cost_sheet(session, ref, SINCE, am.today).entries
        if not costs:
            raise InputError(f"no costs logged on {ref}: g on Budget logs one")
        return costs

    def chosen(choice: tuple[str, CostRow] | None) -> None:
        if choice is None:
            return
        what, cost = choice
        if what == "edit":
            app.push_screen(EditCostForm(cost))
        else:
            _delete(app, cost)

    open_after_read(app, read, lambda costs: ProjectCosts(ref, costs), chosen)


def _delete(app: App[Any], cost: CostRow) -> None:
    """``amtui cost delete ID`` after a question; refused when the cost changed since it was listed."""
    from amtui.tui.screens.form_open import write_after_confirm

    am: Any = app

    def delete(uow: UnitOfWork) -> str:
        from amtui.core.money import format_money
        from amtui.services.base.versions import check_unchanged
        from amtui.services.money.budget_health import describe
        from amtui.services.money.entry_edits import delete_cost

        check_unchanged(f"cost #{cost.id}", _seen(cost), _seen(cost_now(uow.session, cost)))
        done = delete_cost(uow, cost.id, today=am.today)
        e = done.entry
        amount = format_money(e.amount_cents, e.currency)
        return f"Deleted cost #{e.id} ({amount} on {e.project}) · {describe(done.health)}"

    write_after_confirm(
        app,
        f"Delete {_line(cost)}?",
        "amtui undo puts it back.",
        "Delete",
        f"tui: cost delete {cost.id}",
        delete,
    )
