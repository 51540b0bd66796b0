"""Escalation forms: add one (or a risk), update it (severity, owner, due, plan, a dated note), resolve it.

Each parses as ``amtui escalation add|edit|resolve`` does, through the same services, and records the
one-liner a user would have typed. The update form is an edit form: it refuses when the escalation changed
since it opened (:mod:`amtui.services.base.versions`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from amtui.tui.screens.book_forms import arg
from amtui.tui.screens.forms import FormScreen
from amtui.tui.widgets.fields import ChoiceInput, DateInput, FormField, TextInput

if TYPE_CHECKING:
    from amtui.services.clients.escalations import EscalationInfo
    from amtui.store import UnitOfWork


def _severities() -> tuple[str, ...]:
    from amtui.services.clients.escalations import SEVERITY_IMPACT

    return tuple(SEVERITY_IMPACT)


class EscalationForm(FormScreen):
    """``amtui escalation add ACCOUNT SUMMARY --severity … --owner … --due … --plan … [--risk --probability
    … --impact …]``."""

    TITLE_TEXT = "Record an escalation or a risk"

    def __init__(self, account: str = "") -> None:
        super().__init__()
        self.account = account

    def fields(self) -> list[FormField]:
        today = lambda: self.am.today  # noqa: E731
        return [
            FormField("Account", TextInput(value=self.account, id="account", required=True, what="account")),
            FormField("What the client raised", TextInput(id="summary", required=True, what="summary")),
            FormField(
                "Severity",
                ChoiceInput(_severities(), value="medium", id="severity", required=True, what="severity"),
            ),
            FormField("Owner (optional)", TextInput(id="owner")),
            FormField("Due (optional)", DateInput(id="due", today=today)),
            FormField("Plan (optional)", TextInput(id="plan")),
            FormField(
                "A risk that may happen, not an escalation? (yes / no)",
                ChoiceInput(("yes", "no"), value="no", id="risk", required=True),
            ),
            FormField("Probability 1–5 (risks; optional: 3)", TextInput(id="probability")),
            FormField("Impact 1–5 (optional: from the severity)", TextInput(id="impact")),
        ]

    def command_text(self, values: dict[str, Any]) -> str:
        line = f"tui: escalation add {values['account']} {arg(values['summary'])}"
        line += f" --severity {values['severity']}"
        for key in ("owner", "plan"):
            if values[key]:
                line += f" --{key} {arg(values[key])}"
        if values["due"]:
            line += f" --due {values['due']}"
        if values["risk"] == "yes":
            line += " --risk"
        for key in ("probability", "impact"):
            if values[key]:
                line += f" --{key} {values[key]}"
        return line

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.services.clients import escalations

        e = escalations.add_escalation(
            uow,
            values["account"],
            values["summary"],
            severity=values["severity"],
            owner=values["owner"],
            due_on=values["due"],
            plan=values["plan"],
            kind="risk" if values["risk"] == "yes" else "escalation",
            probability=escalations.parse_scale(values["probability"], "probability"),
            impact=escalations.parse_scale(values["impact"], "impact"),
            today=self.am.today,
        )
        return (
            f"{e.ref} opened for {e.account}: {e.severity} {e.kind} · owner {e.owner or 'unassigned'}"
            f" · risk score {e.score}/25"
        )


def _seen(e: EscalationInfo) -> dict[str, str]:
    from amtui.services.base.versions import seen

    return seen(severity=e.severity, owner=e.owner, due=e.due_on, plan=e.plan, status=e.status)


class EscalationUpdateForm(FormScreen):
    """``amtui escalation edit ESC-n --severity … --owner … --due … --plan … --note …``: the fields as they
    are, changed in place; only what changed is saved (and recorded)."""

    def __init__(self, e: EscalationInfo) -> None:
        super().__init__()
        self.esc = e
        self.subject = e.ref
        self.opened = _seen(e)
        self.TITLE_TEXT = f"Update {e.ref} ({e.account}): {e.summary}"

    def fields(self) -> list[FormField]:
        e, today = self.esc, lambda: self.am.today
        return [
            FormField(
                "Severity",
                ChoiceInput(_severities(), value=e.severity, id="severity", required=True, what="severity"),
            ),
            FormField("Owner (empty: nobody)", TextInput(value=e.owner or "", id="owner")),
            FormField(
                "Due", DateInput(value=e.due_on.isoformat() if e.due_on else "", id="due", today=today)
            ),
            FormField("Plan", TextInput(value=e.plan or "", id="plan")),
            FormField("A dated update, added under the plan (optional)", TextInput(id="note")),
        ]

    def current(self, uow: UnitOfWork) -> dict[str, str]:
        from amtui.services.clients.escalations import escalation_info

        return _seen(escalation_info(uow.session, self.esc.ref, today=self.am.today))

    def changed(self, values: dict[str, Any]) -> dict[str, Any]:
        """What the user changed: the options the one-liner would be given."""
        e, out = self.esc, {}
        if values["severity"] != e.severity:
            out["severity"] = values["severity"]
        if (values["owner"] or None) != e.owner:
            out["owner"] = values["owner"] or ""
        if values["due"] is not None and values["due"] != e.due_on:
            out["due_on"] = values["due"]
        if (values["plan"] or None) != e.plan:
            out["plan"] = values["plan"] or ""
        if values["note"]:
            out["note"] = values["note"]
        return out

    def command_text(self, values: dict[str, Any]) -> str:
        line = f"tui: escalation edit {self.esc.ref}"
        for key, value in self.changed(values).items():
            option = "due" if key == "due_on" else key
            line += f" --{option} {value.isoformat() if key == 'due_on' else arg(value)}"
        return line

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.services.clients.corrections import edit_escalation

        e, changes = edit_escalation(uow, self.esc.ref, today=self.am.today, **self.changed(values))
        return f"Edited {e.ref} ({e.account}): {'; '.join(changes)}"


class EscalationResolveForm(FormScreen):
    """``amtui escalation resolve ESC-n --resolution … --date …``."""

    def __init__(self, e: EscalationInfo) -> None:
        super().__init__()
        self.esc = e
        self.subject = e.ref
        self.opened = _seen(e)
        self.TITLE_TEXT = f"Resolve {e.ref} ({e.account}): {e.summary}"

    def fields(self) -> list[FormField]:
        today = lambda: self.am.today  # noqa: E731
        return [
            FormField("How it was resolved", TextInput(id="resolution", required=True, what="resolution")),
            FormField("On", DateInput(value="today", id="on", today=today, required=True)),
        ]

    def current(self, uow: UnitOfWork) -> dict[str, str]:
        from amtui.services.clients.escalations import escalation_info

        return _seen(escalation_info(uow.session, self.esc.ref, today=self.am.today))

    def command_text(self, values: dict[str, Any]) -> str:
        return (
            f"tui: escalation resolve {self.esc.ref} --resolution {arg(values['resolution'])}"
            f" --date {values['on']}"
        )

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.services.clients.escalations import resolve_escalation

        e = resolve_escalation(uow, self.esc.ref, values["resolution"], on=values["on"])
        return f"{e.ref} resolved after {e.age_days} day(s): {e.summary}"
