"""Client escalations and risks: who owns them, the plan, how old and how late, probability × impact.

An escalation is something that happened (probability 5); a risk is something that may (probability 1–5).
Both carry an impact 1–5 (from the severity unless given), so one register ranks them by their product.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from amtui.db import UnitOfWork
from amtui.errors import InputError, NotFoundError, StateError
from amtui.models import Account, Escalation
from amtui.models.escalation import ESCALATION_KINDS, SEVERITIES
from amtui.services.common import check_choice, check_text, get_account
from amtui.services.paging import PAGE_SIZE, Page, like_pattern, matches, page_of

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


def parse_esc_ref(ref: str | int) -> int:
    m = re.fullmatch(r"(?:esc-?)?(\d{1,9})", str(ref).strip().lower())
    if not m:
        raise InputError(f"not an escalation reference: {str(ref)!r}; expected e.g. ESC-2 or 2")
    return int(m.group(1))


def _scale(value: int | None, what: str) -> int | None:
    if value is None:
        return None
    if not 1 <= value <= 5:
        raise InputError(f"{what} must be from 1 to 5, not {value}")
    return value


def _info(e: Escalation, account: str, today: date) -> EscalationInfo:
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
    s = uow.session
    acc = get_account(s, account)
    severity = check_choice(severity, SEVERITIES, "severity")
    kind = check_choice(kind, ESCALATION_KINDS, "kind")
    probability = _scale(probability, "probability")
    if kind == "escalation" and probability not in (None, 5):
        raise InputError("an escalation has happened (probability 5); record a possible problem with --risk")
    opened = today or date.today()
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
    n = parse_esc_ref(ref)
    e = session.get(Escalation, n)
    if e is None:
        raise NotFoundError(f"no escalation ESC-{n}")
    return e


def resolve_escalation(
    uow: UnitOfWork, ref: str | int, resolution: str, *, on: date | None = None
) -> EscalationInfo:
    s = uow.session
    e = _get(s, ref)
    if e.status != "open":
        raise StateError(f"ESC-{e.id} was resolved on {e.resolved_on.isoformat() if e.resolved_on else '?'}")
    when = on or date.today()
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


def list_escalations(
    session: Session,
    account: str | None = None,
    *,
    open_only: bool = False,
    kind: str | None = None,
    today: date | None = None,
) -> list[EscalationInfo]:
    """Open first, then by severity (critical first) and age (oldest first)."""
    today = today or date.today()
    q = select(Escalation, Account.slug).join(Account, col(Escalation.account_id) == Account.id)
    if account:
        q = q.where(Escalation.account_id == get_account(session, account).id)
    if open_only:
        q = q.where(Escalation.status == "open")
    if kind:
        q = q.where(Escalation.kind == check_choice(kind, ESCALATION_KINDS, "kind"))
    rows = [_info(e, slug, today) for e, slug in session.exec(q)]
    rows.sort(key=lambda r: (r.status != "open", -SEVERITY_RANK.get(r.severity, 0), r.opened_on, r.id))
    return rows


def page_escalations(
    session: Session,
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
    today = today or date.today()
    severity = case(SEVERITY_RANK, value=col(Escalation.severity), else_=0)
    q = select(Escalation, Account.slug).join(Account, col(Escalation.account_id) == Account.id)
    if open_only or risks:
        q = q.where(Escalation.status == "open")
    pattern = like_pattern(text)
    if pattern is not None:
        q = q.where(matches(pattern, Escalation.summary, Escalation.owner, Account.slug, Account.name))
    score = col(Escalation.probability) * col(Escalation.impact)
    first: Any = score.desc() if risks else (col(Escalation.status) != "open")
    q = q.order_by(first, severity.desc(), col(Escalation.opened_on), col(Escalation.id))
    return page_of(session, q, offset=offset, limit=limit, row=lambda r: _info(r[0], r[1], today))


def count_overdue(session: Session, *, today: date) -> int:
    """Open escalations past their due date: one ``count(*)``."""
    q = select(func.count()).select_from(Escalation)
    q = q.where(Escalation.status == "open", col(Escalation.due_on) < today)
    return int(session.exec(q).one())


def risk_register(
    session: Session, account: str | None = None, *, today: date | None = None
) -> list[EscalationInfo]:
    """Open escalations and risks ranked by probability × impact (then severity, then age)."""
    rows = list_escalations(session, account, open_only=True, today=today)
    rows.sort(key=lambda r: (-r.score, -SEVERITY_RANK.get(r.severity, 0), r.opened_on, r.id))
    return rows
