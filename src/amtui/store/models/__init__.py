"""SQLModel tables, one module per aggregate, loaded on first use.

``from amtui.store.models import Project`` imports only ``amtui.store.models.project`` (and the tables its
foreign keys
name): pydantic builds each table class at import, ~4 ms apiece, and a one-liner touches a handful of the
~25 tables. Code that works over every table (history, undo, export, Alembic) calls :func:`load_all` first.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from amtui.core.lazy import lazy_exports

if TYPE_CHECKING:
    from amtui.store.models.account import Account  # noqa: F401
    from amtui.store.models.audit import AuditBatch, AuditEvent  # noqa: F401
    from amtui.store.models.base import NAMING_CONVENTION  # noqa: F401
    from amtui.store.models.billing import BillingLine  # noqa: F401
    from amtui.store.models.brief import Brief, BriefVersion  # noqa: F401
    from amtui.store.models.budget import CostEntry, TimeEntry  # noqa: F401
    from amtui.store.models.change_order import ChangeOrder  # noqa: F401
    from amtui.store.models.contact import Contact, Interaction, PrimaryContactPeriod  # noqa: F401
    from amtui.store.models.escalation import Escalation, EscalationUpdate  # noqa: F401
    from amtui.store.models.estimate import Estimate, EstimateLine, EstimateVersion, Rate  # noqa: F401
    from amtui.store.models.followup import FollowUp  # noqa: F401
    from amtui.store.models.health import HealthSnapshot  # noqa: F401
    from amtui.store.models.invoice import Invoice, Payment  # noqa: F401
    from amtui.store.models.member import AccountMember  # noqa: F401
    from amtui.store.models.metrics import KpiTarget, MediaPlan, MetricRow  # noqa: F401
    from amtui.store.models.pipeline import Opportunity  # noqa: F401
    from amtui.store.models.project import ProgressEntry, Project  # noqa: F401
    from amtui.store.models.timeline import Holiday, Milestone, MilestoneDependency  # noqa: F401

# Name → the module that defines it.
_HOME = {
    "NAMING_CONVENTION": "base",
    "Account": "account",
    "Contact": "contact",
    "Interaction": "contact",
    "PrimaryContactPeriod": "contact",
    "AuditBatch": "audit",
    "AuditEvent": "audit",
    "Brief": "brief",
    "BriefVersion": "brief",
    "CostEntry": "budget",
    "TimeEntry": "budget",
    "ChangeOrder": "change_order",
    "Escalation": "escalation",
    "EscalationUpdate": "escalation",
    "FollowUp": "followup",
    "Estimate": "estimate",
    "EstimateLine": "estimate",
    "EstimateVersion": "estimate",
    "Rate": "estimate",
    "HealthSnapshot": "health",
    "AccountMember": "member",
    "Invoice": "invoice",
    "Payment": "invoice",
    "KpiTarget": "metrics",
    "MediaPlan": "metrics",
    "MetricRow": "metrics",
    "Opportunity": "pipeline",
    "Project": "project",
    "BillingLine": "billing",
    "ProgressEntry": "project",
    "Holiday": "timeline",
    "Milestone": "timeline",
    "MilestoneDependency": "timeline",
}

__all__ = sorted(_HOME)


__getattr__ = lazy_exports("amtui.store.models", globals(), _HOME)


def load_all() -> None:
    """Register every table in ``SQLModel.metadata`` (for code that is generic over the schema)."""
    for home in sorted(set(_HOME.values())):
        import_module(f"amtui.store.models.{home}")
