"""Follow-ups (``T-n``): the account manager's next actions, each due on a date.

A follow-up belongs to an account and may name the project, contact, escalation, change order or logged
interaction it came from. Snoozing moves the date it is due (``snoozed_to``) and keeps the date it was set
for; a recurring one (``every`` week or month) creates its next occurrence when it is done, on the cadence of
its own due date (a weekly Monday stays on Mondays, a monthly 31st falls on each month's last day), the first
such date after today: one done late does not leave its next occurrence overdue already. Due and overdue
are one rule here (:func:`due_state`), read by the list, Today and the account screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from amtui.core import clock
from amtui.core.dates import add_months
from amtui.core.errors import InputError, StateError
from amtui.services.base.common import check_choice, check_text
from amtui.services.base.refs import account_id, follow_up_id, get_account, scope
from amtui.services.clients.followup_links import cleared, set_links
from amtui.store.models.choices import FOLLOW_UP_EVERY
from amtui.store.sql import Db, day, rows

#: What ``--every`` takes (for front ends, which never import the store's models).
EVERY = FOLLOW_UP_EVERY

if TYPE_CHECKING:
    from sqlmodel import Session

    from amtui.store.models import FollowUp
    from amtui.store.uow import UnitOfWork


@dataclass(frozen=True)
class FollowUpInfo:
    ref: str
    number: int
    account: str
    title: str
    #: The date it is due: the snoozed-to date when snoozed, else the date it was set for.
    due_on: date
    set_for: date
    snoozed_to: date | None
    done_on: date | None
    every: str | None
    project: str | None
    contact: str | None
    escalation: str | None
    change_order: str | None
    interaction_id: int | None
    status: str  # "open" | "done"
    overdue: bool
    due_today: bool
    days_overdue: int
    created_on: date
    #: How many times it changed since it was added (the calendar export's SEQUENCE).
    revision: int


def due_state(due_on: date, done_on: date | None, today: date) -> tuple[bool, bool, int]:
    """(overdue, due today, days overdue) for an effective due date: the one rule every surface reads."""
    if done_on is not None:
        return False, False, 0
    late = (today - due_on).days
    return late > 0, late == 0, max(late, 0)


def next_due(set_for: date, every: str, after: date) -> date:
    """The first date on ``every``'s cadence from ``set_for`` that falls after ``after``."""
    n = 1
    while True:
        d = set_for + timedelta(weeks=n) if every == "week" else add_months(set_for, n)
        if d > after:
            return d
        n += 1


# ---------------------------------------------------------------------------------------------- reading

_COLUMNS = (
    "f.number, a.slug, f.title, f.due_on, f.snoozed_to, f.done_on, f.every, p.slug, c.name, f.escalation_id, "
    "co.number, f.interaction_id, f.created_on, f.revision"
)
_FROM = (
    "follow_up f JOIN account a ON a.id = f.account_id "
    "LEFT JOIN project p ON p.id = f.project_id "
    "LEFT JOIN contact c ON c.id = f.contact_id "
    "LEFT JOIN change_order co ON co.id = f.change_order_id"
)
#: The date a follow-up is due, in SQL (the same rule as :attr:`FollowUpInfo.due_on`).
DUE_SQL = "coalesce(f.snoozed_to, f.due_on)"


def _from_row(r: tuple[Any, ...], today: date) -> FollowUpInfo:
    number, slug, title, due, snoozed, done, every, proj, contact, esc, co, interaction, created, rev = r
    set_for = day(due) or today
    snoozed_to, done_on = day(snoozed), day(done)
    effective = snoozed_to or set_for
    overdue, due_today, late = due_state(effective, done_on, today)
    return FollowUpInfo(
        ref=f"T-{number}",
        number=number,
        account=slug,
        title=title,
        due_on=effective,
        set_for=set_for,
        snoozed_to=snoozed_to,
        done_on=done_on,
        every=every,
        project=f"{slug}/{proj}" if proj else None,
        contact=contact,
        escalation=f"ESC-{esc}" if esc is not None else None,
        change_order=f"CO-{co}" if co is not None else None,
        interaction_id=interaction,
        status="done" if done_on else "open",
        overdue=overdue,
        due_today=due_today,
        days_overdue=late,
        created_on=day(created) or today,
        revision=rev,
    )


def list_follow_ups(
    db: Db,
    account: str | None = None,
    *,
    ref: str | None = None,
    include_done: bool = False,
    overdue_only: bool = False,
    due_by: date | None = None,
    today: date | None = None,
) -> list[FollowUpInfo]:
    """Open follow-ups (with ``include_done`` the done ones after them), soonest due first.

    ``account`` is an account slug; ``ref`` an account or a project (:func:`refs.scope`: a project keeps
    the follow-ups linked to it). ``overdue_only`` keeps those due before today; ``due_by`` those due on or
    before that date. Plain SQL: ``db`` is a SQLModel session or a sqlite3 connection."""
    today = today or clock.today()
    where: list[str] = []
    params: list[Any] = []
    if account is not None:
        where.append("f.account_id = ?")
        params.append(account_id(db, account))
    if ref is not None:
        found = scope(db, ref)
        where.append("f.account_id = ?" if found.account_id is not None else "f.project_id = ?")
        params.append(found.account_id if found.account_id is not None else found.ids[0])
    if not include_done or overdue_only or due_by is not None:
        where.append("f.done_on IS NULL")
    if overdue_only:
        where.append(f"{DUE_SQL} < ?")
        params.append(today.isoformat())
    if due_by is not None:
        where.append(f"{DUE_SQL} <= ?")
        params.append(due_by.isoformat())
    sql = f"SELECT {_COLUMNS} FROM {_FROM}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY f.done_on IS NOT NULL, {DUE_SQL}, f.number"
    return [_from_row(r, today) for r in rows(db, sql, params)]


def get_follow_up(db: Db, ref: str | int, *, today: date | None = None) -> FollowUpInfo:
    fid = follow_up_id(db, ref)
    found = rows(db, f"SELECT {_COLUMNS} FROM {_FROM} WHERE f.id = ?", (fid,))
    return _from_row(found[0], today or clock.today())


# ---------------------------------------------------------------------------------------------- writing


def _check_due(due_on: date, today: date) -> date:
    if due_on < today:
        raise InputError(f"due date {due_on.isoformat()} is before today ({today.isoformat()})")
    return due_on


def _check_every(every: str | None) -> str | None:
    if every is None or cleared(every):
        return None
    return check_choice(every, FOLLOW_UP_EVERY, "--every")


def _next_number(s: Session) -> int:
    return int(rows(s, "SELECT coalesce(max(number), 0) FROM follow_up")[0][0]) + 1


def add_follow_up(
    uow: UnitOfWork,
    account: str,
    title: str,
    *,
    due_on: date,
    project: str | None = None,
    contact: str | None = None,
    escalation: str | None = None,
    change_order: str | None = None,
    every: str | None = None,
    interaction_id: int | None = None,
    today: date | None = None,
) -> FollowUpInfo:
    """Record a follow-up due on ``due_on`` (today or later)."""
    from amtui.store.models import FollowUp

    s = uow.session
    today = today or clock.today()
    acc = get_account(s, account)
    assert acc.id is not None
    fu = FollowUp(
        number=0,
        account_id=acc.id,
        title=check_text(title, "title", max_len=500),
        due_on=_check_due(due_on, today),
        every=_check_every(every),
        interaction_id=interaction_id,
        created_on=today,
    )
    for value in (project, contact, escalation, change_order):
        if cleared(value):
            raise InputError(f"{value!r} clears a link in todo edit; leave the option out when adding")
    set_links(s, acc, fu, project=project, contact=contact, escalation=escalation, change_order=change_order)
    fu.number = _next_number(s)
    s.add(fu)
    s.flush()
    return get_follow_up(s, fu.number, today=today)


def _open(s: Session, ref: str | int) -> FollowUp:
    from amtui.store.models import FollowUp

    fu = s.get(FollowUp, follow_up_id(s, ref))
    assert fu is not None
    if fu.done_on is not None:
        raise StateError(f"T-{fu.number} was done on {fu.done_on.isoformat()}")
    return fu


@dataclass(frozen=True)
class Done:
    done: FollowUpInfo
    #: The next occurrence a recurring follow-up created.
    next: FollowUpInfo | None


def complete_follow_up(
    uow: UnitOfWork, ref: str | int, *, on: date | None = None, today: date | None = None
) -> Done:
    """Mark a follow-up done (today unless ``on``, never in the future); a recurring one gets its next
    occurrence in the same transaction."""
    from amtui.store.models import FollowUp

    s = uow.session
    today = today or clock.today()
    when = on or today
    if when > today:
        raise InputError(f"done date {when.isoformat()} is in the future")
    fu = _open(s, ref)
    if when < fu.created_on:
        raise InputError(f"done date {when.isoformat()} is before it was added ({fu.created_on.isoformat()})")
    fu.done_on = when
    fu.revision += 1
    s.add(fu)
    nxt = None
    if fu.every:
        nxt = FollowUp(
            number=_next_number(s),
            account_id=fu.account_id,
            project_id=fu.project_id,
            contact_id=fu.contact_id,
            escalation_id=fu.escalation_id,
            change_order_id=fu.change_order_id,
            title=fu.title,
            due_on=next_due(fu.due_on, fu.every, today),
            every=fu.every,
            created_on=today,
        )
        s.add(nxt)
    s.flush()
    return Done(
        get_follow_up(s, fu.number, today=today),
        get_follow_up(s, nxt.number, today=today) if nxt else None,
    )


def snooze_follow_up(uow: UnitOfWork, ref: str | int, to: date, *, today: date | None = None) -> FollowUpInfo:
    """Move the date an open follow-up is due to a later one (today or after); its set-for date stays."""
    s = uow.session
    today = today or clock.today()
    fu = _open(s, ref)
    if to < today:
        raise InputError(f"cannot snooze T-{fu.number} to {to.isoformat()}: that is in the past")
    current = fu.snoozed_to or fu.due_on
    if to <= current:
        raise InputError(
            f"T-{fu.number} is already due {current.isoformat()}; snooze moves it later "
            f"(to bring it forward: amtui todo edit T-{fu.number} --due DATE)"
        )
    fu.snoozed_to = to
    fu.revision += 1
    s.add(fu)
    s.flush()
    return get_follow_up(s, fu.number, today=today)


def edit_follow_up(
    uow: UnitOfWork,
    ref: str | int,
    *,
    title: str | None = None,
    due_on: date | None = None,
    project: str | None = None,
    contact: str | None = None,
    escalation: str | None = None,
    change_order: str | None = None,
    every: str | None = None,
    today: date | None = None,
) -> FollowUpInfo:
    """Change an open follow-up; a new due date replaces a snooze. ``none`` clears a link or ``every``."""
    from amtui.store.models import Account

    s = uow.session
    today = today or clock.today()
    fu = _open(s, ref)
    given = (title, due_on, project, contact, escalation, change_order, every)
    if all(v is None for v in given):
        raise InputError(f"nothing to change on T-{fu.number}: give --title, --due, --project, --every …")
    if title is not None:
        fu.title = check_text(title, "title", max_len=500)
    if due_on is not None:
        fu.due_on, fu.snoozed_to = _check_due(due_on, today), None
    if every is not None:
        fu.every = _check_every(every)
    acc = s.get(Account, fu.account_id)
    assert acc is not None
    set_links(s, acc, fu, project=project, contact=contact, escalation=escalation, change_order=change_order)
    fu.revision += 1
    s.add(fu)
    s.flush()
    return get_follow_up(s, fu.number, today=today)
