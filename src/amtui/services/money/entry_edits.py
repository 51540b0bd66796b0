"""Corrections of one time entry or one cost: edit what was mistyped, delete what should not be there.

Each changes one ORM row inside a unit of work, so the audit records it (before and after) and ``amtui undo``
reverts it like any other action. The rules of :mod:`amtui.services.money.actuals` hold for a corrected
entry as for a new one: nothing dated after today, hours more than zero, one person's day at most 24 h (the
entry's own old minutes are not counted twice), a warning past 12 h or outside the project's dates, nothing
written to an archived project. An entry an issued invoice already billed
(:func:`amtui.services.money.timesheet.invoice_covering`) is edited with a warning naming the invoice, and
deleted only when forced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from amtui.core import clock
from amtui.core.dates import format_hours
from amtui.core.errors import InputError, NotFoundError, StateError
from amtui.core.money import apply_rate, format_money
from amtui.services.base.common import check_choice, check_not_future, check_text, person_key
from amtui.services.base.refs import deleted_by, projects_with_slugs
from amtui.services.money.actuals import bookable_project, clean_note, dates_warning, person_day_warning
from amtui.services.money.budget import project_health
from amtui.services.money.budget_health import ProjectHealth
from amtui.services.money.timesheet import COST_ENTRY, TIME_ENTRY, CostRow, TimeRow, invoice_covering
from amtui.store.models import CostEntry, TimeEntry
from amtui.store.models.choices import TEAMS
from amtui.store.sql import Db
from amtui.store.uow import UnitOfWork


@dataclass(frozen=True)
class TimeChanged:
    """An edited or deleted entry (as it is now, or as it was), with what changed and the health after."""

    entry: TimeRow
    changes: list[str]
    invoice: str | None  # the invoice that already billed the entry's period, if any
    health: ProjectHealth
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class CostChanged:
    entry: CostRow
    changes: list[str]
    invoice: str | None
    health: ProjectHealth
    warnings: tuple[str, ...] = ()


def _missing(db: Db, table: str, what: str, entry_id: int, listing: str) -> NotFoundError:
    """No row ``entry_id``: say so, and when the history shows it was deleted, by which command."""
    command = deleted_by(db, table, entry_id)
    if command:
        return NotFoundError(f"{what} #{entry_id} was deleted (by `{command}`); `amtui history` shows it")
    return NotFoundError(f"no {what} #{entry_id}; see {listing}")


def _project_ref(db: Db, project_id: int) -> str:
    found = projects_with_slugs(db, "p.id = ?", (project_id,))
    p, slug = found[0]
    return f"{slug}/{p.slug}"


def _hm(minutes: int) -> str:
    return format_hours(minutes)


def _money(cents: int | None, currency: str) -> str:
    return "—" if cents is None else format_money(cents, currency)


def _flag_changes(e: Any, billable: bool, out_of_scope: bool) -> list[str]:
    """``billable → non-billable``, ``in scope → out of scope``: the flags an edit turns."""
    out = []
    if billable != bool(e.billable):
        out.append("billable → non-billable" if e.billable else "non-billable → billable")
    if out_of_scope != bool(e.out_of_scope):
        out.append("in scope → out of scope" if out_of_scope else "out of scope → in scope")
    return out


@dataclass(frozen=True)
class _Edit:
    """What a time entry and a cost correct alike: the entry's project, and its date, note and flags after."""

    project: str  # account/project
    p: Any  # the bookable project
    on: date
    note: str | None
    billable: bool
    out_of_scope: bool


def _edit_of(
    uow: UnitOfWork,
    e: Any,
    what: str,
    *,
    on: date | None,
    note: str | None,
    billable: bool | None,
    out_of_scope: bool | None,
    today: date,
) -> _Edit:
    """The checks every correction makes (a bookable project, nothing dated after today), and its values."""
    s = uow.session
    project = _project_ref(s, e.project_id)
    p = bookable_project(s, project)
    new_on = e.entry_date if on is None else on
    check_not_future(new_on, today, what, "log what happened, when it happened")
    return _Edit(
        project=project,
        p=p,
        on=new_on,
        note=e.note if note is None else clean_note(note),
        billable=bool(e.billable) if billable is None else billable,
        out_of_scope=bool(e.out_of_scope) if out_of_scope is None else out_of_scope,
    )


def _changes(e: Any, x: _Edit, first: tuple[str, bool], *then: tuple[str, bool], nothing: str) -> list[str]:
    """What an edit changes — the kind's quantity, the date, its other fields, the note, the flags — in
    that order; an edit that changes nothing is refused."""
    changes = [first[0]] if first[1] else []
    if x.on != e.entry_date:
        changes.append(f"date {e.entry_date.isoformat()} → {x.on.isoformat()}")
    changes += [c for c, changed in then if changed]
    if x.note != e.note:
        changes.append(f"note {e.note or '—'!r} → {x.note or '—'!r}")
    changes += _flag_changes(e, x.billable, x.out_of_scope)
    if not changes:
        raise InputError(f"nothing to change; give {nothing}")
    return changes


def _save(uow: UnitOfWork, e: Any, x: _Edit) -> str | None:
    """Write the common fields and flush; the invoice that billed the entry before or after the change."""
    s = uow.session
    invoice = _covered(s, e.project_id, (e.entry_date, bool(e.billable)), (x.on, x.billable))
    e.entry_date, e.note, e.billable, e.out_of_scope = x.on, x.note, x.billable, x.out_of_scope
    s.add(e)
    s.flush()
    return invoice


def _delete(uow: UnitOfWork, e: Any, what: str, command: str, *, force: bool) -> tuple[str, Any, str | None]:
    """Delete one entry (an invoiced one only with ``force``): (its project, the project, the invoice)."""
    s = uow.session
    project = _project_ref(s, e.project_id)
    p = bookable_project(s, project)
    invoice = _covered(s, e.project_id, (e.entry_date, bool(e.billable)))
    if invoice is not None and not force:
        raise _invoiced_refusal(what, e.id, e.entry_date, invoice, f"{command} {e.id} --force")
    return project, p, invoice


def _get_time(uow: UnitOfWork, ref: str | int) -> Any:
    entry_id = TIME_ENTRY.parse(ref)
    entry = uow.session.get(TimeEntry, entry_id)
    if entry is None:
        raise _missing(uow.session, "time_entry", "time entry", entry_id, "amtui time list")
    return entry


def _time_row_of(e: Any, project: str, currency: str) -> TimeRow:
    return TimeRow(
        e.id,
        project,
        e.entry_date,
        e.minutes,
        e.rate_cents,
        e.amount_cents,
        e.cost_cents,
        currency,
        e.team,
        e.person,
        bool(e.billable),
        bool(e.out_of_scope),
        e.note,
    )


def edit_time(
    uow: UnitOfWork,
    ref: str | int,
    *,
    minutes: int | None = None,
    on: date | None = None,
    rate_cents: int | None = None,
    note: str | None = None,
    team: str | None = None,
    person: str | None = None,
    billable: bool | None = None,
    out_of_scope: bool | None = None,
    today: date | None = None,
) -> TimeChanged:
    """Correct one time entry: what is given changes, the amount and cost are valued again at its rates."""
    s = uow.session
    today = today or clock.today()
    e = _get_time(uow, ref)
    x = _edit_of(uow, e, "time", on=on, note=note, billable=billable, out_of_scope=out_of_scope, today=today)
    p = x.p
    new_minutes = e.minutes if minutes is None else minutes
    if new_minutes <= 0:
        raise InputError("hours must be more than zero")
    new_rate = e.rate_cents if rate_cents is None else rate_cents
    if new_rate < 0:
        raise InputError("rate must not be negative")
    new_team = e.team if team is None else (check_choice(team, TEAMS, "team") if team.strip() else None)
    new_person = (
        e.person
        if person is None
        else (check_text(person, "person", max_len=120) if person.strip() else None)
    )
    same_day = (
        e.person is not None and new_person is not None and person_key(e.person) == person_key(new_person)
    )
    replacing = e.minutes if same_day and x.on == e.entry_date else 0
    day_warning = person_day_warning(s, new_person, x.on, new_minutes, replacing=replacing)
    changes = _changes(
        e,
        x,
        (f"hours {_hm(e.minutes)} → {_hm(new_minutes)}", new_minutes != e.minutes),
        (
            f"rate {_money(e.rate_cents, p.currency)} → {_money(new_rate, p.currency)}",
            new_rate != e.rate_cents,
        ),
        (f"team {e.team or '—'} → {new_team or '—'}", new_team != e.team),
        (f"person {e.person or '—'} → {new_person or '—'}", new_person != e.person),
        nothing="--hours, --date, --rate, --note, --team, --person, "
        "--billable/--non-billable or --in-scope/--out-of-scope",
    )
    e.minutes, e.rate_cents, e.team, e.person = new_minutes, new_rate, new_team, new_person
    e.amount_cents = apply_rate(new_minutes, new_rate)
    if e.cost_rate_cents is not None:
        e.cost_cents = apply_rate(new_minutes, e.cost_rate_cents)
    invoice = _save(uow, e, x)
    warnings = [w for w in (day_warning, dates_warning(p, x.on, "time"), _invoice_warning(invoice)) if w]
    return TimeChanged(
        entry=_time_row_of(e, x.project, p.currency),
        changes=changes,
        invoice=invoice,
        health=project_health(s, p, as_of=today),
        warnings=tuple(warnings),
    )


def _covered(db: Db, project_id: int, *states: tuple[date, bool]) -> str | None:
    """The invoice that billed the period of any billable state of an entry (before or after a change)."""
    for on, billable in sorted(states):
        if billable:
            found = invoice_covering(db, project_id, on)
            if found:
                return found
    return None


def _invoice_warning(invoice: str | None) -> str | None:
    if invoice is None:
        return None
    return (
        f"{invoice} already billed this entry's period and is not changed; credit or invoice the difference"
    )


def delete_time(
    uow: UnitOfWork, ref: str | int, *, force: bool = False, today: date | None = None
) -> TimeChanged:
    """Delete one time entry (undoable); one an issued invoice already billed only with ``force``."""
    s = uow.session
    today = today or clock.today()
    e = _get_time(uow, ref)
    project, p, invoice = _delete(uow, e, "time entry", "amtui time delete", force=force)
    row = _time_row_of(e, project, p.currency)
    s.delete(e)
    s.flush()
    return TimeChanged(
        entry=row,
        changes=[],
        invoice=invoice,
        health=project_health(s, p, as_of=today),
        warnings=tuple(w for w in (_invoice_warning(invoice),) if w),
    )


def _invoiced_refusal(what: str, entry_id: int, on: date, invoice: str, command: str) -> Exception:
    return StateError(
        f"{what} #{entry_id} ({on.isoformat()}) is in the period {invoice} already billed; "
        f"deleting it does not change the invoice. Delete it anyway: {command}"
    )


def _get_cost(uow: UnitOfWork, ref: str | int) -> Any:
    entry_id = COST_ENTRY.parse(ref)
    entry = uow.session.get(CostEntry, entry_id)
    if entry is None:
        raise _missing(uow.session, "cost_entry", "cost", entry_id, "amtui cost list")
    return entry


def _cost_row_of(e: Any, project: str, currency: str) -> CostRow:
    return CostRow(
        e.id, project, e.entry_date, e.amount_cents, currency, bool(e.billable), bool(e.out_of_scope), e.note
    )


def edit_cost(
    uow: UnitOfWork,
    ref: str | int,
    *,
    amount_cents: int | None = None,
    on: date | None = None,
    note: str | None = None,
    billable: bool | None = None,
    out_of_scope: bool | None = None,
    today: date | None = None,
) -> CostChanged:
    """Correct one cost: its amount, date, note or flags."""
    s = uow.session
    today = today or clock.today()
    e = _get_cost(uow, ref)
    x = _edit_of(
        uow, e, "a cost", on=on, note=note, billable=billable, out_of_scope=out_of_scope, today=today
    )
    p = x.p
    new_amount = e.amount_cents if amount_cents is None else amount_cents
    if new_amount <= 0:
        raise InputError("a cost must be more than zero")
    changes = _changes(
        e,
        x,
        (
            f"amount {_money(e.amount_cents, p.currency)} → {_money(new_amount, p.currency)}",
            new_amount != e.amount_cents,
        ),
        nothing="--amount, --date, --note, --billable/--non-billable or --in-scope/--out-of-scope",
    )
    e.amount_cents = new_amount
    invoice = _save(uow, e, x)
    warnings = [w for w in (dates_warning(p, x.on, "cost"), _invoice_warning(invoice)) if w]
    return CostChanged(
        entry=_cost_row_of(e, x.project, p.currency),
        changes=changes,
        invoice=invoice,
        health=project_health(s, p, as_of=today),
        warnings=tuple(warnings),
    )


def delete_cost(
    uow: UnitOfWork, ref: str | int, *, force: bool = False, today: date | None = None
) -> CostChanged:
    """Delete one cost (undoable); one an issued invoice already billed only with ``force``."""
    s = uow.session
    today = today or clock.today()
    e = _get_cost(uow, ref)
    project, p, invoice = _delete(uow, e, "cost", "amtui cost delete", force=force)
    row = _cost_row_of(e, project, p.currency)
    s.delete(e)
    s.flush()
    return CostChanged(
        entry=row,
        changes=[],
        invoice=invoice,
        health=project_health(s, p, as_of=today),
        warnings=tuple(w for w in (_invoice_warning(invoice),) if w),
    )
