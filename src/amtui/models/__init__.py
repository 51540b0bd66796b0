"""SQLModel tables, one module per aggregate. Importing this package registers every table."""

from amtui.models.account import Account, Contact, Interaction, PrimaryContactPeriod
from amtui.models.audit import AuditBatch, AuditEvent
from amtui.models.base import NAMING_CONVENTION
from amtui.models.budget import CostEntry, TimeEntry
from amtui.models.change_order import ChangeOrder
from amtui.models.escalation import Escalation
from amtui.models.health import HealthSnapshot
from amtui.models.invoice import Invoice, Payment
from amtui.models.metrics import KpiTarget, MetricRow
from amtui.models.pipeline import Opportunity
from amtui.models.project import Project

__all__ = [
    "NAMING_CONVENTION",
    "Account",
    "AuditBatch",
    "AuditEvent",
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
    "Payment",
    "PrimaryContactPeriod",
    "Project",
    "TimeEntry",
]
