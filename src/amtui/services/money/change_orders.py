"""Change orders: scope changes as records with states; listing them, and every write that moves one.

States: ``draft → sent → approved | rejected``, ``approved → invoiced``, ``draft | sent | approved → void``
(:data:`amtui.services.money.rules.CO_TRANSITIONS`). An approved change order is locked: a correction is a
new change order (or voiding it, which keeps the record). Approval runs :func:`on_change_order_approved`, the
one place where an approval moves the timeline. Each write answers with a
:class:`~amtui.services.money.change_order_impact.ChangeOrderView`: the record and what it does to budget,
burn and dates.

Longer than 400 lines because every state change (send, approve, reject, invoice, void, edit) shares the
transition table's checks and the consequence line; split, each part would re-read them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import String, and_, case, cast, func, literal
from sqlmodel import Session, col, select

from amtui.core import clock
from amtui.core.errors import ConflictError, InputError, StateError
from amtui.services.base.common import check_choice, check_text
from amtui.services.base.paging import PAGE_SIZE, Page, like_pattern, matches, page_of
from amtui.services.base.refs import get_change_order, get_project, project_ids
from amtui.services.money.change_order_impact import (
    ChangeOrderInfo,
    ChangeOrderView,
    TimelineShift,
    change_order_info,
    view,
)
from amtui.services.money.rules import CO_BILLED, CO_PENDING, CO_STATUSES, CO_TRANSITIONS, CO_TYPES
from amtui.services.money.terms import check_co_billing
from amtui.store.models import Account, ChangeOrder, Invoice, Project
from amtui.store.sql import rows as sql_rows
from amtui.store.uow import UnitOfWork

# ---------------------------------------------------------------------------------------------- reading


def show(session: Session, ref: str) -> ChangeOrderView:
    return view(session, get_change_order(session, ref))


def _with_context() -> Any:
    """Each change order with its project, its account and the live invoice that billed it (one query)."""
    return (
        select(ChangeOrder, Project, Account, Invoice.number)
        .join(Project, col(ChangeOrder.project_id) == Project.id)
        .join(Account, col(Project.account_id) == Account.id)
        .outerjoin(
            Invoice, and_(col(Invoice.change_order_id) == ChangeOrder.id, col(Invoice.status) != "void")
        )
    )


def list_change_orders(
    session: Session, ref: str | None = None, *, status: str | None = None
) -> list[ChangeOrderInfo]:
    """Change orders, newest number first; ``ref`` is an account slug or a project reference."""
    q = _with_context()
    if ref is not None:
        q = q.where(col(ChangeOrder.project_id).in_(project_ids(session, ref)))
    if status:
        q = q.where(ChangeOrder.status == check_choice(status, CO_STATUSES, "status"))
    rows = session.exec(q.order_by(col(ChangeOrder.number).desc()))
    return [change_order_info(co, p, acc, inv) for co, p, acc, inv in rows]


def page_change_orders(
    session: Session,
    *,
    text: str | None = None,
    status: str | None = None,
    status_order: Sequence[str] = (),
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> Page[ChangeOrderInfo]:
    """One page of change orders, filtered in SQL, and how many match.

    ``text`` matches the number (``CO-7`` or ``7``), title, project and account (slug or name);
    ``status_order`` lists statuses in display order (others after them), then the number, ascending;
    without it the newest number comes first, as ``co list`` prints them.
    """
    q = _with_context()
    if status:
        q = q.where(ChangeOrder.status == check_choice(status, CO_STATUSES, "status"))
    pattern = like_pattern(text)
    if pattern is not None:
        q = q.where(
            matches(
                pattern,
                literal("co-") + cast(ChangeOrder.number, String),
                ChangeOrder.title,
                Account.slug + literal("/") + Project.slug,
                Project.name,
                Account.name,
            )
        )
    if status_order:
        ranks = {s: i for i, s in enumerate(status_order)}
        rank = case(ranks, value=col(ChangeOrder.status), else_=len(status_order))
        q = q.order_by(rank, col(ChangeOrder.number))
    else:
        q = q.order_by(col(ChangeOrder.number).desc())
    return page_of(session, q, offset=offset, limit=limit, row=lambda r: change_order_info(*r))


def count_change_orders(session: Session, *, status: str | None = None) -> int:
    """How many change orders there are (in ``status``): one ``count(*)``."""
    q = select(func.count()).select_from(ChangeOrder)
    if status:
        q = q.where(ChangeOrder.status == status)
    return int(session.exec(q).one())


# ---------------------------------------------------------------------------------------------- writing


def _next_number(session: Session) -> int:
    return int(session.exec(select(func.coalesce(func.max(ChangeOrder.number), 0))).one()) + 1


def add_change_order(
    uow: UnitOfWork,
    ref: str,
    title: str,
    *,
    amount_cents: int,
    minutes: int | None = None,
    days: int | None = None,
    reason: str | None = None,
    requested_by: str | None = None,
    kind: str = "add",
    billing: str | None = None,
    team: str | None = None,
) -> ChangeOrderView:
    """Draft a change order. A ``remove`` order lowers the budget (its amount is given positive).
    ``billing`` overrides the project's change-order billing rule for this one (:mod:`.terms`); ``team``
    is the team whose estimate line it adds to once approved (``budget --lines``)."""
    from amtui.store.models.budget import TEAMS

    s = uow.session
    project = get_project(s, ref)
    title = check_text(title, "change order title")
    team = check_choice(team, TEAMS, "team") if team is not None else None
    own_billing = check_co_billing(project.billing, billing) if billing is not None else None
    kind = check_choice(kind, CO_TYPES, "change order type")
    if kind != "modify" and amount_cents < 0:
        raise InputError(
            f"a negative amount needs --type modify; for --type {kind} give the amount as a positive number"
        )
    sign = -1 if kind == "remove" else 1
    if days is not None and abs(days) > 3650:
        raise InputError(f"timeline shift of {days} days is not plausible; give days between -3650 and 3650")
    assert project.id is not None
    co = ChangeOrder(
        number=_next_number(s),
        project_id=project.id,
        title=title,
        kind=kind,
        amount_cents=sign * amount_cents,
        minutes=sign * minutes if minutes else None,
        days=days if days else None,
        reason=reason.strip() if reason and reason.strip() else None,
        requested_by=check_text(requested_by, "requested by", max_len=120) if requested_by else None,
        billing=own_billing,
        team=team,
    )
    s.add(co)
    s.flush()
    return view(s, co)


def _refusal(co: ChangeOrder, action: str) -> str:
    n = f"CO-{co.number}"
    st = co.status
    if action == "invoice" and st in CO_PENDING:
        return f"{n} is {st}, not approved: only an approved change order can be invoiced"
    if st == "void":
        return f"{n} is void (since {co.voided_on}); draft a new change order instead"
    if st == "rejected":
        return (
            f"{n} was rejected on {co.decided_on}; a rejected change order stays rejected — draft a new one"
        )
    if st == "invoiced":
        if action == "void":
            return f"{n} is invoiced; void its invoice first (amtui invoice void NUMBER)"
        return f"{n} is approved and invoiced (on {co.invoiced_on}); it is locked"
    if st == "approved":
        if action in ("approve",):
            return f"{n} is approved already (on {co.decided_on})"
        return (
            f"{n} was approved on {co.decided_on} and is locked; "
            "a correction is a new change order (amtui add-change-order …)"
        )
    if st == "draft":
        if action in ("approve", "reject"):
            return f"{n} is a draft: send it to the client first (amtui co send {n})"
        return f"{n} is a draft: cannot {action} it"  # pragma: no cover - drafts can be sent, edited, voided
    if st == "sent":
        if action == "send":
            return f"{n} was sent already on {co.sent_on}"
        return f"{n} is sent and waits for the client's decision (amtui co approve|reject {n})"
    return f"{n} is {st}; cannot {action} it"  # pragma: no cover - every status is handled above


def _check(co: ChangeOrder, action: str) -> str:
    allowed, target = CO_TRANSITIONS[action]
    if co.status not in allowed:
        raise StateError(_refusal(co, action))
    return target


def _primary_contact(session: Session, project: Project) -> str | None:
    from amtui.store.models import Contact  # only sending needs the contact tables

    return session.exec(
        select(Contact.name).where(
            Contact.account_id == project.account_id, Contact.is_primary, col(Contact.left_on).is_(None)
        )
    ).first()


def send(uow: UnitOfWork, ref: str, *, on: date | None = None, to: str | None = None) -> ChangeOrderView:
    """Mark a draft as sent to the client (to the account's primary contact unless ``to`` says whom)."""
    s = uow.session
    co = get_change_order(s, ref)
    co.status = _check(co, "send")
    project = s.get(Project, co.project_id)
    assert project is not None
    co.sent_on = on or clock.today()
    co.sent_to = check_text(to, "recipient", max_len=120) if to else _primary_contact(s, project)
    s.add(co)
    s.flush()
    return view(s, co)


def _decide(uow: UnitOfWork, ref: str, action: str, by: str | None, on: date | None) -> ChangeOrder:
    s = uow.session
    co = get_change_order(s, ref)
    target = _check(co, action)
    on = on or clock.today()
    if on > clock.today():
        raise InputError(f"decision date {on} is in the future; record the decision when it is made")
    if co.sent_on and on < co.sent_on:
        raise InputError(f"decision date {on} is before CO-{co.number} was sent ({co.sent_on})")
    project = s.get(Project, co.project_id)
    assert project is not None
    co.status = target
    co.decided_on = on
    co.decided_by = check_text(by, "decided by", max_len=120) if by else (co.sent_to or None)
    s.add(co)
    s.flush()
    return co


def approve(uow: UnitOfWork, ref: str, *, by: str | None = None, on: date | None = None) -> ChangeOrderView:
    """Approve a sent change order: its amount joins the current budget, its days move the end date."""
    co = _decide(uow, ref, "approve", by, on)
    project = uow.session.get(Project, co.project_id)
    assert project is not None
    shift = on_change_order_approved(uow, co, project)
    return view(uow.session, co, shift)


def reject(uow: UnitOfWork, ref: str, *, by: str | None = None, on: date | None = None) -> ChangeOrderView:
    co = _decide(uow, ref, "reject", by, on)
    return view(uow.session, co)


def void(uow: UnitOfWork, ref: str, *, on: date | None = None, reason: str | None = None) -> ChangeOrderView:
    """Void a change order that is not final. Voiding an approved one takes it back out of the budget."""
    s = uow.session
    co = get_change_order(s, ref)
    was_approved = co.status == "approved"
    target = _check(co, "void")
    if (draft := billed_by(s, co)) is not None:
        raise StateError(
            f"CO-{co.number} is billed by draft invoice {draft}; void it first (amtui invoice void {draft})"
        )
    on = on or clock.today()
    if on > clock.today():
        raise InputError(f"void date {on} is in the future; void it on the day it is void")
    if co.decided_on and on < co.decided_on:
        # The date rule counts an approval from its decision until its void date: the void comes after.
        raise InputError(f"void date {on} is before CO-{co.number} was approved ({co.decided_on})")
    co.status = target
    co.voided_on = on
    co.void_reason = reason.strip() if reason and reason.strip() else None
    s.add(co)
    s.flush()
    shift = None
    if was_approved:
        project = s.get(Project, co.project_id)
        assert project is not None
        shift = on_change_order_voided(uow, co, project)
    return view(s, co, shift)


def edit(
    uow: UnitOfWork,
    ref: str,
    *,
    title: str | None = None,
    amount_cents: int | None = None,
    minutes: int | None = None,
    days: int | None = None,
    reason: str | None = None,
    billing: str | None = None,
) -> ChangeOrderView:
    """Correct a draft or sent change order. Approved ones are locked: a correction is a new change order.
    ``billing`` sets its own billing rule (``project``: follow the project's again)."""
    s = uow.session
    co = get_change_order(s, ref)
    _check(co, "edit")
    if billing is not None:
        project = s.get(Project, co.project_id)
        assert project is not None
        co.billing = check_co_billing(project.billing, billing)
    sign = -1 if co.kind == "remove" else 1
    if title is not None:
        co.title = check_text(title, "change order title")
    if amount_cents is not None:
        if co.kind != "modify" and amount_cents < 0:
            raise InputError("a negative amount needs a change order of type modify")
        co.amount_cents = sign * amount_cents
    if minutes is not None:
        co.minutes = sign * minutes
    if days is not None:
        co.days = days or None
    if reason is not None:
        co.reason = reason.strip() or None
    s.add(co)
    s.flush()
    return view(s, co)


def billed_by(session: Session, co: ChangeOrder) -> str | None:
    """The invoice (not void) that bills ``co``: a draft to mark it invoiced once sent, or one that did."""
    q = select(Invoice.number).where(Invoice.change_order_id == co.id, col(Invoice.status) != "void")
    return session.exec(q).first()


def check_billable(session: Session, co: ChangeOrder) -> None:
    """A new invoice may bill ``co`` when it is approved and no other invoice, not even a draft, bills it."""
    _check(co, "invoice")
    if (other := billed_by(session, co)) is not None:
        raise ConflictError(f"CO-{co.number} is billed by {other} already; void it first to bill it again")


def mark_invoiced(uow: UnitOfWork, co: ChangeOrder, on: date) -> None:
    """Its invoice is sent (a draft marks nothing invoiced): approved → invoiced on ``on``; already invoiced
    (by a draft, in a book written before drafts stopped doing so) stays as it is."""
    if co.status in CO_BILLED:
        return
    co.status = _check(co, "invoice")
    co.invoiced_on = on
    uow.session.add(co)


def unmark_invoiced(uow: UnitOfWork, co: ChangeOrder) -> bool:
    """Its invoice is voided: approved and unbilled again (True); False when a draft billed it (no change)."""
    if co.status not in CO_BILLED:
        return False
    co.status = "approved"
    co.invoiced_on = None
    uow.session.add(co)
    return True


# ---------------------------------------------------------------------------------------------- hook points


def on_change_order_approved(uow: UnitOfWork, co: ChangeOrder, project: Project) -> TimelineShift | None:
    """The hook where an approved change order moves the timeline.

    It moves the project's end date by the change order's days (working days), and the project's open
    milestones after the approval date with it (dependents follow: see
    :func:`amtui.services.timeline.milestones.shift_project_for_change_order`).
    Keep every consequence of an approval here.
    """
    return _shift_all(uow, co, project, co.days or 0)


def on_change_order_voided(uow: UnitOfWork, co: ChangeOrder, project: Project) -> TimelineShift | None:
    """The reverse of :func:`on_change_order_approved` when an approved change order is voided."""
    return _shift_all(uow, co, project, -(co.days or 0))


def _shift_all(uow: UnitOfWork, co: ChangeOrder, project: Project, days: int) -> TimelineShift | None:
    from dataclasses import replace

    from amtui.services.timeline.milestones import shift_project_for_change_order

    end = _shift_end(uow, project, days, co.id)
    if not days or project.id is None:
        return end
    moved = shift_project_for_change_order(uow, project.id, days, today=co.decided_on or clock.today())
    if end is None:
        if not moved:
            return None
        first = min(moved, key=lambda m: m.old_due)
        return TimelineShift(
            what=f"{first.label} {first.name}",
            before=first.old_due,
            after=first.new_due,
            days=first.days,
            milestones_moved=len(moved),
        )
    return replace(end, milestones_moved=len(moved))


def _shift_end(
    uow: UnitOfWork, project: Project, days: int, co_id: int | None = None
) -> TimelineShift | None:
    if not days or project.end_on is None:
        return None
    from amtui.services.timeline.milestones import shift_end_date

    before = project.end_on
    after = shift_end_date(uow.session, before, days)
    if days < 0 and co_id is not None:
        # Voiding: the end date the approval moved, put back exactly when the end is still where the approval
        # left it (a weekend end date moved by working days has no unique way back: Sun 10 +5 = Fri 15).
        was = _end_before_approval(uow.session, co_id, project.id or 0)
        if was is not None and was[1] == before:
            after = was[0]
    if project.start_on and after < project.start_on:
        raise StateError(f"moving the end date by {days} days would put it before the project starts")
    project.end_on = after
    uow.session.add(project)
    uow.session.flush()
    return TimelineShift(what="project end", before=before, after=project.end_on, days=days)


def _end_before_approval(session: Session, co_id: int, project_id: int) -> tuple[date, date] | None:
    """(end date before, end date after) as the change order's approval moved them, from its audit batch."""
    # The JSON is read here, not in SQL, so that the same query runs on SQLite and PostgreSQL.
    approved = CO_TRANSITIONS["approve"][1]
    found = sql_rows(
        session,
        "SELECT p.before, p.after, c.before, c.after FROM audit_event c "
        "JOIN audit_batch b ON b.id = c.batch_id AND b.kind = 'action' AND b.undone_at IS NULL "
        "JOIN audit_event p ON p.batch_id = c.batch_id AND p.entity = 'project' AND p.entity_id = ? "
        "AND p.op = 'update' "
        "WHERE c.entity = 'change_order' AND c.entity_id = ? AND c.op = 'update' "
        "ORDER BY c.id DESC",
        [project_id, co_id],
    )
    for p_before, p_after, c_before, c_after in found:
        was, now = _json_field(c_before, "status"), _json_field(c_after, "status")
        if now != approved or was == approved:
            continue
        end_before, end_after = _json_field(p_before, "end_on"), _json_field(p_after, "end_on")
        if end_before is None or end_after is None:
            return None
        return date.fromisoformat(str(end_before)[:10]), date.fromisoformat(str(end_after)[:10])
    return None


def _json_field(image: object, key: str) -> object:
    """One field of an audit row image (JSON text; None when there is none)."""
    if not image:
        return None
    data = image if isinstance(image, dict) else json.loads(str(image))
    return data.get(key) if isinstance(data, dict) else None
