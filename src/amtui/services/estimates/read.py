"""Estimates as the screens and one-liners read them: SQL text on :mod:`amtui.store.sql`, frozen results.

An estimate's figures are always :mod:`amtui.services.estimates.arithmetic` over its stored lines; nothing
here adds money up any other way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from amtui.core.errors import InputError, NotFoundError
from amtui.services.base.refs import scope
from amtui.services.estimates.arithmetic import CONTINGENCY, Line, Totals, totals, with_contingency
from amtui.store.models.choices import ESTIMATE_STATUSES
from amtui.store.sql import Db, Row, day, marks, rows

DRAFT, ACCEPTED = ESTIMATE_STATUSES


@dataclass(frozen=True)
class VersionInfo:
    number: int
    contingency_bp: int
    note: str | None
    amount_cents: int
    created_at: datetime | None


@dataclass(frozen=True)
class EstimateDetail:
    id: int
    account: str
    account_name: str
    account_id: int
    project: str | None  # account/project once linked (written for, or accepted into)
    project_id: int | None
    title: str
    status: str
    billing: str
    currency: str
    on_date: date
    start_on: date | None
    end_on: date | None
    version: int  # the version shown
    current_version: int
    accepted_version: int | None
    assumptions: str | None
    exclusions: str | None
    template: str | None
    contingency_bp: int
    lines: tuple[Line, ...]  # the version's lines, without contingency
    totals: Totals
    versions: tuple[VersionInfo, ...]

    @property
    def shown_lines(self) -> list[Line]:
        """The lines a client sees: the version's lines and the contingency line."""
        return with_contingency(self.lines, self.contingency_bp)

    @property
    def locked(self) -> bool:
        return self.status == ACCEPTED


@dataclass(frozen=True)
class EstimateSummary:
    id: int
    account: str
    project: str | None
    title: str
    status: str
    version: int
    billing: str
    currency: str
    on_date: date
    minutes: int
    amount_cents: int
    cost_cents: int
    margin_cents: int
    margin_pct: float | None


def parse_version(text: str) -> int:
    m = re.fullmatch(r"v?(\d{1,6})", text.strip().lower())
    if not m or int(m.group(1)) < 1:
        raise InputError(f"not a version: {text!r}; expected e.g. 2 or v2")
    return int(m.group(1))


_LINE_COLUMNS = (
    "kind, team, label, minutes, bill_rate_cents, cost_rate_cents, amount_cents, cost_cents, seq, version"
)


def _line(r: Row) -> Line:
    return Line(r[0], r[1], r[2], r[3], r[4], r[5], int(r[6]), int(r[7]), int(r[8]))


def lines_of(db: Db, estimate_id: int, version: int) -> list[Line]:
    found = rows(
        db,
        f"SELECT {_LINE_COLUMNS} FROM estimate_line WHERE estimate_id = ? AND version = ? ORDER BY seq",
        (estimate_id, version),
    )
    return [_line(r) for r in found]


def _lines_by_version(db: Db, estimate_ids: list[int]) -> dict[tuple[int, int], list[Line]]:
    out: dict[tuple[int, int], list[Line]] = {}
    if not estimate_ids:
        return out
    found = rows(
        db,
        f"SELECT {_LINE_COLUMNS}, estimate_id FROM estimate_line "
        f"WHERE estimate_id IN ({marks(estimate_ids)}) "
        "ORDER BY estimate_id, version, seq",
        estimate_ids,
    )
    for r in found:
        out.setdefault((int(r[10]), int(r[9])), []).append(_line(r))
    return out


_HEAD = """
SELECT e.id, a.slug, a.name, a.id, pa.slug || '/' || p.slug, e.project_id, e.title, e.status, e.billing,
       e.currency, e.on_date, e.start_on, e.end_on, e.version, e.accepted_version, e.assumptions,
       e.exclusions, e.template
FROM estimate e JOIN account a ON a.id = e.account_id
LEFT JOIN project p ON p.id = e.project_id LEFT JOIN account pa ON pa.id = p.account_id
"""


def parse_id(ref: str | int) -> int:
    m = re.fullmatch(r"(?:e-?)?(\d{1,9})", str(ref).strip().lower())
    if not m:
        raise InputError(
            f"not an estimate: {str(ref)!r}; expected its number, e.g. 3 (see amtui estimate list)"
        )
    return int(m.group(1))


def detail(db: Db, estimate_id: int, version: int | None = None) -> EstimateDetail:
    """One estimate at a version (default: its current one), with its lines, totals and versions."""
    found = rows(db, _HEAD + "WHERE e.id = ?", (estimate_id,))
    if not found:
        raise NotFoundError(f"no estimate {estimate_id} (see amtui estimate list)")
    h = found[0]
    current = int(h[13])
    vrows = rows(
        db,
        "SELECT number, contingency_bp, note, created_at FROM estimate_version WHERE estimate_id = ? "
        "ORDER BY number",
        (estimate_id,),
    )
    by_version = _lines_by_version(db, [estimate_id])
    versions = tuple(
        VersionInfo(
            int(v[0]),
            int(v[1]),
            v[2],
            totals(by_version.get((estimate_id, int(v[0])), []), int(v[1])).amount_cents,
            datetime.fromisoformat(str(v[3])) if v[3] else None,
        )
        for v in vrows
    )
    number = current if version is None else version
    chosen = [v for v in versions if v.number == number]
    if not chosen:
        raise NotFoundError(f"estimate {estimate_id} has no v{number} (it has v1 to v{current})")
    lines = tuple(by_version.get((estimate_id, number), []))
    bp = chosen[0].contingency_bp
    return EstimateDetail(
        id=int(h[0]),
        account=h[1],
        account_name=h[2],
        account_id=int(h[3]),
        project=h[4],
        project_id=h[5],
        title=h[6],
        status=h[7],
        billing=h[8],
        currency=h[9],
        on_date=day(h[10]) or date.min,
        start_on=day(h[11]),
        end_on=day(h[12]),
        version=number,
        current_version=current,
        accepted_version=h[14],
        assumptions=h[15],
        exclusions=h[16],
        template=h[17],
        contingency_bp=bp,
        lines=lines,
        totals=totals(lines, bp),
        versions=versions,
    )


def list_estimates(db: Db, ref: str | None = None, *, status: str | None = None) -> list[EstimateSummary]:
    """Estimates, newest first: every one, an account's, or those of one project; ``status`` filters."""
    where: list[str] = ["1 = 1"]
    params: list[object] = []
    if ref is not None:
        sc = scope(db, ref)
        if sc.account_id is not None:
            where.append("e.account_id = ?")
            params.append(sc.account_id)
        else:
            where.append("e.project_id = ?")
            params.append(sc.ids[0])
    if status is not None:
        from amtui.services.base.common import check_choice

        where.append("e.status = ?")
        params.append(check_choice(status, ESTIMATE_STATUSES, "estimate status"))
    heads = rows(db, _HEAD + "WHERE " + " AND ".join(where) + " ORDER BY e.id DESC", params)
    ids = [int(h[0]) for h in heads]
    by_version = _lines_by_version(db, ids)
    bps = {
        (int(r[0]), int(r[1])): int(r[2])
        for r in (
            rows(
                db,
                f"SELECT estimate_id, number, contingency_bp FROM estimate_version "
                f"WHERE estimate_id IN ({marks(ids)})",
                ids,
            )
            if ids
            else []
        )
    }
    out = []
    for h in heads:
        key = (int(h[0]), int(h[13]))
        t = totals(by_version.get(key, []), bps.get(key, 0))
        out.append(
            EstimateSummary(
                id=key[0],
                account=h[1],
                project=h[4],
                title=h[6],
                status=h[7],
                version=key[1],
                billing=h[8],
                currency=h[9],
                on_date=day(h[10]) or date.min,
                minutes=t.minutes,
                amount_cents=t.amount_cents,
                cost_cents=t.cost_cents,
                margin_cents=t.margin_cents,
                margin_pct=t.margin_pct,
            )
        )
    return out


# ---------------------------------------------------------------------------------------------- diff


@dataclass(frozen=True)
class LineChange:
    name: str  # team or item
    change: str  # added | removed | changed
    minutes_before: int | None
    minutes_after: int | None
    amount_before_cents: int
    amount_after_cents: int

    @property
    def delta_cents(self) -> int:
        return self.amount_after_cents - self.amount_before_cents


@dataclass(frozen=True)
class EstimateDiff:
    id: int
    currency: str
    from_version: int
    to_version: int
    changes: tuple[LineChange, ...]
    total_before_cents: int
    total_after_cents: int
    margin_before_pct: float | None
    margin_after_pct: float | None


def _by_name(lines: list[Line]) -> dict[str, tuple[int | None, int]]:
    out: dict[str, tuple[int | None, int]] = {}
    for ln in lines:
        name = CONTINGENCY if ln.kind == CONTINGENCY else ln.name
        mins, amount = out.get(name, (None, 0))
        if ln.minutes is not None:
            mins = (mins or 0) + ln.minutes
        out[name] = (mins, amount + ln.amount_cents)
    return out


def diff(db: Db, estimate_id: int, v1: int | None = None, v2: int | None = None) -> EstimateDiff:
    """What changed between two versions (default: the previous and the current), line by line (a team's
    or an item's lines together, contingency as a line) and in total."""
    b = detail(db, estimate_id, v2)
    a = detail(db, estimate_id, v1 if v1 is not None else max(b.version - 1, 1))
    before, after = _by_name(a.shown_lines), _by_name(b.shown_lines)
    changes = []
    for name in [*before, *(n for n in after if n not in before)]:
        mb, ab = before.get(name, (None, 0))
        ma, aa = after.get(name, (None, 0))
        if name not in after:
            kind = "removed"
        elif name not in before:
            kind = "added"
        elif (mb, ab) != (ma, aa):
            kind = "changed"
        else:
            continue
        changes.append(LineChange(name, kind, mb, ma, ab, aa))
    return EstimateDiff(
        b.id,
        b.currency,
        a.version,
        b.version,
        tuple(changes),
        a.totals.amount_cents,
        b.totals.amount_cents,
        a.totals.margin_pct,
        b.totals.margin_pct,
    )


def team_minutes(db: Db, project_id: int) -> list[tuple[str, int]]:
    """A project's logged time per team (time without a team left out), most hours first."""
    found = rows(
        db,
        "SELECT team, SUM(minutes) FROM time_entry WHERE project_id = ? AND team IS NOT NULL "
        "GROUP BY team HAVING SUM(minutes) > 0 ORDER BY SUM(minutes) DESC, team",
        (project_id,),
    )
    return [(r[0], int(r[1])) for r in found]
