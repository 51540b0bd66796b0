"""Campaign results imported from ad platforms, and the KPI targets they are judged against.

Only the additive facts are stored (spend, impressions, clicks, conversions, revenue); ratios such as CTR,
CPC, CPA, ROAS and CPM are always computed from sums, never imported, so a week's CPA is total spend over
total conversions, not an average of daily CPAs.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from amtui.store.models import project as _project  # noqa: F401 - foreign-key target, registered first
from amtui.store.models.base import utcnow

METRIC_SOURCES = ("meta", "google-ads", "ga4", "microsoft-ads")
KPI_METRICS = ("cpa", "roas", "ctr", "conversions", "cpc", "cpm")


class MetricRow(SQLModel, table=True):
    """One campaign's results on one day, from one source.

    ``conversions_milli`` holds thousandths of a conversion (Google reports 18.22 conversions: 18220).
    A row from a report that covers a whole period (Meta's "one row per campaign") is spread over the
    period's days by the importer; ``span_days`` records how long the original row was (1 for daily rows).
    """

    __tablename__ = "metric_row"
    __table_args__ = (
        UniqueConstraint("project_id", "source", "campaign", "metric_date"),
        # Covering index for period rollups per project and campaign.
        Index(
            "ix_metric_row_rollup",
            "project_id",
            "metric_date",
            "campaign",
            "spend_cents",
            "impressions",
            "clicks",
            "conversions_milli",
            "revenue_cents",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id")
    metric_date: date
    source: str = Field(max_length=20)
    campaign: str = Field(max_length=200)
    currency: str = Field(default="USD", max_length=3)
    spend_cents: int = 0
    impressions: int = 0
    clicks: int = 0
    conversions_milli: int = 0
    revenue_cents: int = 0
    span_days: int = 1
    # Which import wrote the row: a short hash of the file's content.
    import_key: str = Field(max_length=64)
    imported_at: datetime = Field(default_factory=utcnow)


class KpiTarget(SQLModel, table=True):
    """A target for a project (``campaign`` empty) or one of its campaigns.

    ``value`` is an integer in the metric's unit: cpa/cpc/cpm in cents, roas in thousandths (4.0 → 4000),
    ctr in basis points (1.5% → 150), conversions in thousandths per 30 days.
    """

    __tablename__ = "kpi_target"
    __table_args__ = (UniqueConstraint("project_id", "campaign", "metric"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    campaign: str = Field(default="", max_length=200)
    metric: str = Field(max_length=20)
    value: int
    created_at: datetime = Field(default_factory=utcnow)


class MediaPlan(SQLModel, table=True):
    """The media budget planned for one project and calendar month (``month`` is ``YYYY-MM``).

    When a project has monthly plans, pacing plans against them (month by month, each spread evenly over its
    days) instead of a straight line of the project's media budget (revision 0805)."""

    __tablename__ = "media_plan"
    __table_args__ = (UniqueConstraint("project_id", "month"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id")
    month: str = Field(max_length=7)
    amount_cents: int
    created_at: datetime = Field(default_factory=utcnow)
