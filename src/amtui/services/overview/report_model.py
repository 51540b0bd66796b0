"""The status report's sections as data: what :mod:`amtui.services.overview.reports` builds and the exporters
render. A field declared :func:`~amtui.services.overview.audience.internal` is the agency's own and never
reaches the client version."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from amtui.services.clients.escalations import EscalationInfo
from amtui.services.growth.pipeline import OpportunityInfo
from amtui.services.overview.audience import internal


@dataclass(frozen=True)
class KpiLine:
    project: str
    campaign: str | None
    metric: str
    actual: str
    target: str
    status: str  # met | missed | no-data
    latest_on: date | None  # the project's latest imported result (for "no results imported … (latest …)")
    attainment: float | None = None  # actual against target, >= 1.0 met (lower-is-better KPIs inverted)


@dataclass(frozen=True)
class Mover:
    project: str
    campaign: str
    metric: str  # conversions/day | cpa | spend/day
    previous: str
    current: str
    change_pct: float


@dataclass(frozen=True)
class BudgetLine:
    project: str
    name: str
    billing: str
    currency: str
    current_budget_cents: int  # the contract: original budget + approved change orders
    complete: float | None
    elapsed: float | None
    # The agency's own view: never in the client version.
    status: str | None = internal("burn")
    actual_cents: int | None = internal("actuals")
    eac_cents: int | None = internal("burn")
    variance_pct: float | None = internal("burn")
    burn: float | None = internal("burn")
    pending_change_orders_cents: int | None = internal("actuals")  # drafts included
    cost_cents: int | None = internal("margin")
    margin_cents: int | None = internal("margin")
    margin_pct: float | None = internal("margin")


@dataclass(frozen=True)
class WaitingChangeOrder:
    ref: str
    project: str
    title: str
    amount_cents: int
    currency: str
    sent_on: date | None
    days_waiting: int | None


@dataclass(frozen=True)
class Comparison:
    """How this period's results compare with the previous one: like for like, per day with data."""

    days: int  # days in the period
    data_days: int  # days of it with any result imported
    previous_data_days: int
    latest_on: date | None  # the account's latest imported result
    text: str


@dataclass(frozen=True)
class StatusReport:
    audience: str  # client | internal
    account: str
    name: str
    period_from: date
    period_to: date
    headline: list[str]
    kpis: list[KpiLine]
    comparison: Comparison
    movers: list[Mover]
    spend_cents: int
    currency: str
    budget: list[BudgetLine]
    timeline: list[str]
    change_orders: list[WaitingChangeOrder]
    decisions: list[str]
    next_steps: list[str]
    escalations: list[EscalationInfo] = internal("escalations")
    risks: list[EscalationInfo] = internal("risks")
    pipeline: list[OpportunityInfo] = internal("pipeline")
    notes: list[str] = internal("notes")
    # Day by day over the period (for the charts): media spend and conversions, every project summed.
    daily_spend_cents: list[int] = field(default_factory=list)
    daily_conversions_milli: list[int] = field(default_factory=list)
    # The media plan day by day (the projects with a plan summed; all zero when none has one), the media
    # spend of those projects alone (spend against plan compares like with like), and how many of the
    # report's projects have a plan.
    daily_plan_cents: list[int] = field(default_factory=list)
    daily_planned_spend_cents: list[int] = field(default_factory=list)
    planned_projects: int = 0
    projects: int = 0
    # The optional sections this account lets its client see (account.client_sees).
    client_sees: list[str] = field(default_factory=list)
