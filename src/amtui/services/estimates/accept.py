"""Accept an estimate into a project: the one write that turns what the client signed into a budget.

The project is created, or updated, with the estimate's total as its budget, its hours, its dates when the
estimate has them, and the billing type and terms (through :mod:`amtui.services.clients.projects`, so
:func:`amtui.services.money.schedule.apply_terms` checks them), in the caller's one transaction. The
estimate is then locked and linked to the project: :mod:`amtui.services.estimates.lines` reads its lines
for the budget by line. Accepting twice is refused, and so is a project another estimate was accepted into.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from amtui.core.errors import ConflictError, InputError, NotFoundError, StateError
from amtui.services.base.common import check_choice
from amtui.services.base.refs import find_project
from amtui.services.estimates import read
from amtui.services.estimates.service import get_estimate
from amtui.store.models.project import BILLING_TYPES
from amtui.store.uow import UnitOfWork

if TYPE_CHECKING:
    from amtui.services.money.terms import LineSpec


@dataclass(frozen=True)
class AcceptResult:
    id: int
    version: int
    project: str
    created: bool
    billing: str
    currency: str
    budget_cents: int
    minutes: int
    terms: str


def accept(
    uow: UnitOfWork,
    estimate_id: int,
    project: str,
    *,
    billing: str | None = None,
    bill_timing: str | None = None,
    fee_schedule: str | None = None,
    deposit_bp: int | None = None,
    co_billing: str | None = None,
    lines: list[LineSpec] | None = None,
) -> AcceptResult:
    """Accept the current version into ``project`` (``account/slug`` of the estimate's account); see the
    module."""
    from sqlmodel import select

    from amtui.services.clients.projects import add_project, edit_project
    from amtui.services.money.schedule import project_terms
    from amtui.store.models import Estimate

    s = uow.session
    e = get_estimate(uow, estimate_id)
    if e.status == read.ACCEPTED:
        when = e.accepted_at.date().isoformat() if e.accepted_at else "?"
        raise StateError(f"estimate {estimate_id} was accepted already (v{e.accepted_version} on {when})")
    d = read.detail(s, estimate_id)
    if not d.lines:
        raise StateError(
            f"estimate {estimate_id} has no lines to accept (amtui estimate line add {estimate_id} …)"
        )
    acc_slug, sep, proj_slug = project.strip().lower().partition("/")
    if not sep or not proj_slug:
        raise InputError(f"give the project as account/slug, e.g. {d.account}/spring-launch")
    if acc_slug != d.account:
        raise InputError(
            f"estimate {estimate_id} is for {d.account}, not {acc_slug}: use {d.account}/{proj_slug}"
        )
    billing = check_choice(billing or e.billing, BILLING_TYPES, "billing type")
    budget, minutes = d.totals.amount_cents, d.totals.minutes or None
    try:
        row, _ = find_project(s, f"{acc_slug}/{proj_slug}")
    except NotFoundError:
        row = None
    if row is None:
        info = add_project(
            uow,
            f"{acc_slug}/{proj_slug}",
            d.title,
            budget_cents=budget,
            budget_minutes=minutes,
            billing=billing,
            start_on=e.start_on,
            end_on=e.end_on,
            bill_timing=bill_timing,
            fee_schedule=fee_schedule,
            deposit_bp=deposit_bp,
            co_billing=co_billing,
            lines=lines,
        )
        project_id, created = find_project(s, info.ref)[0].id, True
    else:
        other = s.exec(
            select(Estimate).where(
                Estimate.project_id == row.id, Estimate.status == read.ACCEPTED, Estimate.id != estimate_id
            )
        ).first()
        if other is not None:
            raise ConflictError(
                f"{acc_slug}/{proj_slug} already has accepted estimate {other.id}: change its budget with a "
                "change order (amtui add-change-order)"
            )
        edit_project(
            uow,
            f"{acc_slug}/{proj_slug}",
            budget_cents=budget,
            budget_minutes=minutes,
            billing=billing,
            start_on=e.start_on,
            end_on=e.end_on,
            bill_timing=bill_timing,
            fee_schedule=fee_schedule,
            deposit_bp=deposit_bp,
            co_billing=co_billing,
            lines=lines,
        )
        project_id, created = row.id, False
    from amtui.store.models.base import utcnow

    e.status, e.accepted_version, e.accepted_at = read.ACCEPTED, e.version, utcnow()
    e.project_id, e.billing = project_id, billing
    s.add(e)
    s.flush()
    return AcceptResult(
        estimate_id,
        e.version,
        f"{acc_slug}/{proj_slug}",
        created,
        billing,
        d.currency,
        budget,
        d.totals.minutes,
        project_terms(s, project_id).text,
    )
