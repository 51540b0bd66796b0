"""How a project edit's changes read: ``budget $48,000.00 → $52,000.00 · end 2026-12-31 → 2027-01-31``.

One wording for ``amtui project edit`` and the TUI's project form, from the ``(field, before, after)``
triples :func:`amtui.services.clients.projects.edit_project` returns; and what that form reads when it opens
(:func:`project_for_edit`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from amtui.services.clients.projects import ProjectInfo
    from amtui.services.money.edit_preview import HealthBasis

LABELS = {
    "budget_cents": "budget",
    "budget_minutes": "hours",
    "rate_cents": "rate",
    "cap_cents": "cap",
    "retainer_fee_cents": "monthly fee",
    "retainer_minutes": "monthly hours",
    "media_budget_cents": "media budget",
    "complete_bp": "complete",
    "start_on": "start",
    "end_on": "end",
    "bill_timing": "timing",
    "fee_schedule": "schedule",
    "deposit_bp": "deposit",
    "co_billing": "change orders",
    "lines": "schedule lines",
}
#: Billing terms: None reads "default" (the default for the billing type).
TERMS = ("bill_timing", "fee_schedule", "co_billing")


def show_value(field: str, value: object, currency: str) -> str:
    """One field's value as the user reads it (money, hours, a percentage, a date)."""
    from amtui.core.dates import format_hours
    from amtui.core.money import format_money
    from amtui.services.money.terms import percent_text

    if value is None:
        return "default" if field in TERMS else "—"
    if field.endswith("_cents"):
        return format_money(int(value), currency)  # type: ignore[call-overload]
    if field in ("budget_minutes", "retainer_minutes"):
        return format_hours(int(value))  # type: ignore[call-overload]
    if field in ("complete_bp", "deposit_bp"):
        return percent_text(int(value))  # type: ignore[call-overload]
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def describe_changes(
    changes: Iterable[tuple[str, Any, Any]], currency: str, *, complete_on: date | None = None
) -> str:
    """``budget $1.00 → $2.00 · complete 40% → 50% (as of 2026-12-01)``."""
    return " · ".join(
        f"{LABELS.get(f, f)} {show_value(f, b, currency)} → {show_value(f, a, currency)}"
        + (f" (as of {complete_on})" if f == "complete_bp" and complete_on else "")
        for f, b, a in changes
    )


@dataclass(frozen=True)
class ProjectEditView:
    """What the project edit form shows: the project, its media budget, the basis of its health preview."""

    info: ProjectInfo
    media_budget_cents: int | None
    basis: HealthBasis


def project_for_edit(session: Session, ref: str, *, as_of: date) -> ProjectEditView:
    from amtui.services.base.refs import get_project
    from amtui.services.clients.projects import project_info
    from amtui.services.money.edit_preview import health_basis

    info = project_info(session, ref)
    media = get_project(session, info.ref).media_budget_cents
    return ProjectEditView(info, media, health_basis(session, info.ref, as_of=as_of))
