"""Client escalations and risks: who owns them, the plan, how old and how late, probability × impact.

An escalation is something that happened (probability 5); a risk is something that may (probability 1–5).
Both carry an impact 1–5 (from the severity unless given), so one register ranks them by their product.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from amtui.core import clock
from amtui.core.errors import InputError, NotFoundError, StateError
from amtui.services.base.common import check_choice, check_text
from amtui.services.base.paging import PAGE_SIZE, Page, like_pattern, like_sql, page_of_sql
from amtui.services.base.refs import ESCALATION, account_id, get_account
from amtui.store.models.choices import ESCALATION_KINDS, SEVERITIES
from amtui.store.sql import Db, day, rows

if TYPE_CHECKING:
    from sqlmodel import Session

    from amtui.store.models import Escalation
    from amtui.store.uow import UnitOfWork

SEVERITY_IMPACT = {"low": 2, "medium": 3, "high": 4, "critical": 5}
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class EscalationInfo:
    id: int
    ref: str
    account: str
    kind: str
    summary: str
    severity: str
    probability: int
    impact: int
    score: int
    owner: str | None
    due_on: date | None
    plan: str | None
    status: str
    opened_on: date
    resolved_on: date | None
    resolution: str | None
    age_days: int
    overdue: bool
    days_overdue: int


def parse_scale(text: str | None, what: str) -> int | None:
    """A probability or impact as typed (``3``): a whole number, checked 1–5 when it is used."""
    if text is None:
        return None
    if not text.strip().isdigit():
        raise InputError(f"{what} must be a whole number from 1 to 5, not {text.strip()!r}")
    return int(text)


@dataclass(frozen=True)
class EscalationUpdateInfo:
    """A dated update note (``escalation edit ESC-n --note …``)."""

    on_date: date
    note: str
    author: str | None


@dataclass(frozen=True)
class EscalationDetail:
    """One escalation or risk with its update notes, oldest first (``escalation show``)."""

    escalation: EscalationInfo
    updates: list[EscalationUpdateInfo]


def escalation_detail(session: Session, ref: str | int, *, today: date | None = None) -> EscalationDetail:
    """The escalation ``ref`` (``ESC-2`` or ``2``) and its update notes in the order they were written."""
    from amtui.store.models import Account

    today = today or clock.today()
    e = _get(session, ref)
    acc = session.get(Account, e.account_id)
    found = rows(
        session,
        "SELECT on_date, note, author FROM escalation_update WHERE escalation_id = ? ORDER BY on_date, id",
        [e.id],
    )
    updates = []
    for on, note, author in found:
        d = day(on)
        assert d is not None  # on_date is NOT NULL
        updates.append(EscalationUpdateInfo(d, str(note), author))
    return EscalationDetail(_info(e, acc.slug if acc else "?", today), updates)


def _scale(value: int | None, what: str) -> int | None:
    if value is None:
        return None
    if not 1 <= value <= 5:
        raise InputError(f"{what} must be from 1 to 5, not {value}")
    return value


def _info(e: Any, account: str, today: date) -> EscalationInfo:
    """From an ``Escalation`` row or an :class:`_Stored` (the same attributes, read through SQL)."""
    assert e.id is not None
    end = e.resolved_on or today
    late = (today - e.due_on).days if e.status == "open" and e.due_on is not None and e.due_on < today else 0
    return EscalationInfo(
        id=e.id,
        ref=f"ESC-{e.id}",
        account=account,
        kind=e.kind,
        summary=e.summary,
        severity=e.severity,
        probability=e.probability,
        impact=e.impact,
        score=e.probability * e.impact,
        owner=e.owner,
        due_on=e.due_on,
        plan=e.plan,
        status=e.status,
        opened_on=e.opened_on,
        resolved_on=e.resolved_on,
        resolution=e.resolution,
        age_days=max((end - e.opened_on).days, 0),
        overdue=late > 0,
        days_overdue=late,
    )


def add_escalation(
    uow: UnitOfWork,
    account: str,
    summary: str,
    *,
    severity: str = "medium",
    owner: str | None = None,
    due_on: date | None = None,
    plan: str | None = None,
    kind: str = "escalation",
    probability: int | None = None,
    impact: int | None = None,
    today: date | None = None,
) -> EscalationInfo:
    from amtui.store.models import Escalation

    s = uow.session
    acc = get_account(s, account)
    severity = check_choice(severity, SEVERITIES, "severity")
    kind = check_choice(kind, ESCALATION_KINDS, "kind")
    probability = _scale(probability, "probability")
    if kind == "escalation" and probability not in (None, 5):
        raise InputError("an escalation has happened (probability 5); record a possible problem with --risk")
    opened = today or clock.today()
    if due_on is not None and due_on < opened:
        raise InputError(f"due date {due_on.isoformat()} is before today ({opened.isoformat()})")
    assert acc.id is not None
    e = Escalation(
        account_id=acc.id,
        kind=kind,
        summary=check_text(summary, "summary", max_len=500),
        severity=severity,
        probability=5 if kind == "escalation" else (probability or 3),
        impact=_scale(impact, "impact") or SEVERITY_IMPACT[severity],
        owner=check_text(owner, "owner", max_len=120) if owner is not None else None,
        due_on=due_on,
        plan=check_text(plan, "plan", max_len=4000) if plan is not None else None,
        opened_on=opened,
    )
    s.add(e)
    s.flush()
    return _info(e, acc.slug, opened)


def _get(session: Session, ref: str | int) -> Escalation:
    from amtui.store.models import Escalation

    n = ESCALATION.parse(ref)
    e = session.get(Escalation, n)
    if e is None:
        raise NotFoundError(f"no escalation ESC-{n}")
    return e


def escalation_info(session: Session, ref: str | int, *, today: date | None = None) -> EscalationInfo:
    """One escalation or risk as the lists show it."""
    from amtui.store.models import Account

    e = _get(session, ref)
    acc = session.get(Account, e.account_id)
    return _info(e, acc.slug if acc else "?", today or clock.today())


def resolve_escalation(
    uow: UnitOfWork, ref: str | int, resolution: str, *, on: date | None = None
) -> EscalationInfo:
    from amtui.store.models import Account

    s = uow.session
    e = _get(s, ref)
    if e.status != "open":
        raise StateError(f"ESC-{e.id} was resolved on {e.resolved_on.isoformat() if e.resolved_on else '?'}")
    when = on or clock.today()
    if when < e.opened_on:
        raise InputError(
            f"resolution date {when.isoformat()} is before it opened ({e.opened_on.isoformat()})"
        )
    e.status = "resolved"
    e.resolution = check_text(resolution, "resolution", max_len=4000)
    e.resolved_on = when
    s.add(e)
    s.flush()
    acc = s.get(Account, e.account_id)
    return _info(e, acc.slug if acc else "?", when)


@dataclass(frozen=True)
class _Stored:
    """An escalation's columns as read through SQL, with the attributes :func:`_info` reads."""

    id: int
    kind: str
    summary: str
    severity: str
    probability: int
    impact: int
    owner: str | None
    due_on: date | None
    plan: str | None
    status: str
    opened_on: date
    resolved_on: date | None
    resolution: str | None


_COLUMNS = (
    "e.id, e.kind, e.summary, e.severity, e.probability, e.impact, e.owner, e.due_on, e.plan, e.status, "
    "e.opened_on, e.resolved_on, e.resolution, a.slug"
)


def list_escalations(
    session: Db,
    account: str | None = None,
    *,
    open_only: bool = False,
    kind: str | None = None,
    today: date | None = None,
) -> list[EscalationInfo]:
    """Open first, then by severity (critical first) and age (oldest first).

    Plain SQL (:mod:`amtui.store.sql`): ``session`` is a SQLModel session or a sqlite3 connection."""
    today = today or clock.today()
    where: list[str] = []
    params: list[Any] = []
    if account:
        where.append("e.account_id = ?")
        params.append(account_id(session, account))
    if open_only:
        where.append("e.status = 'open'")
    if kind:
        where.append("e.kind = ?")
        params.append(check_choice(kind, ESCALATION_KINDS, "kind"))
    sql = f"SELECT {_COLUMNS} FROM escalation e JOIN account a ON a.id = e.account_id"
    if where:
        sql += " WHERE " + " AND ".join(where)
    found = [_from_row(r, today) for r in rows(session, sql, params)]
    found.sort(key=lambda r: (r.status != "open", -SEVERITY_RANK.get(r.severity, 0), r.opened_on, r.id))
    return found


def _from_row(r: tuple[Any, ...], today: date) -> EscalationInfo:
    i, kind_, summary, severity, prob, impact, owner, due, plan, status, opened, resolved, res, slug = r
    stored = _Stored(
        i, kind_, summary, severity, prob, impact, owner, day(due), plan, status, day(opened) or today,
        day(resolved), res,
    )  # fmt: skip
    return _info(stored, slug, today)


def page_escalations(
    session: Db,
    *,
    open_only: bool = False,
    risks: bool = False,
    text: str | None = None,
    today: date | None = None,
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> Page[EscalationInfo]:
    """One page of :func:`list_escalations` (or, with ``risks``, of :func:`risk_register`), ordered in SQL the
    same way; ``text`` matches the summary, owner or account (slug or name)."""
    today = when = today or clock.today()
    where: list[str] = []
    params: list[Any] = []
    if open_only or risks:
        where.append("e.status = 'open'")
    pattern = like_pattern(text)
    if pattern is not None:
        where.append(like_sql("e.summary", "e.owner", "a.slug", "a.name"))
        params += [pattern] * 4
    sql = f"SELECT {_COLUMNS} FROM escalation e JOIN account a ON a.id = e.account_id"
    if where:
        sql += " WHERE " + " AND ".join(where)
    severity = " ".join(f"WHEN '{s}' THEN {i}" for s, i in SEVERITY_RANK.items())
    first = "e.probability * e.impact DESC" if risks else "e.status != 'open'"
    order = f"{first}, CASE e.severity {severity} ELSE 0 END DESC, e.opened_on, e.id"
    return page_of_sql(
        session, sql, params, order_by=order, offset=offset, limit=limit, row=lambda r: _from_row(r, when)
    )


def count_overdue(session: Db, *, today: date) -> int:
    """Open escalations past their due date: one ``count(*)``."""
    sql = "SELECT count(*) FROM escalation WHERE status = 'open' AND due_on < ?"
    return int(rows(session, sql, [today.isoformat()])[0][0])


def risk_register(
    session: Db, account: str | None = None, *, today: date | None = None
) -> list[EscalationInfo]:
    """Open escalations and risks ranked by probability × impact (then severity, then age)."""
    rows = list_escalations(session, account, open_only=True, today=today)
    rows.sort(key=lambda r: (-r.score, -SEVERITY_RANK.get(r.severity, 0), r.opened_on, r.id))
    return rows
