"""Corrections of what was typed about a client: a contact's details, one entry of the interaction log, an
escalation's severity, owner, due date and plan (with dated update notes).

Each is one ORM change inside a unit of work, so history shows it (before and after) and ``amtui undo``
reverts it. The rules of :mod:`amtui.services.clients.accounts` hold for a corrected record as for a new one:
a name unique within its account, an email with an ``@``, a known kind, nothing dated after today. Names are
looked up as everywhere, and a miss names the nearest contact (:func:`amtui.services.base.refs.nearest`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, func, select

from amtui.core import clock
from amtui.core.errors import ConflictError, InputError, NotFoundError
from amtui.services.base.common import check_choice, check_text
from amtui.services.base.refs import NumberRef, deleted_by, get_account
from amtui.services.clients.accounts import ContactInfo, InteractionInfo, _contact_info, _get_contact
from amtui.services.clients.escalations import SEVERITY_IMPACT, EscalationInfo
from amtui.services.clients.escalations import _get as _get_escalation
from amtui.services.clients.escalations import _info as _escalation_info
from amtui.store.models import Account, Contact, EscalationUpdate, Interaction
from amtui.store.models.account import INTERACTION_KINDS
from amtui.store.models.choices import SEVERITIES
from amtui.store.uow import UnitOfWork

#: An entry of the interaction log: ``#7`` or ``7``, as ``amtui log list`` shows it.
INTERACTION = NumberRef("#", "a log entry id", "#7 or 7")


@dataclass(frozen=True)
class Corrected:
    """What a correction changed (``name "A" → "B"``), beside the record as it is now."""

    changes: list[str]


@dataclass(frozen=True)
class ContactEdited(Corrected):
    contact: ContactInfo


@dataclass(frozen=True)
class InteractionChanged(Corrected):
    account: str
    interaction: InteractionInfo


def _change(what: str, old: object, new: object) -> list[str]:
    def show(v: object) -> str:
        return "—" if v is None else (v.isoformat() if isinstance(v, date) else repr(v))

    return [f"{what} {show(old)} → {show(new)}"] if old != new else []


def _optional(value: str | None, current: str | None, what: str, max_len: int) -> str | None:
    """``None``: unchanged; blank: cleared; else checked."""
    if value is None:
        return current
    return check_text(value, what, max_len=max_len) if value.strip() else None


def edit_contact(
    uow: UnitOfWork,
    account_slug: str,
    name: str,
    *,
    new_name: str | None = None,
    role: str | None = None,
    email: str | None = None,
    phone: str | None = None,
) -> ContactEdited:
    """Correct a contact's name, role, email or phone (a blank value clears the optional ones)."""
    s = uow.session
    acc = get_account(s, account_slug)
    c = _get_contact(s, acc, name)
    name_to = c.name if new_name is None else check_text(new_name, "contact name")
    if name_to.casefold() != c.name.casefold():
        clash = s.exec(
            select(Contact).where(Contact.account_id == acc.id, func.lower(Contact.name) == name_to.lower())
        ).first()
        if clash is not None:
            raise ConflictError(f"{acc.slug!r} already has a contact named {clash.name!r}")
    role_to = _optional(role, c.role, "role", 120)
    email_to = _optional(email, c.email, "email", 200)
    if email_to is not None and email_to != c.email and "@" not in email_to:
        raise InputError(f"not an email address: {email_to!r}")
    phone_to = _optional(phone, c.phone, "phone", 60)
    changes = [
        *_change("name", c.name, name_to),
        *_change("role", c.role, role_to),
        *_change("email", c.email, email_to),
        *_change("phone", c.phone, phone_to),
    ]
    if not changes:
        raise InputError("nothing to change; give --name, --role, --email or --phone")
    c.name, c.role, c.email, c.phone = name_to, role_to, email_to, phone_to
    s.add(c)
    s.flush()
    return ContactEdited(changes=changes, contact=_contact_info(c))


def _interaction(uow: UnitOfWork, ref: str | int) -> Interaction:
    entry_id = INTERACTION.parse(ref)
    it = uow.session.get(Interaction, entry_id)
    if it is None:
        command = deleted_by(uow.session, "interaction", entry_id)
        if command:
            raise NotFoundError(
                f"log entry #{entry_id} was deleted (by `{command}`); `amtui history` shows it"
            )
        raise NotFoundError(f"no log entry #{entry_id}; see amtui log list ACCOUNT")
    return it


def _info(s: Session, it: Interaction) -> InteractionInfo:
    contact = _contact_name(s, it.contact_id)
    assert it.id is not None
    return InteractionInfo(
        id=it.id, occurred_on=it.occurred_on, kind=it.kind, summary=it.summary, contact=contact
    )


def _contact_name(s: Session, contact_id: int | None) -> str | None:
    c = None if contact_id is None else s.get(Contact, contact_id)
    return None if c is None else c.name


def edit_interaction(
    uow: UnitOfWork,
    ref: str | int,
    *,
    summary: str | None = None,
    kind: str | None = None,
    on: date | None = None,
    contact: str | None = None,
    today: date | None = None,
) -> InteractionChanged:
    """Correct one log entry: its summary, kind, date or contact (``contact=""`` clears who it was with)."""
    s = uow.session
    today = today or clock.today()
    it = _interaction(uow, ref)
    acc = s.get(Account, it.account_id)
    assert acc is not None
    summary_to = it.summary if summary is None else check_text(summary, "summary", max_len=4000)
    kind_to = it.kind if kind is None else check_choice(kind, INTERACTION_KINDS, "kind")
    on_to = it.occurred_on if on is None else on
    if on_to > today:
        raise InputError(
            f"interaction dated {on_to.isoformat()} is in the future; log it once it has happened"
        )
    contact_to = it.contact_id
    if contact is not None:
        contact_to = _get_contact(s, acc, contact).id if contact.strip() else None
    changes = [
        *_change("summary", it.summary, summary_to),
        *_change("kind", it.kind, kind_to),
        *_change("date", it.occurred_on, on_to),
        *_change("with", _contact_name(s, it.contact_id), _contact_name(s, contact_to)),
    ]
    if not changes:
        raise InputError("nothing to change; give --text, --kind, --date or --contact")
    it.summary, it.kind, it.occurred_on, it.contact_id = summary_to, kind_to, on_to, contact_to
    s.add(it)
    s.flush()
    return InteractionChanged(changes=changes, account=acc.slug, interaction=_info(s, it))


def delete_interaction(uow: UnitOfWork, ref: str | int) -> InteractionChanged:
    """Delete one log entry (``amtui undo`` puts it back)."""
    s = uow.session
    it = _interaction(uow, ref)
    acc = s.get(Account, it.account_id)
    assert acc is not None
    info = _info(s, it)
    s.delete(it)
    s.flush()
    return InteractionChanged(changes=[], account=acc.slug, interaction=info)


def edit_escalation(
    uow: UnitOfWork,
    ref: str | int,
    *,
    severity: str | None = None,
    owner: str | None = None,
    due_on: date | None = None,
    plan: str | None = None,
    note: str | None = None,
    today: date | None = None,
) -> tuple[EscalationInfo, list[str]]:
    """Correct an escalation or risk. ``note`` is a dated update (``2026-11-28: called the CFO``), a row of
    its own (``escalation_update``, listed by ``escalation show``), so the record says what happened when.
    A severity change moves the impact with it unless the impact was set apart from the severity."""
    s = uow.session
    today = today or clock.today()
    e = _get_escalation(s, ref)
    severity_to = e.severity if severity is None else check_choice(severity, SEVERITIES, "severity")
    impact_to = e.impact
    if severity_to != e.severity and e.impact == SEVERITY_IMPACT.get(e.severity):
        impact_to = SEVERITY_IMPACT[severity_to]
    owner_to = _optional(owner, e.owner, "owner", 120)
    due_to = e.due_on if due_on is None else due_on
    plan_to = _optional(plan, e.plan, "plan", 4000)
    plan_changes = _change("plan", e.plan, plan_to)
    update = None
    if note is not None:
        update = check_text(note, "update note", max_len=1000)
        plan_changes.append(f"update {f'{today.isoformat()}: {update}'!r}")
    changes = [
        *_change("severity", e.severity, severity_to),
        *_change("impact", e.impact, impact_to),
        *_change("owner", e.owner, owner_to),
        *_change("due", e.due_on, due_to),
        *plan_changes,
    ]
    if not changes:
        raise InputError("nothing to change; give --severity, --owner, --due, --plan or --note")
    e.severity, e.impact, e.owner, e.due_on, e.plan = severity_to, impact_to, owner_to, due_to, plan_to
    s.add(e)
    if update is not None:
        assert e.id is not None
        s.add(EscalationUpdate(escalation_id=e.id, on_date=today, note=update))
    s.flush()
    acc = s.get(Account, e.account_id)
    return _escalation_info(e, acc.slug if acc else "?", today), changes
