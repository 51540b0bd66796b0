"""Campaign results: importing ad platforms' exports and setting KPI targets.

An import replaces what the book holds for the same project, source, campaign and day (an upsert), so
re-importing an overlapping export never double counts. The rows go in with one Core ``insert()`` inside
the caller's unit of work: all of a file or none of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

from sqlalchemy import and_, delete, func, insert
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from amtui.core.errors import ConflictError, InputError, NotFoundError
from amtui.core.money import parse_money
from amtui.importers.metrics import ParsedReport
from amtui.services.base.common import check_choice
from amtui.services.base.refs import get_project, project_ids, project_ref
from amtui.services.growth.kpi_format import LOWER_IS_BETTER, format_target
from amtui.store.models import Account, KpiTarget, MetricRow, Project
from amtui.store.models.base import utcnow
from amtui.store.models.metrics import KPI_METRICS
from amtui.store.rows import row_image
from amtui.store.uow import UnitOfWork

# ---------------------------------------------------------------------------------------------- import


@dataclass(frozen=True)
class ImportResult:
    project: str
    source: str
    currency: str
    campaigns: list[str]
    first_date: date
    last_date: date
    rows: int
    new_rows: int
    replaced_rows: int
    spread_rows: int
    skipped_total_rows: int
    spend_cents: int
    conversions_milli: int
    revenue_cents: int
    dry_run: bool


def _infer_project(session: Session, report: ParsedReport) -> Project:
    """The one project already holding these campaigns from this source, when no --project is given."""
    names = sorted({r.campaign for r in report.rows})
    ids = list(
        session.exec(
            select(MetricRow.project_id)
            .where(MetricRow.source == report.source, col(MetricRow.campaign).in_(names))
            .distinct()
        )
    )
    if len(ids) == 1:
        p = session.get(Project, ids[0])
        assert p is not None
        return p
    why = "several projects hold these campaigns" if ids else "these campaigns are new to the book"
    raise InputError(f"which project are these results for? {why}: give --project ACCOUNT/PROJECT")


def _target_project(session: Session, report: ParsedReport, ref: str | None) -> Project:
    project = get_project(session, ref) if ref else _infer_project(session, report)
    if report.currency and report.currency != project.currency:
        raise ConflictError(
            f"the export is in {report.currency} but {project_ref(session, project)} is in "
            f"{project.currency}; nothing imported"
        )
    return project


def _overlap(project_id: int, report: ParsedReport) -> list[Any]:
    """WHERE clauses, one per campaign, matching the stored rows the report's days replace."""
    table = MetricRow.__table__  # type: ignore[attr-defined]
    dates_by_campaign: dict[str, list[date]] = {}
    for r in report.rows:
        dates_by_campaign.setdefault(r.campaign, []).append(r.metric_date)
    return [
        and_(
            table.c.project_id == project_id,
            table.c.source == report.source,
            table.c.campaign == campaign,
            table.c.metric_date.in_(dates),
        )
        for campaign, dates in dates_by_campaign.items()
    ]


def _count_existing(session: Session, project_id: int, report: ParsedReport) -> int:
    table = MetricRow.__table__  # type: ignore[attr-defined]
    conn = session.connection()
    return sum(
        int(conn.execute(sa_select(func.count()).select_from(table).where(w)).scalar_one())
        for w in _overlap(project_id, report)
    )


def _result(
    session: Session, project: Project, report: ParsedReport, replaced: int, dry_run: bool
) -> ImportResult:
    rows = report.rows
    return ImportResult(
        project=project_ref(session, project),
        source=report.source,
        currency=project.currency,
        campaigns=sorted({r.campaign for r in rows}),
        first_date=min(r.metric_date for r in rows),
        last_date=max(r.metric_date for r in rows),
        rows=len(rows),
        new_rows=len(rows) - replaced,
        replaced_rows=replaced,
        spread_rows=report.spread_rows,
        skipped_total_rows=report.skipped_total_rows,
        spend_cents=sum(r.spend_cents for r in rows),
        conversions_milli=sum(r.conversions_milli for r in rows),
        revenue_cents=sum(r.revenue_cents for r in rows),
        dry_run=dry_run,
    )


def preview_import(session: Session, report: ParsedReport, *, project: str | None) -> ImportResult:
    """What an import would do (``--dry-run``): nothing is written."""
    p = _target_project(session, report, project)
    assert p.id is not None
    return _result(session, p, report, _count_existing(session, p.id, report), True)


def import_metrics(
    uow: UnitOfWork, report: ParsedReport, *, project: str | None, import_key: str, file_name: str = ""
) -> ImportResult:
    """Upsert the report's rows by (project, source, campaign, day) in the caller's transaction."""
    s = uow.session
    p = _target_project(s, report, project)
    assert p.id is not None
    conn = s.connection()
    table = MetricRow.__table__  # type: ignore[attr-defined]
    # Copies of the rows about to be replaced go into the history, so that undo can put them back.
    old_rows = [
        row_image(table, r) for w in _overlap(p.id, report) for r in conn.execute(select(table).where(w))
    ]
    replaced = sum(conn.execute(delete(table).where(w)).rowcount for w in _overlap(p.id, report))
    now = utcnow()
    # The new ids as the database gave them (on PostgreSQL a sequence may hand out ids past the largest).
    new_ids = (
        conn.execute(
            insert(table).returning(table.c.id),
            [
                {
                    "project_id": p.id,
                    "metric_date": r.metric_date,
                    "source": report.source,
                    "campaign": r.campaign,
                    "currency": p.currency,
                    "spend_cents": r.spend_cents,
                    "impressions": r.impressions,
                    "clicks": r.clicks,
                    "conversions_milli": r.conversions_milli,
                    "revenue_cents": r.revenue_cents,
                    "span_days": r.span_days,
                    "import_key": import_key,
                    "imported_at": now,
                }
                for r in report.rows
            ],
        )
        .scalars()
        .all()
    )
    result = _result(s, p, report, replaced, False)
    # Bulk events (UnitOfWork.record_bulk_delete/record_bulk_insert): amtui undo puts the replaced rows back.
    if old_rows:
        uow.record_bulk_delete("metric_row", old_rows, project_id=p.id, source=report.source)
    uow.record_bulk_insert(
        "metric_row",
        new_ids,
        **{
            "import_key": import_key,
            "file": file_name,
            "project_id": p.id,
            "source": report.source,
            "rows": result.rows,
            "from": result.first_date.isoformat(),
            "to": result.last_date.isoformat(),
        },
    )
    s.expire_all()
    return result


# ---------------------------------------------------------------------------------------------- targets


@dataclass(frozen=True)
class KpiTargetInfo:
    project: str
    campaign: str | None
    metric: str
    value: int
    display: str


def _decimal(text: str, what: str, places: int) -> int:
    s = text.strip().rstrip("%").strip().replace(",", "")
    if not re.fullmatch(r"\d+(?:\.\d+)?", s):
        raise InputError(f"not a {what}: {text.strip()!r}; expected a number such as 4 or 1.5")
    try:
        v = Decimal(s)
    except InvalidOperation as exc:  # pragma: no cover - the regex guarantees a number
        raise InputError(f"not a {what}: {text.strip()!r}") from exc
    scaled = int((v * 10**places).to_integral_value(rounding=ROUND_HALF_EVEN))
    if scaled <= 0:
        raise InputError(f"{what} target must be more than zero: {text.strip()!r}")
    if scaled > 10**15:
        raise InputError(f"{what} target {text.strip()!r} is implausibly large")
    return scaled


def parse_target(metric: str, text: str) -> int:
    """User text → the stored integer: cents (cpa/cpc/cpm), thousandths (roas, conversions), bp (ctr)."""
    metric = check_choice(metric, KPI_METRICS, "KPI")
    if metric in LOWER_IS_BETTER:
        return parse_money(text, allow_zero=False)
    if metric == "ctr":
        bp = _decimal(text, "CTR", 2)
        if bp > 10_000:
            raise InputError(f"CTR target {text.strip()!r} is over 100%")
        return bp
    return _decimal(text, "ROAS" if metric == "roas" else "conversions", 3)


def set_targets(
    uow: UnitOfWork, ref: str, targets: dict[str, int], *, campaign: str | None = None
) -> list[KpiTargetInfo]:
    """Set (or replace) targets for a project or one of its campaigns."""
    s = uow.session
    if not targets:
        raise InputError("no target given: use --cpa, --roas, --ctr, --conversions, --cpc or --cpm")
    p = get_project(s, ref)
    assert p.id is not None
    name = " ".join(campaign.split()) if campaign else ""
    if campaign is not None and not name:
        raise InputError("campaign name is empty")
    out: list[KpiTargetInfo] = []
    for metric, value in targets.items():
        row = s.exec(
            select(KpiTarget).where(
                KpiTarget.project_id == p.id, KpiTarget.campaign == name, KpiTarget.metric == metric
            )
        ).first()
        if row is None:
            row = KpiTarget(project_id=p.id, campaign=name, metric=metric, value=value)
        else:
            row.value = value
        s.add(row)
        out.append(_target_info(project_ref(s, p), p.currency, row))
    s.flush()
    return out


def unknown_campaign(session: Session, ref: str, campaign: str) -> str | None:
    """A warning when ``campaign`` is not among the project's imported results (a typo makes a phantom
    campaign that never gets results), naming the nearest imported names; None when it is, or when nothing
    is imported yet for the project."""
    import difflib

    name = " ".join(campaign.split())
    p = get_project(session, ref)
    names = list(session.exec(select(MetricRow.campaign).where(MetricRow.project_id == p.id).distinct()))
    if not names or name in names:
        return None
    words = set(name.lower().replace("-", " ").split())

    def closeness(other: str) -> tuple[int, float]:
        shared = len(words & set(other.lower().replace("-", " ").split()))
        return shared, difflib.SequenceMatcher(None, name.lower(), other.lower()).ratio()

    near = sorted(names, key=lambda n: (tuple(-x for x in closeness(n)), n))[:3]
    return (
        f"warning: no results imported for campaign {name!r} in {project_ref(session, p)}; nearest: "
        + ", ".join(repr(n) for n in near)
        + " (the target is set; check the name)"
    )


@dataclass(frozen=True)
class MediaPlanInfo:
    project: str
    month: str
    amount_cents: int  # 0: the month's plan was removed
    currency: str
    months: int  # months planned for the project
    total_cents: int


def set_media_plan(uow: UnitOfWork, ref: str, month: str, amount_cents: int) -> MediaPlanInfo:
    """Set (or replace) a project's media budget for one month (``YYYY-MM``); an amount of 0 removes it."""
    from amtui.store.models import MediaPlan

    s = uow.session
    m = re.fullmatch(r"\s*(\d{4})-(\d{2})\s*", month)
    if not m or not 1 <= int(m.group(2)) <= 12 or not 1900 <= int(m.group(1)) <= 2999:
        raise InputError(f"--month must be a month like 2026-12, not {month!r}")
    key = f"{m.group(1)}-{m.group(2)}"
    if amount_cents < 0:
        raise InputError("a media plan must not be negative")
    p = get_project(s, ref)
    row = s.exec(select(MediaPlan).where(MediaPlan.project_id == p.id, MediaPlan.month == key)).first()
    if amount_cents == 0:
        if row is None:
            raise NotFoundError(f"no media plan for {project_ref(s, p)} {key} to remove (not found)")
        s.delete(row)
    elif row is None:
        assert p.id is not None
        s.add(MediaPlan(project_id=p.id, month=key, amount_cents=amount_cents))
    else:
        row.amount_cents = amount_cents
        s.add(row)
    s.flush()
    plans = list(s.exec(select(MediaPlan.amount_cents).where(MediaPlan.project_id == p.id)))
    return MediaPlanInfo(project_ref(s, p), key, amount_cents, p.currency, len(plans), sum(plans))


def _target_info(ref: str, currency: str, t: KpiTarget) -> KpiTargetInfo:
    return KpiTargetInfo(
        project=ref,
        campaign=t.campaign or None,
        metric=t.metric,
        value=t.value,
        display=format_target(t.metric, t.value, currency),
    )


def list_targets(session: Session, ref: str | None = None) -> list[KpiTargetInfo]:
    """Targets of one project (or account) or of the whole book, by project, campaign and metric."""
    q = (
        select(KpiTarget, Project, Account.slug)
        .join(Project, col(KpiTarget.project_id) == Project.id)
        .join(Account, col(Project.account_id) == Account.id)
    )
    if ref is not None:
        q = q.where(col(Project.id).in_(project_ids(session, ref)))
    q = q.order_by(Account.slug, Project.slug, KpiTarget.campaign, KpiTarget.metric)
    return [_target_info(f"{slug}/{p.slug}", p.currency, t) for t, p, slug in session.exec(q)]
