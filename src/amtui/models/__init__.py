"""SQLModel tables, one module per aggregate. Importing this package registers every table."""

from amtui.models.account import Account, Contact, Interaction, PrimaryContactPeriod
from amtui.models.audit import AuditBatch, AuditEvent
from amtui.models.base import NAMING_CONVENTION
from amtui.models.brief import Brief, BriefVersion
from amtui.models.budget import CostEntry, TimeEntry
from amtui.models.change_order import ChangeOrder
from amtui.models.escalation import Escalation
from amtui.models.health import HealthSnapshot
from amtui.models.invoice import Invoice, Payment
from amtui.models.metrics import KpiTarget, MetricRow
from amtui.models.pipeline import Opportunity
from amtui.models.project import Project
from amtui.models.timeline import Milestone, MilestoneDependency

__all__ = [
    "NAMING_CONVENTION",
    "Account",
    "AuditBatch",
    "AuditEvent",
    "Brief",
    "BriefVersion",
    "ChangeOrder",
    "Contact",
    "Escalation",
    "HealthSnapshot",
    "KpiTarget",
    "MetricRow",
    "Opportunity",
    "CostEntry",
    "Interaction",
    "Invoice",
    "Milestone",
    "MilestoneDependency",
    "Payment",
    "PrimaryContactPeriod",
    "Project",
    "TimeEntry",
]
