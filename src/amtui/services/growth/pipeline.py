"""Growth pipeline: opportunities inside existing accounts, weighted by probability.

Weighted value is value × probability; the per-account and total sums are SQL aggregates, kept per
currency (a pipeline in USD and one in EUR are never added together).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from amtui.core import clock
from amtui.core.errors import InputError, NotFoundError, StateError
from amtui.services.base.common import check_choice, check_text
from amtui.services.base.paging import PAGE_SIZE, Page, like_pattern, like_sql, page_of_sql
from amtui.services.base.refs import OPPORTUNITY, account_id, get_account
from amtui.store.sql import Db, day, rows

if TYPE_CHECKING:
    from sqlmodel import Session

    from amtui.store.models import Opportunity
    from amtui.store.uow import UnitOfWork


#: The opportunity list's columns, in order: the Pipeline screen and ``amtui opp list`` show these (one list).
LIST_COLUMNS = (
    "Ref",
    "Account",
    "Title",
    "Type",
    "Stage",
    "Value",
    "Prob.",
    "Weighted",
    "Next step",
    "Status",
    "Close by",
)
#: The columns of amounts and percentages, aligned right where the surface can.
RIGHT_ALIGNED = frozenset({"Value", "Prob.", "Weighted"})


@dataclass(frozen=True)
class OpportunityInfo:
    id: int
    ref: str
    account: str
    title: str
    type: str
    value_cents: int
    currency: str
    probability: int
    weighted_cents: int
    stage: str
    next_step: str | None
    next_on: date | None
    status: str
    reason: str | None
    opened_on: date
    closed_on: date | None
    project: str | None
    expected_close: date | None = None  # when the deal is expected to close (``--close-by``)


@dataclass(frozen=True)
class PipelineSummary:
    account: str
    currency: str
    open: int
    value_cents: int
    weighted_cents: int


@dataclass(frozen=True)
class PipelineTotal:
    currency: str
    open: int
    value_cents: int
    weighted_cents: int


@dataclass(frozen=True)
class Pipeline:
    opportunities: list[OpportunityInfo]
    accounts: list[PipelineSummary]
    totals: list[PipelineTotal]


def parse_probability(text: str | int) -> int:
    s = str(text).strip().rstrip("%").strip()
    if not re.fullmatch(r"\d{1,3}", s) or int(s) > 100:
        raise InputError(f"not a probability: {str(text).strip()!r}; expected a percentage from 0 to 100")
    return int(s)


def _weighted(value: int, probability: int) -> int:
    return (value * probability * 2 + 100) // 200


def _info(o: Any, account: str, project: str | None) -> OpportunityInfo:
    """From an ``Opportunity`` row or an :class:`_Stored` (the same attributes, read through SQL)."""
    assert o.id is not None
    return OpportunityInfo(
        id=o.id,
        ref=f"OPP-{o.id}",
        account=account,
        title=o.title,
        type=o.kind,
        value_cents=o.value_cents,
        currency=o.currency,
        probability=o.probability,
        weighted_cents=_weighted(o.value_cents, o.probability) if o.status == "open" else 0,
        stage=o.stage,
        next_step=o.next_step,
        next_on=o.next_on,
        status=o.status,
        reason=o.reason,
        opened_on=o.opened_on,
        closed_on=o.closed_on,
        project=project,
        expected_close=o.expected_close,
    )


def _get(session: Session, ref: str | int) -> Opportunity:
    from amtui.store.models import Opportunity

    n = OPPORTUNITY.parse(ref)
    o = session.get(Opportunity, n)
    if o is None:
        raise NotFoundError(f"no opportunity OPP-{n}")
    return o


def _load(session: Session, o: Opportunity) -> OpportunityInfo:
    from amtui.store.models import Account, Project

    acc = session.get(Account, o.account_id)
    proj = session.get(Project, o.project_id) if o.project_id else None
    return _info(o, acc.slug if acc else "?", f"{acc.slug if acc else '?'}/{proj.slug}" if proj else None)


def opportunity_info(session: Session, ref: str | int) -> OpportunityInfo:
    """One opportunity as the pipeline shows it."""
    return _load(session, _get(session, ref))


def add_opportunity(
    uow: UnitOfWork,
    account: str,
    title: str,
    *,
    value_cents: int,
    probability: int,
    kind: str = "expanded-scope",
    stage: str = "identified",
    next_step: str | None = None,
    next_on: date | None = None,
    expected_close: date | None = None,
    today: date | None = None,
) -> OpportunityInfo:
    from amtui.store.models import Opportunity
    from amtui.store.models.pipeline import OPP_STAGES, OPP_TYPES

    s = uow.session
    acc = get_account(s, account)
    if acc.status == "archived":
        raise StateError(f"account {acc.slug!r} is archived")
    if value_cents <= 0:
        raise InputError("an opportunity's value must be more than zero")
    today = today or clock.today()
    if expected_close is not None and expected_close < today:
        raise InputError(f"expected close {expected_close.isoformat()} is before today ({today.isoformat()})")
    assert acc.id is not None
    o = Opportunity(
        account_id=acc.id,
        title=check_text(title, "title"),
        kind=check_choice(kind, OPP_TYPES, "opportunity type"),
        value_cents=value_cents,
        currency=acc.currency,
        probability=parse_probability(probability),
        stage=check_choice(stage, OPP_STAGES, "stage"),
        next_step=check_text(next_step, "next step") if next_step is not None else None,
        next_on=next_on,
        expected_close=expected_close,
        opened_on=today,
    )
    s.add(o)
    s.flush()
    return _info(o, acc.slug, None)


def move_opportunity(
    uow: UnitOfWork,
    ref: str | int,
    *,
    stage: str | None = None,
    probability: int | None = None,
    next_step: str | None = None,
    next_on: date | None = None,
) -> tuple[OpportunityInfo, str]:
    """Move an open opportunity to another stage and/or update it. Returns (info, the old stage)."""
    s = uow.session
    o = _get(s, ref)
    if o.status != "open":
        raise StateError(f"OPP-{o.id} is {o.status}; only open opportunities move")
    if stage is None and probability is None and next_step is None and next_on is None:
        raise InputError("nothing to change: give --stage, --probability, --next-step or --next-date")
    old = o.stage
    if stage is not None:
        from amtui.store.models.pipeline import OPP_STAGES

        new = check_choice(stage, OPP_STAGES, "stage")
        if new == o.stage and probability is None and next_step is None and next_on is None:
            raise StateError(f"OPP-{o.id} is already at stage {new}")
        o.stage = new
    if probability is not None:
        o.probability = parse_probability(probability)
    if next_step is not None:
        o.next_step = check_text(next_step, "next step")
    if next_on is not None:
        o.next_on = next_on
    s.add(o)
    s.flush()
    return _load(s, o), old


def win_opportunity(
    uow: UnitOfWork,
    ref: str | int,
    *,
    create_project: str | None = None,
    budget_cents: int | None = None,
    on: date | None = None,
) -> OpportunityInfo:
    """Mark won; with ``create_project`` the won work becomes a project (budget: the value unless given)."""
    from amtui.services.clients import projects

    s = uow.session
    o = _get(s, ref)
    if o.status != "open":
        raise StateError(f"OPP-{o.id} is {o.status} already")
    o.status = "won"
    o.probability = 100
    o.closed_on = on or clock.today()
    if create_project:
        from sqlmodel import select

        from amtui.store.models import Account, Project

        acc = s.get(Account, o.account_id)
        assert acc is not None
        ref_text = create_project.strip().lower()
        if "/" in ref_text and ref_text.split("/", 1)[0] != acc.slug:
            raise InputError(f"the project must be under {acc.slug!r}, the opportunity's account")
        proj_slug = ref_text.split("/", 1)[1] if "/" in ref_text else ref_text
        info = projects.add_project(
            uow,
            f"{acc.slug}/{proj_slug}",
            o.title,
            budget_cents=o.value_cents if budget_cents is None else budget_cents,
            start_on=o.closed_on,
        )
        o.project_id = s.exec(
            select(Project.id).where(Project.account_id == acc.id, Project.slug == info.slug)
        ).one()
    elif budget_cents is not None:
        raise InputError("--budget goes with --create-project")
    s.add(o)
    s.flush()
    return _load(s, o)


def lose_opportunity(
    uow: UnitOfWork, ref: str | int, *, reason: str | None = None, on: date | None = None
) -> OpportunityInfo:
    s = uow.session
    o = _get(s, ref)
    if o.status != "open":
        raise StateError(f"OPP-{o.id} is {o.status} already")
    o.status = "lost"
    o.reason = check_text(reason, "reason", max_len=1000) if reason is not None else None
    o.closed_on = on or clock.today()
    s.add(o)
    s.flush()
    return _load(s, o)


@dataclass(frozen=True)
class _Stored:
    """An opportunity's columns as read through SQL, with the attributes :func:`_info` reads."""

    id: int
    title: str
    kind: str
    value_cents: int
    currency: str
    probability: int
    stage: str
    next_step: str | None
    next_on: date | None
    status: str
    reason: str | None
    opened_on: date | None
    closed_on: date | None
    expected_close: date | None


_OPP_SELECT = (
    "SELECT o.id, o.title, o.kind, o.value_cents, o.currency, o.probability, o.stage, o.next_step, "
    "o.next_on, o.status, o.reason, o.opened_on, o.closed_on, a.slug, pa.slug || '/' || p.slug, "
    "o.expected_close "
    "FROM opportunity o JOIN account a ON a.id = o.account_id "
    "LEFT JOIN project p ON p.id = o.project_id LEFT JOIN account pa ON pa.id = p.account_id "
)
#: Open first, then by next step date (none last), then id: a total order, so pages neither repeat nor skip.
_OPP_ORDER = "o.status != 'open', o.next_on IS NULL, o.next_on, o.id"


def _from_row(r: tuple[Any, ...]) -> OpportunityInfo:
    oid, title, kind, value, cur, prob, stage, step, next_on, status, reason, opened, closed = r[:13]
    stored = _Stored(
        oid, title, kind, value, cur, prob, stage, step, day(next_on), status, reason, day(opened),
        day(closed), day(r[15]),
    )  # fmt: skip
    return _info(stored, r[13], r[14])


def page_opportunities(
    session: Db,
    *,
    include_closed: bool = False,
    text: str | None = None,
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> Page[OpportunityInfo]:
    """One page of the pipeline's opportunities, in :func:`pipeline`'s order; ``text`` matches the title or
    the account (slug or name)."""
    where = ["1 = 1" if include_closed else "o.status = 'open'"]
    params: list[Any] = []
    pattern = like_pattern(text)
    if pattern is not None:
        where.append(like_sql("o.title", "a.slug", "a.name"))
        params += [pattern] * 3
    sql = _OPP_SELECT + "WHERE " + " AND ".join(where)
    return page_of_sql(session, sql, params, order_by=_OPP_ORDER, offset=offset, limit=limit, row=_from_row)


def pipeline(
    session: Db,
    account: str | None = None,
    *,
    include_closed: bool = False,
    opportunities: bool = True,
) -> Pipeline:
    """Opportunities (open first, by next date) with weighted sums per account and in total (SQL).

    Plain SQL (:mod:`amtui.store.sql`): ``session`` is a SQLModel session or a sqlite3 connection.
    ``opportunities=False`` reads only the sums (a screen that pages the list reads it with
    :func:`page_opportunities`)."""
    acc_where, acc_params = "", []
    if account:
        acc_where, acc_params = " AND o.account_id = ?", [account_id(session, account)]
    status_where = "1 = 1" if include_closed else "o.status = 'open'"
    opps: list[OpportunityInfo] = []
    if opportunities:
        sql = f"{_OPP_SELECT}WHERE {status_where}{acc_where} ORDER BY {_OPP_ORDER}"
        opps = [_from_row(r) for r in rows(session, sql, acc_params)]
    per_account = [
        PipelineSummary(slug, cur, int(n), int(v or 0), (int(w or 0) * 2 + 100) // 200)
        for slug, cur, n, v, w in rows(
            session,
            "SELECT a.slug, o.currency, count(*), sum(o.value_cents), sum(o.value_cents * o.probability) "
            "FROM opportunity o JOIN account a ON a.id = o.account_id "
            f"WHERE o.status = 'open'{acc_where} GROUP BY a.slug, o.currency ORDER BY a.slug",
            acc_params,
        )
    ]
    totals: dict[str, list[int]] = {}
    for a in per_account:
        t = totals.setdefault(a.currency, [0, 0, 0])
        t[0] += a.open
        t[1] += a.value_cents
        t[2] += a.weighted_cents
    return Pipeline(
        opportunities=opps,
        accounts=per_account,
        totals=[PipelineTotal(cur, *vals) for cur, vals in sorted(totals.items())],
    )
