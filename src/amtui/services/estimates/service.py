"""Estimates: start one (empty, from a template or like a past project), change its lines, save versions,
and accept it into a project.

Versions: ``line add`` and ``line rm`` amend the current version (``new_version=True`` starts the next one
first); saving the whole estimate as Markdown (``estimate edit``) makes a new version when anything changed,
so ``estimate diff`` can always show what changed since. An accepted estimate is locked: what the client
signed stays as it was (accepting: :mod:`amtui.services.estimates.accept`).

Hours lines are priced when they are written, from the rate card on the estimate's date
(:func:`amtui.services.estimates.rates.require_rate`, the project's own rates first when it is linked to
one); the line keeps the rates it was priced at.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from amtui.core.errors import InputError, NotFoundError, StateError
from amtui.services.base.common import check_choice, check_text
from amtui.services.base.refs import account_id, find_project
from amtui.services.estimates import read
from amtui.services.estimates.arithmetic import Line, LineInput, check_contingency, fixed_line, hours_line
from amtui.services.estimates.rates import RateInfo, check_team, require_rate
from amtui.services.estimates.templates import get_template
from amtui.store.models.project import BILLING_TYPES
from amtui.store.sql import Db
from amtui.store.uow import UnitOfWork

if TYPE_CHECKING:
    from amtui.services.estimates.markdown import ParsedEstimate
    from amtui.store.models import Estimate

DEFAULT_ASSUMPTIONS = (
    "- One round of consolidated feedback at each stage, within 3 working days\n"
    "- The client supplies brand assets, product information and legal copy before work starts\n"
    "- Hours are estimated per team; the budget is managed in total"
)
DEFAULT_EXCLUSIONS = (
    "- Media spend, unless listed as an item\n"
    "- Third-party licences and usage beyond 12 months, unless listed\n"
    "- Translation and localisation"
)


def price_line(db: Db, spec: LineInput, on: date, project_id: int | None) -> Line:
    """A priced line: a team's hours at the rates valid on ``on``, or a fixed item as given."""
    rate = None
    if spec.team is not None:
        team = check_team(spec.team)
        check_hours(spec)
        rate = require_rate(db, team, on, project_id=project_id)
    return priced(spec, rate)


def check_hours(spec: LineInput) -> None:
    """A team's line needs more than zero hours."""
    if spec.minutes is None or spec.minutes <= 0:
        raise InputError(f"hours for {spec.team} must be more than zero")


def priced(spec: LineInput, rate: RateInfo | None) -> Line:
    """``spec`` priced: a team's hours at ``rate`` (the card's rate valid on the estimate's date), or a fixed
    item as given. :func:`price_line` and the TUI line form's live preview both price through here."""
    if spec.team is not None:
        team = check_team(spec.team)
        check_hours(spec)
        if rate is None:
            raise InputError(f"no rate for {team}: amtui rate set {team} --bill … --cost …")
        assert spec.minutes is not None  # checked above
        return hours_line(team, spec.minutes, rate.bill_cents, rate.cost_cents)
    label = check_text(spec.label or "", "item name")
    if spec.price_cents is None:
        raise InputError(f"item {label!r} needs a price (--price) or a team with hours")
    cost = spec.price_cents if spec.cost_cents is None else spec.cost_cents
    return fixed_line(label, spec.price_cents, cost)


def get_estimate(uow: UnitOfWork, estimate_id: int) -> Estimate:
    """The ORM row of an estimate (for writes in a unit of work)."""
    from amtui.store.models import Estimate

    e = uow.session.get(Estimate, estimate_id)
    if e is None:
        raise NotFoundError(f"no estimate {estimate_id} (see amtui estimate list)")
    return e


def _open(uow: UnitOfWork, estimate_id: int) -> Estimate:
    e = get_estimate(uow, estimate_id)
    if e.status == read.ACCEPTED:
        raise StateError(
            f"estimate {estimate_id} was accepted (v{e.accepted_version}); it is locked: start a new estimate"
        )
    return e


def _write_lines(
    uow: UnitOfWork, estimate_id: int, version: int, lines: Sequence[Line], *, first: int = 1
) -> None:
    """Write ``lines`` into a version, numbered from ``first`` (its other lines stay as they are)."""
    from amtui.store.models import EstimateLine

    for seq, ln in enumerate(lines, first):
        uow.session.add(
            EstimateLine(
                estimate_id=estimate_id,
                version=version,
                seq=seq,
                kind=ln.kind,
                team=ln.team,
                label=ln.label,
                minutes=ln.minutes,
                bill_rate_cents=ln.bill_rate_cents,
                cost_rate_cents=ln.cost_rate_cents,
                amount_cents=ln.amount_cents,
                cost_cents=ln.cost_cents,
            )
        )
    uow.session.flush()


def _replace_lines(uow: UnitOfWork, estimate_id: int, version: int, lines: Sequence[Line]) -> None:
    from sqlmodel import select

    from amtui.store.models import EstimateLine

    s = uow.session
    for row in s.exec(
        select(EstimateLine).where(EstimateLine.estimate_id == estimate_id, EstimateLine.version == version)
    ):
        s.delete(row)
    s.flush()
    _write_lines(uow, estimate_id, version, lines)


def _new_version(uow: UnitOfWork, e: Estimate, contingency_bp: int, note: str | None) -> int:
    """Start the next version (its contingency as given, no lines yet); returns its number."""
    from amtui.store.models import EstimateVersion

    assert e.id is not None
    e.version += 1
    uow.session.add(e)
    uow.session.add(
        EstimateVersion(estimate_id=e.id, number=e.version, contingency_bp=contingency_bp, note=note)
    )
    uow.session.flush()
    return e.version


def _contingency(uow: UnitOfWork, estimate_id: int, version: int) -> int:
    from sqlmodel import select

    from amtui.store.models import EstimateVersion

    v = uow.session.exec(
        select(EstimateVersion).where(
            EstimateVersion.estimate_id == estimate_id, EstimateVersion.number == version
        )
    ).one()
    return v.contingency_bp


# ---------------------------------------------------------------------------------------------- writes


def new_estimate(
    uow: UnitOfWork,
    ref: str,
    title: str,
    *,
    on_date: date,
    billing: str = "fixed",
    template: str | None = None,
    like: str | None = None,
    contingency_bp: int | None = None,
    start_on: date | None = None,
    end_on: date | None = None,
) -> read.EstimateDetail:
    """A new draft estimate (v1) for an account (``account``), or for one of its projects
    (``account/project``: that project's rates and brief apply). ``template`` prefills the lines of a
    built-in template; ``like`` (``account/project``) prefills each team's hours as that project really
    logged them. Hours lines are priced on ``on_date``."""
    from amtui.store.models import Account, Estimate, EstimateVersion

    s = uow.session
    title = check_text(title, "estimate title")
    billing = check_choice(billing, BILLING_TYPES, "billing type")
    if template is not None and like is not None:
        raise InputError("start from a template or like a past project, not both")
    if start_on and end_on and end_on < start_on:
        raise InputError(f"end date {end_on.isoformat()} is before start date {start_on.isoformat()}")
    project_id = None
    if "/" in ref:
        row, _ = find_project(s, ref)
        acc_id, project_id = row.account_id, row.id
    else:
        acc_id = account_id(s, ref)
    acc = s.get(Account, acc_id)
    assert acc is not None
    specs: list[LineInput] = []
    bp = 0
    if template is not None:
        t = get_template(template)
        bp = t.contingency_bp
        specs = [
            LineInput(team=x.team, minutes=x.hours * 60)
            if x.team
            else LineInput(label=x.label, price_cents=x.price_cents, cost_cents=x.cost_cents)
            for x in t.lines
        ]
    elif like is not None:
        past, _ = find_project(s, like)
        specs = [LineInput(team=team, minutes=m) for team, m in read.team_minutes(s, past.id)]
        if not specs:
            raise StateError(f"{like.strip()} has no time logged by team to start from")
    if contingency_bp is not None:
        bp = check_contingency(contingency_bp)
    lines = [price_line(s, x, on_date, project_id) for x in specs]
    e = Estimate(
        account_id=acc_id,
        project_id=project_id,
        title=title,
        status=read.DRAFT,
        billing=billing,
        currency=acc.currency,
        on_date=on_date,
        start_on=start_on,
        end_on=end_on,
        version=1,
        assumptions=DEFAULT_ASSUMPTIONS,
        exclusions=DEFAULT_EXCLUSIONS,
        template=(
            template.strip().lower() if template else (f"like {like.strip().lower()}" if like else None)
        ),
    )
    s.add(e)
    s.flush()
    assert e.id is not None
    s.add(EstimateVersion(estimate_id=e.id, number=1, contingency_bp=bp))
    _write_lines(uow, e.id, 1, lines)
    return read.detail(s, e.id)


def add_line(
    uow: UnitOfWork, estimate_id: int, spec: LineInput, *, new_version: bool = False
) -> read.EstimateDetail:
    """Add a line to the current version (or to a new one, copied from the current, with ``new_version``)."""
    e = _open(uow, estimate_id)
    s = uow.session
    current = read.lines_of(s, estimate_id, e.version)
    line = price_line(s, spec, e.on_date, e.project_id)
    if new_version:
        _new_version(uow, e, _contingency(uow, estimate_id, e.version), None)
        _write_lines(uow, estimate_id, e.version, [*current, line])
    else:
        _write_lines(uow, estimate_id, e.version, [line], first=len(current) + 1)
    return read.detail(s, estimate_id)


def remove_line(
    uow: UnitOfWork, estimate_id: int, seq: int, *, new_version: bool = False
) -> tuple[Line, read.EstimateDetail]:
    """Remove line ``seq`` (as ``estimate show`` numbers them); the lines after it move up."""
    e = _open(uow, estimate_id)
    s = uow.session
    current = read.lines_of(s, estimate_id, e.version)
    if not 1 <= seq <= len(current):
        raise NotFoundError(
            f"estimate {estimate_id} v{e.version} has no line {seq}"
            + (f" (lines 1 to {len(current)})" if current else " (it has no lines)")
        )
    gone = current[seq - 1]
    kept = [ln for ln in current if ln.seq != seq]
    if new_version:
        _new_version(uow, e, _contingency(uow, estimate_id, e.version), None)
        _write_lines(uow, estimate_id, e.version, kept)
    else:
        _replace_lines(uow, estimate_id, e.version, kept)
    return gone, read.detail(s, estimate_id)


def new_version(uow: UnitOfWork, estimate_id: int, *, note: str | None = None) -> read.EstimateDetail:
    """Start the next version as a copy of the current one (its lines and contingency), to change from there
    while the current one is kept as it was."""
    e = _open(uow, estimate_id)
    s = uow.session
    current = read.lines_of(s, estimate_id, e.version)
    clean = check_text(note, "note", max_len=500) if note is not None and note.strip() else None
    _new_version(uow, e, _contingency(uow, estimate_id, e.version), clean)
    _write_lines(uow, estimate_id, e.version, current)
    return read.detail(s, estimate_id)


@dataclass(frozen=True)
class SaveResult:
    id: int
    version: int
    changed: bool
    detail: read.EstimateDetail


def save_markdown(
    uow: UnitOfWork, estimate_id: int, doc: ParsedEstimate, *, note: str | None = None
) -> SaveResult:
    """Save an edited estimate (:func:`amtui.services.estimates.markdown.parse`) as a new version when its
    lines or contingency changed (its title is updated in place); nothing changes when nothing did."""
    e = _open(uow, estimate_id)
    s = uow.session
    lines = [price_line(s, x, e.on_date, e.project_id) for x in doc.lines]
    before = read.detail(s, estimate_id)
    title_changed = doc.title != e.title
    if title_changed:
        e.title = check_text(doc.title, "estimate title")
        s.add(e)
        s.flush()
    strip = [ln.__class__(**{**ln.__dict__, "seq": 0}) for ln in before.lines]
    if strip == lines and doc.contingency_bp == before.contingency_bp:
        return SaveResult(estimate_id, e.version, title_changed, read.detail(s, estimate_id))
    _new_version(uow, e, doc.contingency_bp, note)
    _write_lines(uow, estimate_id, e.version, lines)
    return SaveResult(estimate_id, e.version, True, read.detail(s, estimate_id))
