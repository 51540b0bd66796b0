"""A change order as every surface shows it: its record, and what it does to budget, burn, hours and dates.

Every write of :mod:`amtui.services.money.change_orders` answers with a :class:`ChangeOrderView`, ``co show``
prints one, the TUI and the client document render one. The "with and without" figures come from the
project's budget health and the change-order rules of :mod:`amtui.services.money.rules`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from amtui.core import clock
from amtui.services.money.rules import CO_DROPPED, counts_on, project_change_orders
from amtui.services.money.terms import co_rule, terms_of
from amtui.store.models import Account, ChangeOrder, Invoice, Project

# ---------------------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Impact:
    """A change order's effect: the project with it and without it (approved or not, the same figures)."""

    currency: str
    original_budget_cents: int
    approved_change_orders_cents: int
    current_budget_cents: int
    budget_without_cents: int
    budget_with_cents: int
    delta_cents: int
    actual_cents: int
    burn_without: float | None
    burn_with: float | None
    days: int | None
    end_without: date | None
    end_with: date | None
    # Estimated hours (minutes) without and with the change; None when the project has no hours estimate.
    minutes_without: int | None = None
    minutes_with: int | None = None
    # Open milestones an approval would move (not yet approved: a preview; approved: 0, they moved already).
    milestones_moving: int = 0


@dataclass(frozen=True)
class ChangeOrderInfo:
    number: str
    project: str
    project_name: str
    account: str
    account_name: str
    title: str
    kind: str
    status: str
    amount_cents: int
    currency: str
    minutes: int | None
    days: int | None
    reason: str | None
    requested_by: str | None
    created_on: date
    sent_on: date | None
    sent_to: str | None
    decided_on: date | None
    decided_by: str | None
    invoiced_on: date | None
    invoice: str | None
    voided_on: date | None
    void_reason: str | None
    # Its own billing rule (None: it follows the project's), and the rule it bills by
    # (amtui.services.money.terms: with | on-approval | on-completion).
    billing: str | None = None
    billing_effective: str = "with"


@dataclass(frozen=True)
class TimelineShift:
    what: str
    before: date
    after: date
    days: int
    # Milestones the approval moved (open ones after the approval date, and their dependents).
    milestones_moved: int = 0


@dataclass(frozen=True)
class ChangeOrderView:
    """A change order with its impact: what every write answers with and what ``co show`` prints."""

    change_order: ChangeOrderInfo
    impact: Impact
    shift: TimelineShift | None = None


# ---------------------------------------------------------------------------------------------- impact


def _burn(actual: int, budget: int) -> float | None:
    return None if budget <= 0 else round(actual / budget, 4)


def impact(session: Session, co: ChangeOrder, project: Project, *, as_of: date | None = None) -> Impact:
    """Budget, burn, hours and end date without and with ``co``, from the budget health of the project."""
    from amtui.services.money.budget import project_health

    assert project.id is not None
    as_of = as_of or clock.today()
    h = project_health(session, project, as_of=as_of)
    current = h.current_budget_cents
    counted = counts_on(co.status, co.decided_on, as_of, co.voided_on)
    without = current - co.amount_cents if counted else current
    with_ = current if counted else current + co.amount_cents
    minutes_without = minutes_with = None
    if project.budget_minutes is not None:
        now = project.budget_minutes + project_change_orders(session, project.id, as_of).approved_minutes
        minutes_without = now - (co.minutes or 0) if counted else now
        minutes_with = now if counted else now + (co.minutes or 0)
    end_without = end_with = project.end_on
    if project.end_on and co.days:
        from amtui.services.timeline.milestones import shift_end_date

        if counted:
            end_without = shift_end_date(session, project.end_on, -co.days)
        else:
            end_with = shift_end_date(session, project.end_on, co.days)
    moving = 0
    if co.days and not counted and co.status not in CO_DROPPED:
        from amtui.services.timeline.milestones import preview_project_shift

        moving = len(preview_project_shift(session, project.id, co.days, today=as_of))
    return Impact(
        currency=project.currency,
        original_budget_cents=h.original_budget_cents,
        approved_change_orders_cents=h.approved_change_orders_cents,
        current_budget_cents=current,
        budget_without_cents=without,
        budget_with_cents=with_,
        delta_cents=co.amount_cents,
        actual_cents=h.actual_cents,
        burn_without=_burn(h.actual_cents, without),
        burn_with=_burn(h.actual_cents, with_),
        days=co.days,
        end_without=end_without,
        end_with=end_with,
        minutes_without=minutes_without,
        minutes_with=minutes_with,
        milestones_moving=moving,
    )


# ---------------------------------------------------------------------------------------------- reading


def _info(session: Session, co: ChangeOrder) -> ChangeOrderInfo:
    project = session.get(Project, co.project_id)
    assert project is not None
    account = session.get(Account, project.account_id)
    assert account is not None
    invoice = session.exec(
        select(Invoice.number).where(Invoice.change_order_id == co.id, Invoice.status != "void")
    ).first()
    return change_order_info(co, project, account, invoice)


def change_order_info(
    co: ChangeOrder, project: Project, account: Account, invoice: str | None
) -> ChangeOrderInfo:
    return ChangeOrderInfo(
        number=f"CO-{co.number}",
        project=f"{account.slug}/{project.slug}",
        project_name=project.name,
        account=account.slug,
        account_name=account.name,
        title=co.title,
        kind=co.kind,
        status=co.status,
        amount_cents=co.amount_cents,
        currency=project.currency,
        minutes=co.minutes,
        days=co.days,
        reason=co.reason,
        requested_by=co.requested_by,
        created_on=co.created_at.date(),
        sent_on=co.sent_on,
        sent_to=co.sent_to,
        decided_on=co.decided_on,
        decided_by=co.decided_by,
        invoiced_on=co.invoiced_on,
        invoice=invoice,
        voided_on=co.voided_on,
        void_reason=co.void_reason,
        billing=co.billing,
        billing_effective=co_rule(terms_of(project).co_billing, co.billing, project.billing),
    )


def view(session: Session, co: ChangeOrder, shift: TimelineShift | None = None) -> ChangeOrderView:
    project = session.get(Project, co.project_id)
    assert project is not None
    return ChangeOrderView(_info(session, co), impact(session, co, project), shift)
