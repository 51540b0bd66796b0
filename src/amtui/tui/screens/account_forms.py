"""Forms on an account: log an interaction, add a contact, add a project (the CLI's services, in a modal)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from amtui.services.money.terms import BILL_TIMINGS, CO_BILLINGS, FEE_SCHEDULES, SCHEDULES_WITH_LINES
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
    from amtui.store import UnitOfWork

INTERACTION_KINDS = ("call", "meeting", "email", "presentation", "qbr", "note")
BILLING_TYPES = ("fixed", "tm", "retainer")
# The fee schedules the form offers. Those billed by lines are set on the command line (`amtui project edit
# REF --schedule … --lines …`): a new project has no milestones yet, and a line editor would crowd the form.
FORM_SCHEDULES = tuple(s for s in FEE_SCHEDULES if s not in SCHEDULES_WITH_LINES)


def account_field(account: str) -> list[FormField]:
    """Asked only when the form was opened from nowhere in particular (the command palette, Today)."""
    if account:
        return []
    return [FormField("Account (its short reference, e.g. helios)", TextInput(id="account", required=True))]


class InteractionForm(FormScreen):
    """``amtui log ACCOUNT "summary" --kind call --date … --contact …`` as a form."""

    TITLE_TEXT = "Log an interaction"

    def __init__(self, account: str = "", *, kind: str = "call", contact: str = "") -> None:
        super().__init__()
        self.account = account
        self.kind = kind
        self.contact = contact
        self.TITLE_TEXT = f"Log an interaction with {account}" if account else "Log an interaction"

    def fields(self) -> list[FormField]:
        return [
            *account_field(self.account),
            FormField("What happened", TextInput(id="summary", required=True, what="summary")),
            FormField(
                "Kind", ChoiceInput(INTERACTION_KINDS, value=self.kind, id="kind", required=True, what="kind")
            ),
            FormField("When", DateInput(value="today", id="on", today=lambda: self.am.today, required=True)),
            FormField("With (contact name, optional)", TextInput(value=self.contact, id="contact")),
            FormField("Next (the follow-up it leads to, optional)", TextInput(id="next")),
            FormField("Due (with Next: thu, +3d …)", DateInput(id="due", today=lambda: self.am.today)),
        ]

    def command_text(self, values: dict[str, Any]) -> str:
        said = f"tui: log {self._account(values)} {values['summary']!r} --kind {values['kind']}"
        if values.get("next"):
            said += f" --next {values['next']!r} --due {values['due']}"
        return said

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.services.clients.accounts import log_interaction_and_next

        logged = log_interaction_and_next(
            uow,
            self._account(values),
            values["summary"],
            kind=values["kind"],
            on=values["on"],
            contact=values["contact"],
            next_step=values.get("next") or None,
            due_on=values.get("due"),
            today=self.am.today,
        )
        it, fu = logged.interaction, logged.follow_up
        said = f"Logged {it.kind} with {self._account(values)} on {it.occurred_on.isoformat()}"
        return said + (f" · next {fu.ref} {fu.title}, due {fu.due_on.isoformat()}" if fu else "")


class ContactForm(FormScreen):
    """``amtui contact add ACCOUNT NAME --role … --email … --primary`` as a form."""

    def __init__(self, account: str = "") -> None:
        super().__init__()
        self.account = account
        self.TITLE_TEXT = f"Add a contact at {account}" if account else "Add a contact"

    def fields(self) -> list[FormField]:
        return [
            *account_field(self.account),
            FormField("Name", TextInput(id="name", required=True, what="contact name")),
            FormField("Role", TextInput(id="role")),
            FormField("Email", TextInput(id="email")),
            FormField("Phone", TextInput(id="phone")),
            FormField("Primary contact? (yes / no)", ChoiceInput(("yes", "no"), value="no", id="primary")),
            FormField("Joined on (optional)", DateInput(id="joined", today=lambda: self.am.today)),
        ]

    def command_text(self, values: dict[str, Any]) -> str:
        return f"tui: contact add {self._account(values)} {values['name']!r}"

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.services.clients.accounts import add_contact

        c = add_contact(
            uow,
            self._account(values),
            values["name"],
            role=values["role"],
            email=values["email"],
            phone=values["phone"],
            primary=values["primary"] == "yes",
            joined_on=values["joined"],
            today=self.am.today,
        )
        return f"Added {c.name} at {self._account(values)}" + (" as the primary contact" if c.primary else "")


class ProjectForm(FormScreen):
    """``amtui project add ACCOUNT/SLUG NAME --budget … --hours … --billing … --start … --end …`` and the
    simple billing terms (``--timing``, ``--schedule progress|deposit``, ``--deposit``, ``--co-billing``);
    terms that do not fit the billing type are refused by the service, on the form, with nothing lost."""

    def __init__(self, account: str = "") -> None:
        super().__init__()
        self.account = account
        self.TITLE_TEXT = f"Add a project for {account}" if account else "Add a project"

    def fields(self) -> list[FormField]:
        today = lambda: self.am.today  # noqa: E731
        return [
            *account_field(self.account),
            FormField("Name", TextInput(id="name", required=True, what="project name")),
            FormField("Slug (optional: from the name)", TextInput(id="slug")),
            FormField("Budget", MoneyInput(id="budget", required=True)),
            FormField("Estimated hours (optional)", HoursInput(id="hours")),
            FormField("Billing", ChoiceInput(BILLING_TYPES, value="fixed", id="billing", required=True)),
            FormField("Hourly rate (optional)", MoneyInput(id="rate")),
            FormField("Starts", DateInput(id="start", today=today)),
            FormField("Ends", DateInput(id="end", today=today)),
            FormField(
                "Retainer billed each month in (optional: advance)",
                ChoiceInput(BILL_TIMINGS, id="timing", what="billing timing"),
            ),
            FormField(
                "Fixed fee billed by (optional: progress; instalments and milestones: amtui project edit)",
                ChoiceInput(FORM_SCHEDULES, id="schedule", what="fee schedule"),
            ),
            FormField("Deposit (with a deposit schedule)", PercentInput(id="deposit", what="a deposit")),
            FormField(
                "Change orders bill (optional: with the fee; retainers: on-approval)",
                ChoiceInput(CO_BILLINGS, id="co_billing", what="change-order billing"),
            ),
        ]

    def preview(self, values: dict[str, Any]) -> str | None:
        from amtui.core.money import format_money
        from amtui.services.money.terms import StoredTerms, describe, terms_of

        if values.get("budget") is None:
            return None
        span = ""
        if values.get("start") and values.get("end"):
            span = f", {(values['end'] - values['start']).days} days"
        terms = StoredTerms(
            values.get("billing") or "fixed",
            values.get("timing"),
            values.get("schedule"),
            values.get("deposit"),
            values.get("co_billing"),
        )
        return f"Budget {format_money(values['budget'])}{span} · {describe(terms_of(terms))}"

    def command_text(self, values: dict[str, Any]) -> str:
        from amtui.core.money import cents_to_decimal_str

        line = f"tui: project add {self._ref(values)} {values['name']!r}"
        line += f" --budget {cents_to_decimal_str(values['budget'])} --billing {values['billing']}"
        return line

    def _ref(self, values: dict[str, Any]) -> str:
        account = self._account(values)
        return f"{account}/{values['slug']}" if values["slug"] else account

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.core.money import format_money
        from amtui.services.clients.projects import add_project

        ref = self._ref(values)
        p = add_project(
            uow,
            ref,
            values["name"],
            budget_cents=values["budget"],
            budget_minutes=values["hours"],
            billing=values["billing"],
            start_on=values["start"],
            end_on=values["end"],
            rate_cents=values["rate"],
            bill_timing=values["timing"],
            fee_schedule=values["schedule"],
            deposit_bp=values["deposit"],
            co_billing=values["co_billing"],
        )
        return f"Project {p.ref} added: budget {format_money(p.budget_cents, p.currency)}"
