"""Forms that start the book and bill it: add an account, raise an invoice, send / pay / credit / void one.

Each parses as its one-liner does (the same parse functions, then the same service) and records in the
history the one-liner a user would have typed, amounts in dollars.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.widgets import Static

from amtui.tui.screens.forms import FormScreen
from amtui.tui.widgets.fields import ChoiceInput, DateInput, FormField, MoneyInput, TextInput

if TYPE_CHECKING:
    from amtui.services.money.invoices import InvoiceInfo
    from amtui.store import UnitOfWork

#: ``amtui account add --contract`` (the store's set, spelled once there: checked by a test).
CONTRACTS = ("retainer", "project", "aor")


def arg(text: str) -> str:
    """A value as it would be typed in a shell: quoted only when it has to be."""
    import shlex

    return shlex.quote(text)


class AccountForm(FormScreen):
    """``amtui account add NAME --slug … --industry … --contract … --renewal … --currency …``."""

    TITLE_TEXT = "Add an account (a client)"

    def fields(self) -> list[FormField]:
        return [
            FormField("Client name", TextInput(id="name", required=True, what="account name")),
            FormField("Short reference (optional: from the name)", TextInput(id="slug")),
            FormField("Industry (optional)", TextInput(id="industry")),
            FormField("Contract", ChoiceInput(CONTRACTS, value="project", id="contract", required=True)),
            FormField("Renewal date (optional)", DateInput(id="renewal", today=lambda: self.am.today)),
            FormField("Currency", TextInput(value="USD", id="currency", required=True, what="currency")),
        ]

    def command_text(self, values: dict[str, Any]) -> str:
        line = f"tui: account add {arg(values['name'])} --contract {values['contract']}"
        if values["slug"]:
            line += f" --slug {arg(values['slug'])}"
        return line

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.services.clients.accounts import add_account

        a = add_account(
            uow,
            values["name"],
            slug=values["slug"],
            industry=values["industry"],
            contract=values["contract"],
            renewal_on=values["renewal"],
            currency=values["currency"],
        )
        return f"Account {a.slug} added: next, add a contact and a project (a, then Enter on it)"


class InvoiceForm(FormScreen):
    """``amtui invoice add REF AMOUNT --number … --date … --due … --for-month … --change-order … --through …
    --note …``: a draft invoice (sending it is its own step)."""

    def __init__(self, ref: str = "") -> None:
        super().__init__()
        self.ref = ref
        self.TITLE_TEXT = "Raise an invoice" + (f" on {ref}" if ref else "")

    def fields(self) -> list[FormField]:
        today = lambda: self.am.today  # noqa: E731
        return [
            FormField("Project (account/project)", TextInput(value=self.ref, id="project", required=True)),
            FormField("Amount", MoneyInput(id="amount", required=True, allow_zero=False)),
            FormField("Invoice date", DateInput(value="today", id="on", today=today, required=True)),
            FormField("Due (optional: 30 days after)", DateInput(id="due", today=today)),
            FormField("Bills the month (optional, YYYY-MM)", TextInput(id="for_month")),
            FormField("Bills the change order (optional, CO-n)", TextInput(id="change_order")),
            FormField("Bills the work through (optional date)", DateInput(id="through", today=today)),
            FormField("Number (optional: INV-YYYY-NNNN)", TextInput(id="number")),
            FormField("Note (optional)", TextInput(id="note")),
        ]

    def command_text(self, values: dict[str, Any]) -> str:
        from amtui.core.money import cents_to_decimal_str

        line = f"tui: invoice add {values['project']} {cents_to_decimal_str(values['amount'])}"
        for key, option in (("for_month", "--for-month"), ("change_order", "--change-order")):
            if values[key]:
                line += f" {option} {arg(values[key])}"
        if values["through"]:
            line += f" --through {values['through']}"
        return line

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.core.money import format_money
        from amtui.services.money.invoices import add_invoice

        inv = add_invoice(
            uow,
            values["project"],
            values["amount"],
            number=values["number"],
            issued_on=values["on"],
            due_on=values["due"],
            for_month=values["for_month"],
            change_order=values["change_order"],
            note=values["note"],
            billed_through=values["through"],
        )
        return (
            f"{inv.number} drafted: {format_money(inv.amount_cents, inv.currency)} on {inv.project},"
            f" due {inv.due_on} (send it from the Invoices screen: I, then s)"
        )


class InvoiceActionForm(FormScreen):
    """Send, pay, credit or void one invoice (``amtui invoice send|pay|credit|void``)."""

    LABELS = {"send": "Send", "pay": "Record a payment on", "credit": "Credit", "void": "Void"}

    def __init__(self, number: str, action: str, info: InvoiceInfo | None = None) -> None:
        super().__init__()
        self.number, self.action = number, action
        self.TITLE_TEXT = f"{self.LABELS[action]} {number}"
        self.subject = number
        # Refuse the save if the invoice changed since the user saw it: on a row, as the row showed it;
        # opened from elsewhere (the palette), as it is read when the form opens (shown in the preview).
        if info is not None:
            self.opened = _invoice_seen(info)

    def on_mount(self) -> None:
        if self.opened is None:
            self._read_opened()
        self._show_opened()

    @work(thread=True, exclusive=True, group="opened", exit_on_error=False)
    def _read_opened(self) -> None:
        from amtui.services.money.invoices import invoice_info

        with self.am.store.read() as session:
            info = invoice_info(session, self.number, today=self.am.today)
        self.app.call_from_thread(self._opened_read, info)

    def _opened_read(self, info: InvoiceInfo) -> None:
        self.opened = _invoice_seen(info)
        self._show_opened()

    def _show_opened(self) -> None:
        self.query_one("#form-preview", Static).update(self.preview({}) or "")

    def preview(self, values: dict[str, Any]) -> str | None:
        """The invoice as the save will check it (read when the form opened)."""
        if self.opened is None:
            return f"Reading {self.number} …"
        return f"{self.number} now: " + " · ".join(f"{k} {v}" for k, v in self.opened.items())

    def perform(self, values: dict[str, Any]) -> str:
        if self.opened is None:  # saved before the invoice was read: nothing to check against yet
            from amtui.core.errors import StateError

            raise StateError(f"{self.number} is still being read; save again in a moment")
        return super().perform(values)

    def current(self, uow: UnitOfWork) -> dict[str, str]:
        from amtui.services.money.invoices import invoice_info

        return _invoice_seen(invoice_info(uow.session, self.number, today=self.am.today))

    def fields(self) -> list[FormField]:
        today = lambda: self.am.today  # noqa: E731
        when = FormField("On", DateInput(value="today", id="on", today=today, required=True))
        if self.action == "pay":
            received = MoneyInput(id="amount", allow_zero=False, placeholder="empty: the whole balance")
            return [FormField("Amount received (optional: the balance)", received), when]
        if self.action == "credit":
            return [
                FormField("Amount credited", MoneyInput(id="amount", required=True, allow_zero=False)),
                FormField("Reason", TextInput(id="reason")),
                when,
            ]
        if self.action == "void":
            return [FormField("Reason", TextInput(id="reason")), when]
        return [when]

    def command_text(self, values: dict[str, Any]) -> str:
        """The one-liner: ``invoice send N``, ``invoice paid N --amount X``, ``invoice credit N X --note R``,
        ``invoice void N --reason R`` (each ``--date D``)."""
        from amtui.core.money import cents_to_decimal_str

        amount = cents_to_decimal_str(values["amount"]) if values.get("amount") else ""
        line = f"tui: invoice {'paid' if self.action == 'pay' else self.action} {self.number}"
        if self.action == "pay" and amount:
            line += f" --amount {amount}"
        if self.action == "credit":
            line += f" {amount}" + (f" --note {arg(values['reason'])}" if values["reason"] else "")
        if self.action == "void" and values["reason"]:
            line += f" --reason {arg(values['reason'])}"
        return line + f" --date {values['on']}"

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.services.money import invoices

        on = values["on"]
        if self.action == "send":
            inv = invoices.send(uow, self.number, on=on)
            return f"{inv.number} sent, due {inv.due_on}"
        if self.action == "pay":
            st = invoices.record_payment(uow, self.number, amount_cents=values["amount"], on=on)
            return f"Recorded {_money(st.amount_cents, st.invoice.currency)} paid on {self.number}"
        if self.action == "credit":
            st = invoices.credit(uow, self.number, values["amount"], on=on, note=values["reason"])
            return f"Credit note {st.credit_note} for {_money(st.amount_cents, st.invoice.currency)}"
        invoices.void(uow, self.number, on=on, reason=values["reason"])
        return f"{self.number} voided"


def _invoice_seen(i: InvoiceInfo) -> dict[str, str]:
    from amtui.core.money import cents_to_decimal_str
    from amtui.services.base.versions import seen

    return seen(
        status=i.status,
        amount=cents_to_decimal_str(i.amount_cents),
        paid=cents_to_decimal_str(i.paid_cents),
        due=cents_to_decimal_str(i.balance_cents),
        due_date=i.due_on,
    )


def _money(cents: int, currency: str) -> str:
    from amtui.core.money import format_money

    return format_money(cents, currency)


class HarvestImportForm(FormScreen):
    """``amtui import time FILE [--create-missing]``: a Harvest detailed time export (CSV) into the book."""

    TITLE_TEXT = "Import a Harvest time export (CSV)"

    def fields(self) -> list[FormField]:
        return [
            FormField(
                "File (Harvest → Reports → Detailed time → Export CSV)",
                TextInput(id="file", required=True, what="file"),
            ),
            FormField(
                "Create the clients and projects it names that the book lacks? (yes / no)",
                ChoiceInput(("yes", "no"), value="yes", id="create", required=True),
            ),
        ]

    def command_text(self, values: dict[str, Any]) -> str:
        create = " --create-missing" if values["create"] == "yes" else ""
        return f"tui: import time {arg(values['file'])}{create}"

    def perform(self, values: dict[str, Any]) -> str:
        from pathlib import Path

        from amtui.core.dates import format_hours
        from amtui.core.errors import InputError
        from amtui.importers.harvest import read_harvest
        from amtui.services.money.time_import import import_time
        from amtui.store import unit_of_work

        file = Path(values["file"]).expanduser()
        if not file.is_file():
            raise InputError(f"no such file: {file}")
        parsed = read_harvest(file)
        with unit_of_work(self.am.store, self.command_text(values)) as uow:
            r = import_time(
                uow.session,
                parsed.rows,
                file=file.name,
                source="harvest",
                skipped_zero=parsed.skipped_zero,
                create_missing=values["create"] == "yes",
                uow=uow,
            )
        self.am.note_written(uow.batch_id)
        made = f" · created {', '.join(r.created_projects)}" if r.created_projects else ""
        return f"Imported {r.imported:,} time entries ({format_hours(r.minutes)}) from {r.file}{made}"
