"""A project's budget by estimate line: what each team was sold for, what it has used, where it is heading.

The lines are the accepted estimate's (the version the client signed), each team's hours lines together:

- **Estimate** = the team's hours and their price; fixed items together as one line, whose actual is the
  costs logged (``amtui cost``); the contingency as a line with nothing logged against it. An approved change
  order drafted for a team (``add-change-order … --team creative``) adds its amount and hours to that team's
  line (a team the estimate had no line for gets one); the others are one "change orders" line, so the lines
  add up to the project's current budget.
- **Actual** = the value of the team's time logged up to ``as_of`` (every entry at its own rate, billable or
  not), exactly as budget health counts the project's: the lines' actuals add up to the project's actual.
  Time of a team the estimate has no line for, or of no team, is its own line (``unplanned``).
- **EAC** projects each line by the project's own method (:mod:`amtui.services.money.budget_health`): by
  earned value, run rate or actual, all three a factor on the actual, each line is its actual × the
  project's EAC / the project's actual; with nothing to project from, the larger of estimate and actual.
- **Burn** = actual / estimate; **status** is :func:`~amtui.services.money.budget_health.status_of`, the
  same ±5% bands as the project's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from amtui.core.errors import NotFoundError
from amtui.services.base.refs import find_project
from amtui.services.estimates.read import ACCEPTED, detail
from amtui.services.money.budget_health import STATUSES, ProjectHealth, status_of
from amtui.services.money.rules import approved_by_team
from amtui.store.sql import Db, rows

FIXED = "fixed items"
CONTINGENCY = "contingency"
CHANGE_ORDERS = "change orders"
NO_TEAM = "no team"
#: The statuses a line is "at risk" in: the worse half of budget health's bands.
RISKY = STATUSES[2:]


@dataclass(frozen=True)
class BudgetLine:
    name: str
    estimate_minutes: int | None
    estimate_cents: int
    actual_minutes: int
    actual_cents: int
    eac_cents: int
    burn: float | None
    status: str
    currency: str
    unplanned: bool = False  # time the estimate has no line for
    change_orders_cents: int = 0  # of estimate_cents: what approved change orders for the team added


@dataclass(frozen=True)
class BudgetLines:
    project: str
    currency: str
    as_of: date
    estimate_id: int
    version: int
    eac_method: str
    project_status: str
    lines: tuple[BudgetLine, ...]
    estimate_cents: int
    actual_cents: int
    eac_cents: int

    @property
    def at_risk(self) -> list[BudgetLine]:
        """Lines at risk or over."""
        return [ln for ln in self.lines if ln.status in RISKY]

    @property
    def hidden_risks(self) -> list[BudgetLine]:
        """Lines at risk or over while the project as a whole is not: what the project's own status hides
        (``budget --lines`` says so under its table, Today warns of it)."""
        return [] if self.project_status in RISKY else self.at_risk


def _round(num: int, den: int) -> int:
    q, r = divmod(num, den)
    return q + (1 if r * 2 >= den else 0)


def _line(
    name: str,
    est_min: int | None,
    est: int,
    act_min: int,
    act: int,
    h: ProjectHealth,
    *,
    unplanned: bool = False,
    co: int = 0,
) -> BudgetLine:
    """One line judged as the project is (its EAC method, :func:`status_of`'s bands)."""
    if h.eac_method == "budget" or h.eac_cents is None:
        eac = max(est, act)
    elif h.actual_cents > 0:
        eac = _round(act * h.eac_cents, h.actual_cents)
    else:
        eac = act
    burn = round(act / est, 4) if est > 0 else None
    return BudgetLine(
        name, est_min, est, act_min, act, eac, burn, status_of(act, est, eac), h.currency, unplanned, co
    )


def accepted_estimate_id(db: Db, project_id: int) -> int | None:
    found = rows(
        db,
        "SELECT id FROM estimate WHERE project_id = ? AND status = ? ORDER BY id DESC LIMIT 1",
        (project_id, ACCEPTED),
    )
    return int(found[0][0]) if found else None


def budget_lines(db: Db, ref: str, *, as_of: date) -> BudgetLines:
    """The project's budget by line on ``as_of`` (see the module); NotFoundError when no estimate was
    accepted into it."""
    from amtui.services.money.budget import project_health

    p, slug = find_project(db, ref)
    est_id = accepted_estimate_id(db, p.id)
    if est_id is None:
        raise NotFoundError(
            f"{slug}/{p.slug} has no accepted estimate to break its budget into lines "
            f"(amtui estimate accept ID --project {slug}/{p.slug})"
        )
    found = rows(db, "SELECT accepted_version FROM estimate WHERE id = ?", (est_id,))
    d = detail(db, est_id, int(found[0][0]))
    h = project_health(db, p.id, as_of=as_of)
    # Grouped by the column itself (PostgreSQL cannot match a parameter in GROUP BY), no team named here.
    time = {
        r[0] if r[0] is not None else NO_TEAM: (int(r[1]), int(r[2]))
        for r in rows(
            db,
            "SELECT team, SUM(minutes), SUM(amount_cents) FROM time_entry "
            "WHERE project_id = ? AND entry_date <= ? GROUP BY team",
            (p.id, as_of.isoformat()),
        )
    }
    costs = int(
        rows(
            db,
            "SELECT coalesce(SUM(amount_cents), 0) FROM cost_entry WHERE project_id = ? AND entry_date <= ?",
            (p.id, as_of.isoformat()),
        )[0][0]
    )
    teams: dict[str, tuple[int, int]] = {}
    fixed = 0
    for ln in d.lines:
        if ln.team is not None:
            m, c = teams.get(ln.team, (0, 0))
            teams[ln.team] = (m + (ln.minutes or 0), c + ln.amount_cents)
        else:
            fixed += ln.amount_cents
    by_team = approved_by_team(db, p.id, as_of)
    added: dict[str, int] = {}
    for team, (c, m) in by_team.items():
        if team is not None:
            tm, tc = teams.get(team, (0, 0))
            teams[team] = (tm + m, tc + c)
            added[team] = c
    out = [
        _line(team, m or None, c, *time.get(team, (0, 0)), h, co=added.get(team, 0))
        for team, (m, c) in teams.items()
    ]
    if fixed or costs:
        out.append(_line(FIXED, None, fixed, 0, costs, h))
    if d.totals.contingency_cents:
        out.append(_line(CONTINGENCY, None, d.totals.contingency_cents, 0, 0, h))
    rest = h.approved_change_orders_cents - sum(added.values())
    if rest:
        out.append(_line(CHANGE_ORDERS, None, rest, 0, 0, h, co=rest))
    for team, (m, c) in sorted(time.items()):
        if team not in teams:
            out.append(_line(team, None, 0, m, c, h, unplanned=True))
    return BudgetLines(
        project=f"{slug}/{p.slug}",
        currency=d.currency,
        as_of=as_of,
        estimate_id=d.id,
        version=d.version,
        eac_method=h.eac_method,
        project_status=h.status,
        lines=tuple(out),
        estimate_cents=sum(ln.estimate_cents for ln in out),
        actual_cents=sum(ln.actual_cents for ln in out),
        eac_cents=sum(ln.eac_cents for ln in out),
    )


def hidden_line_risks(db: Db, *, as_of: date) -> list[BudgetLines]:
    """Every active project (started by ``as_of``, its account not archived) with an accepted estimate where
    a line is at risk or over while the project is not (:attr:`BudgetLines.hidden_risks`)."""
    found = rows(
        db,
        "SELECT DISTINCT a.slug || '/' || p.slug FROM estimate e JOIN project p ON p.id = e.project_id "
        "JOIN account a ON a.id = p.account_id WHERE e.status = ? AND p.status = 'active' "
        "AND a.status != 'archived' AND (p.start_on IS NULL OR p.start_on <= ?) ORDER BY 1",
        (ACCEPTED, as_of.isoformat()),
    )
    out = []
    for (ref,) in found:
        b = budget_lines(db, ref, as_of=as_of)
        if b.hidden_risks:
            out.append(b)
    return out
