"""Projects under accounts: scope, billing type, original budget, dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from amtui.core import clock
from amtui.core.errors import ConflictError, InputError, StateError
from amtui.services.base.common import check_choice, check_slug, check_text, slugify
from amtui.services.base.refs import get_account, get_project
from amtui.services.money import terms as billing_terms
from amtui.services.money.schedule import (
    TERM_FIELDS,
    ProjectTerms,
    apply_terms,
    project_terms,
    resolve_terms,
)
from amtui.services.money.terms import LineSpec
from amtui.store.models import Account, ProgressEntry, Project
from amtui.store.models.base import utcnow
from amtui.store.models.project import BILLING_TYPES, PROJECT_STATUSES
from amtui.store.uow import UnitOfWork

if TYPE_CHECKING:
    from amtui.services.money.budget_health import ProjectHealth


@dataclass(frozen=True)
class ProjectInfo:
    ref: str
    account: str
    slug: str
    name: str
    code: str | None
    billing: str
    currency: str
    budget_cents: int
    budget_minutes: int | None
    rate_cents: int | None
    cap_cents: int | None
    retainer_fee_cents: int | None
    start_on: date | None
    end_on: date | None
    status: str
    complete_bp: int | None = None
    retainer_minutes: int | None = None


@dataclass(frozen=True)
class ProgressPoint:
    """One dated % complete as the AM set it (``None``: the figure was cleared that day)."""

    on: date
    complete_bp: int | None


def _info(project: Project, account_slug: str) -> ProjectInfo:
    return ProjectInfo(
        ref=f"{account_slug}/{project.slug}",
        account=account_slug,
        slug=project.slug,
        name=project.name,
        code=project.code,
        billing=project.billing,
        currency=project.currency,
        budget_cents=project.budget_cents,
        budget_minutes=project.budget_minutes,
        rate_cents=project.rate_cents,
        cap_cents=project.cap_cents,
        retainer_fee_cents=project.retainer_fee_cents,
        start_on=project.start_on,
        end_on=project.end_on,
        status=project.status,
        complete_bp=project.complete_bp,
        retainer_minutes=project.retainer_minutes,
    )


def add_project(
    uow: UnitOfWork,
    ref: str,
    name: str,
    *,
    budget_cents: int,
    budget_minutes: int | None = None,
    billing: str = "fixed",
    start_on: date | None = None,
    end_on: date | None = None,
    rate_cents: int | None = None,
    cap_cents: int | None = None,
    retainer_fee_cents: int | None = None,
    retainer_minutes: int | None = None,
    code: str | None = None,
    complete_bp: int | None = None,
    bill_timing: str | None = None,
    fee_schedule: str | None = None,
    deposit_bp: int | None = None,
    co_billing: str | None = None,
    lines: list[LineSpec] | None = None,
) -> ProjectInfo:
    """Add a project. ``ref`` is ``account/slug`` or just ``account`` (the slug then comes from the name).

    Billing terms not given are the defaults of the billing type (:mod:`amtui.services.money.terms`); a
    schedule by milestones cannot be set here, the new project has none yet (``project edit`` sets it).
    ``complete_bp`` records a % complete as of today (:func:`set_complete`)."""
    s = uow.session
    acc_slug, _, proj_slug = ref.strip().lower().partition("/")
    acc = get_account(s, acc_slug)
    name = check_text(name, "project name")
    slug = check_slug(proj_slug or slugify(name))
    billing = check_choice(billing, BILLING_TYPES, "billing type")
    if budget_cents < 0:
        raise InputError("budget must not be negative")
    if start_on and end_on and end_on < start_on:
        raise InputError(f"end date {end_on.isoformat()} is before start date {start_on.isoformat()}")
    if s.exec(select(Project).where(Project.account_id == acc.id, Project.slug == slug)).first():
        raise ConflictError(f"{acc.slug!r} already has a project {slug!r}")
    if code and s.exec(select(Project).where(Project.code == code.strip())).first():
        raise ConflictError(f"project code {code!r} is used already")
    if fee_schedule == "milestones" or any(ln.milestone_id is not None for ln in lines or ()):
        raise InputError(
            "a new project has no milestones yet: add them (amtui milestone add …), then "
            "amtui project edit REF --schedule milestones --lines M12:30%,M14:70%"
        )
    terms = resolve_terms(
        billing,
        dict.fromkeys(TERM_FIELDS),
        bill_timing=bill_timing,
        fee_schedule=fee_schedule,
        deposit_bp=deposit_bp,
        co_billing=co_billing,
    )
    assert acc.id is not None
    p = Project(
        account_id=acc.id,
        slug=slug,
        name=name,
        code=code.strip() if code else None,
        billing=billing,
        currency=acc.currency,
        budget_cents=budget_cents,
        budget_minutes=budget_minutes,
        rate_cents=rate_cents,
        cap_cents=cap_cents,
        retainer_fee_cents=retainer_fee_cents,
        retainer_minutes=retainer_minutes,
        start_on=start_on,
        end_on=end_on,
        **terms,
    )
    s.add(p)
    s.flush()
    if complete_bp is not None:
        set_complete(uow, p, complete_bp)
    apply_terms(uow, p, lines=lines)  # the schedule's lines, and every rule that needs the project's id
    return _info(p, acc.slug)


def set_complete(
    uow: UnitOfWork, project: Project, complete_bp: int | None, *, on: date | None = None
) -> ProgressPoint:
    """The one write of a project's % complete: append a dated ``progress_entry`` (``on``, default today) and
    set ``project.complete_bp``, the figure of now. ``None`` clears the figure from that day.

    Refused (:class:`InputError`) outside 0–100%, after today (a figure is recorded when it is judged), and
    before the project's start (no figure before a project started). A back-dated entry joins the history
    where it belongs; the figure of now stays the latest-dated one (on a tie, the last written)."""
    if complete_bp is not None and not 0 <= complete_bp <= 10_000:
        raise InputError("% complete must be between 0% and 100%")
    today = clock.today()
    on = on or today
    if on > today:
        raise InputError(
            f"% complete date {on} is in the future (today is {today}); record it when it is judged"
        )
    if project.start_on is not None and on < project.start_on:
        raise InputError(f"% complete date {on} is before the project starts ({project.start_on})")
    s = uow.session
    assert project.id is not None
    s.add(ProgressEntry(project_id=project.id, on_date=on, complete_bp=complete_bp))
    later = s.exec(
        select(ProgressEntry.id).where(
            ProgressEntry.project_id == project.id, col(ProgressEntry.on_date) > on
        )
    ).first()
    if later is None and project.complete_bp != complete_bp:
        project.complete_bp = complete_bp
        s.add(project)
    s.flush()
    return ProgressPoint(on, complete_bp)


def progress_history(session: Session, project_id: int) -> list[ProgressPoint]:
    """A project's % complete history, oldest first (entries of one day in the order written)."""
    q = (
        select(col(ProgressEntry.on_date), col(ProgressEntry.complete_bp))
        .where(ProgressEntry.project_id == project_id)
        .order_by(col(ProgressEntry.on_date), col(ProgressEntry.id))
    )
    return [ProgressPoint(on, bp) for on, bp in session.exec(q)]


def list_projects(
    session: Session, account_slug: str | None = None, *, include_archived: bool = False
) -> list[ProjectInfo]:
    q = select(Project, Account.slug).join(Account, col(Project.account_id) == Account.id)
    if account_slug:
        acc = get_account(session, account_slug)
        q = q.where(Project.account_id == acc.id)
    if not include_archived:
        q = q.where(Project.status != "archived")
    q = q.order_by(Account.slug, Project.slug)
    return [_info(p, slug) for p, slug in session.exec(q)]


def project_info(session: Session, ref: str) -> ProjectInfo:
    p = get_project(session, ref)
    acc = session.get(Account, p.account_id)
    assert acc is not None
    return _info(p, acc.slug)


def project_details(session: Session, ref: str) -> tuple[ProjectInfo, ProjectTerms]:
    """A project and its billing terms with their schedule lines (``project show``)."""
    p = get_project(session, ref)
    acc = session.get(Account, p.account_id)
    assert acc is not None and p.id is not None
    return _info(p, acc.slug), project_terms(session, p.id)


def parse_percent_bp(text: str) -> int:
    """``40%``, ``40``, ``12.5%`` → basis points (4000, 4000, 1250); 0–100 only."""
    return billing_terms.parse_percent_bp(text, "a percentage complete")


def edit_project(
    uow: UnitOfWork,
    ref: str,
    *,
    name: str | None = None,
    budget_cents: int | None = None,
    budget_minutes: int | None = None,
    start_on: date | None = None,
    end_on: date | None = None,
    rate_cents: int | None = None,
    cap_cents: int | None = None,
    code: str | None = None,
    status: str | None = None,
    complete_bp: int | None = None,
    retainer_fee_cents: int | None = None,
    retainer_minutes: int | None = None,
    billing: str | None = None,
    clear_complete: bool = False,
    complete_on: date | None = None,
    bill_timing: str | None = None,
    fee_schedule: str | None = None,
    deposit_bp: int | None = None,
    co_billing: str | None = None,
    lines: list[LineSpec] | None = None,
    media_budget_cents: int | None = None,
    clear_media_budget: bool = False,
) -> tuple[ProjectInfo, list[tuple[str, Any, Any]]]:
    """Change what is given; returns the project and the (field, before, after) that changed.

    Billing terms go through :func:`amtui.services.money.schedule.apply_terms`: given ``lines`` replace the
    schedule's lines, and a new billing type resets the terms it cannot keep (reported as changes).

    % complete (``complete_bp``, or ``clear_complete``) goes through :func:`set_complete`, dated
    ``complete_on`` (default today); it is reported as changed whenever given, since a dated entry is
    written even when the figure stays the same."""
    s = uow.session
    p = get_project(s, ref)
    acc = s.get(Account, p.account_id)
    assert acc is not None
    new: dict[str, Any] = {}
    if name is not None:
        new["name"] = check_text(name, "project name")
    if budget_cents is not None:
        if budget_cents < 0:
            raise InputError("budget must not be negative")
        new["budget_cents"] = budget_cents
    if budget_minutes is not None:
        new["budget_minutes"] = budget_minutes
    if rate_cents is not None:
        new["rate_cents"] = rate_cents
    if cap_cents is not None:
        new["cap_cents"] = cap_cents
    if retainer_fee_cents is not None:
        new["retainer_fee_cents"] = retainer_fee_cents
    if media_budget_cents is not None and clear_media_budget:
        raise InputError("give a media budget or clear it, not both")
    if media_budget_cents is not None:
        if media_budget_cents <= 0:
            raise InputError("media budget must be more than zero ('' clears it)")
        new["media_budget_cents"] = media_budget_cents
    if clear_media_budget:
        new["media_budget_cents"] = None
    if retainer_minutes is not None:
        new["retainer_minutes"] = retainer_minutes
    if billing is not None:
        new["billing"] = check_choice(billing, BILLING_TYPES, "billing type")
    progress = complete_bp is not None or clear_complete
    if complete_bp is not None and clear_complete:
        raise InputError("give a % complete or clear it, not both")
    if complete_on is not None and not progress:
        raise InputError("--complete-on dates a % complete: give --complete too")
    if code is not None:
        code = code.strip()
        if code and code != p.code and s.exec(select(Project).where(Project.code == code)).first():
            raise ConflictError(f"project code {code!r} is used already")
        new["code"] = code or None
    if start_on is not None:
        new["start_on"] = start_on
    if end_on is not None:
        new["end_on"] = end_on
    start, end = new.get("start_on", p.start_on), new.get("end_on", p.end_on)
    if start and end and end < start:
        raise InputError(f"end date {end.isoformat()} is before start date {start.isoformat()}")
    if status is not None:
        status = check_choice(status, PROJECT_STATUSES, "project status")
        if status != "archived" and acc.status == "archived":
            raise StateError(f"account {acc.slug!r} is archived; its projects stay archived")
        new["status"] = status
    terms_given = (bill_timing, fee_schedule, deposit_bp, co_billing, lines)
    if not new and not progress and all(v is None for v in terms_given):
        raise InputError("nothing to change: give at least one option (see amtui project edit --help)")
    billing_before = p.billing
    changes = [(k, getattr(p, k), v) for k, v in new.items() if getattr(p, k) != v]
    for k, _, v in changes:
        setattr(p, k, v)
    if "status" in new:
        p.archived_at = utcnow() if p.status == "archived" else None
    s.add(p)
    s.flush()
    if progress:
        before = p.complete_bp
        point = set_complete(uow, p, None if clear_complete else complete_bp, on=complete_on)
        changes.append(("complete_bp", before, point.complete_bp))
    if p.billing == billing_before and all(v is None for v in terms_given):
        return _info(p, acc.slug), changes  # the terms are not touched (nor checked) by other edits
    changes += apply_terms(
        uow,
        p,
        billing_before=billing_before,
        bill_timing=bill_timing,
        fee_schedule=fee_schedule,
        deposit_bp=deposit_bp,
        co_billing=co_billing,
        lines=lines,
    )
    return _info(p, acc.slug), changes


def book_health_matching(session: Session, text: str | None, *, as_of: date) -> list[ProjectHealth]:
    """Budget health of the active projects whose account (slug or name) or project (slug or name) matches
    ``text``, filtered in SQL so the rollups read only those projects; every project for an empty filter."""
    from amtui.services.base.paging import like_pattern, like_sql
    from amtui.services.base.refs import projects_with_slugs
    from amtui.services.money.budget import book_health, healths_for

    pattern = like_pattern(text)
    if pattern is None:
        return book_health(session, as_of=as_of)
    like = like_sql("a.slug", "a.name", "p.slug", "p.name")
    where = f"p.status = 'active' AND a.status != 'archived' AND {like}"
    return healths_for(session, projects_with_slugs(session, where, (pattern,) * 4), as_of=as_of)
