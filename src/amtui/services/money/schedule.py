"""A project's billing terms as stored, read in one place, and the one write that changes them.

:func:`project_terms` (one project) and :func:`terms_by_project` (many, two queries) return the terms with
their defaults filled in (:func:`amtui.services.money.terms.terms_of`) and the schedule lines of a fixed fee
billed by instalments or milestones, each with its milestone's number, name and completion date: what the
billing arithmetic reads. SQL text on :mod:`amtui.store.sql`, so it runs on a session or a ``sqlite3``
connection.

:func:`apply_terms` is the write ``project add`` and ``project edit`` share: it validates the terms as a
whole (:func:`~amtui.services.money.terms.check_terms`, :func:`~amtui.services.money.terms.check_lines`,
milestones that exist and belong to the project), resets what a billing-type change leaves incompatible,
and replaces the schedule lines inside the caller's unit of work (each deleted and inserted row audited).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from amtui.core.errors import InputError, NotFoundError
from amtui.services.money.rules import CO_PENDING
from amtui.services.money.terms import (
    CO_FOLLOW_PROJECT,
    SCHEDULES_WITH_LINES,
    LineSpec,
    StoredTerms,
    Terms,
    check_lines,
    check_terms,
    describe,
    lines_text,
    terms_of,
)
from amtui.services.timeline.read import label as milestone_label
from amtui.store.sql import Db, day, marks, rows

if TYPE_CHECKING:
    from sqlmodel import Session

    from amtui.store.models import BillingLine, Project
    from amtui.store.uow import UnitOfWork

# ---------------------------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class BillingLineInfo:
    """One line of a fixed fee's schedule: ``share_bp`` of the fee, due on ``due_on`` or when the milestone
    is done."""

    seq: int
    share_bp: int
    due_on: date | None
    milestone_id: int | None
    milestone_number: str | None  # "M12"
    label: str | None
    milestone_name: str | None = None
    milestone_done_on: date | None = None  # None while the milestone is not done

    @property
    def spec(self) -> LineSpec:
        return LineSpec(self.share_bp, self.due_on, self.milestone_id, self.label)


@dataclass(frozen=True)
class ProjectTerms:
    """A project's terms, defaults filled in, and its schedule lines in order (empty unless the fee is
    billed by instalments or milestones)."""

    project_id: int
    billing: str
    bill_timing: str  # advance | arrears
    fee_schedule: str | None  # fixed fee only
    deposit_bp: int | None  # fee_schedule == "deposit"
    co_billing: str  # with | on-approval | on-completion
    lines: tuple[BillingLineInfo, ...] = ()

    @property
    def terms(self) -> Terms:
        return Terms(self.billing, self.bill_timing, self.fee_schedule, self.deposit_bp, self.co_billing)

    @property
    def text(self) -> str:
        """The terms in one line (:func:`~amtui.services.money.terms.describe`)."""
        return describe(self.terms)


def terms_by_project(db: Db, project_ids: Sequence[int] | None = None) -> dict[int, ProjectTerms]:
    """The terms of the given projects (every project for ``None``), by id: two queries whatever the count."""
    if project_ids is not None and not project_ids:
        return {}
    ids = list(project_ids) if project_ids is not None else []
    where = f"IN ({marks(ids)})" if project_ids is not None else "IS NOT NULL"
    heads = rows(
        db,
        "SELECT id, billing, bill_timing, fee_schedule, deposit_bp, co_billing FROM project "
        f"WHERE id {where}",
        ids,
    )
    lines: dict[int, list[BillingLineInfo]] = {}
    for pid, seq, share, due, mid, label, name, done in rows(
        db,
        "SELECT bl.project_id, bl.seq, bl.share_bp, bl.due_on, bl.milestone_id, bl.label, m.name, m.done_on "
        "FROM billing_line bl LEFT JOIN milestone m ON m.id = bl.milestone_id "
        f"WHERE bl.project_id {where} ORDER BY bl.project_id, bl.seq, bl.id",
        ids,
    ):
        lines.setdefault(pid, []).append(
            BillingLineInfo(
                seq=seq,
                share_bp=share,
                due_on=day(due),
                milestone_id=mid,
                milestone_number=milestone_label(mid) if mid is not None else None,
                label=label,
                milestone_name=name,
                milestone_done_on=day(done),
            )
        )
    out: dict[int, ProjectTerms] = {}
    for pid, *stored in heads:
        t = terms_of(StoredTerms(*stored))
        out[pid] = ProjectTerms(
            pid,
            t.billing,
            t.bill_timing,
            t.fee_schedule,
            t.deposit_bp,
            t.co_billing,
            tuple(lines.get(pid, ())),
        )
    return out


def project_terms(db: Db, project_id: int) -> ProjectTerms:
    """One project's terms and schedule lines."""
    found = terms_by_project(db, [project_id])
    if project_id not in found:
        raise NotFoundError(f"no project #{project_id}")
    return found[project_id]


def terms_json(t: ProjectTerms) -> dict[str, Any]:
    """``project show --json``'s ``terms``: percentages as numbers (50, 12.5), basis points beside them."""
    return {
        "billing": t.billing,
        "bill_timing": t.bill_timing,
        "fee_schedule": t.fee_schedule,
        "deposit_pct": t.deposit_bp / 100 if t.deposit_bp is not None else None,
        "deposit_bp": t.deposit_bp,
        "co_billing": t.co_billing,
        "text": t.text,
        "lines": [
            {
                "seq": ln.seq,
                "share_pct": ln.share_bp / 100,
                "share_bp": ln.share_bp,
                "due_on": ln.due_on.isoformat() if ln.due_on else None,
                "milestone": ln.milestone_number,
                "milestone_name": ln.milestone_name,
                "label": ln.label,
            }
            for ln in t.lines
        ],
    }


# ---------------------------------------------------------------------------------------------- writing

#: The terms a write may give; ``None`` leaves a term as it is.
TERM_FIELDS = ("bill_timing", "fee_schedule", "deposit_bp", "co_billing")


def _stored_lines(db: Db, project_id: int) -> list[LineSpec]:
    return [
        LineSpec(share, day(due), mid, label)
        for share, due, mid, label in rows(
            db,
            "SELECT share_bp, due_on, milestone_id, label FROM billing_line WHERE project_id = ? "
            "ORDER BY seq, id",
            (project_id,),
        )
    ]


def _check_milestones(db: Db, project_id: int | None, lines: Sequence[LineSpec]) -> None:
    ids = [ln.milestone_id for ln in lines if ln.milestone_id is not None]
    if not ids:
        return
    owners: dict[int, int] = dict(
        rows(db, f"SELECT id, project_id FROM milestone WHERE id IN ({marks(ids)})", ids)
    )
    for mid in ids:
        if mid not in owners:
            raise InputError(f"no milestone {milestone_label(mid)}")
        if owners[mid] != project_id:
            raise InputError(f"{milestone_label(mid)} is a milestone of another project")


def _reset_for(billing: str, stored: dict[str, Any]) -> dict[str, Any]:
    """The stored terms that still fit ``billing`` (see the terms module: a type change resets the others)."""
    kept = dict(stored)
    if billing != "retainer":
        kept["bill_timing"] = None
    if billing != "fixed":
        kept["fee_schedule"] = kept["deposit_bp"] = None
    if billing == "retainer" and kept["co_billing"] == "with":
        kept["co_billing"] = None
    return kept


def resolve_terms(
    billing: str,
    stored: dict[str, Any],
    *,
    billing_before: str | None = None,
    bill_timing: str | None = None,
    fee_schedule: str | None = None,
    deposit_bp: int | None = None,
    co_billing: str | None = None,
) -> dict[str, Any]:
    """The four term columns after a write: ``stored`` (reset for a new billing type), the given terms on
    top, checked against ``billing`` (:func:`~amtui.services.money.terms.check_terms`)."""
    after = _reset_for(billing, stored) if billing_before not in (None, billing) else dict(stored)
    bill_timing, fee_schedule, co_billing = (
        v.strip().lower() if v is not None else None for v in (bill_timing, fee_schedule, co_billing)
    )
    given = {
        "bill_timing": bill_timing,
        "fee_schedule": fee_schedule,
        "deposit_bp": deposit_bp,
        "co_billing": co_billing,
    }
    after.update({k: v for k, v in given.items() if v is not None})
    if fee_schedule is not None and fee_schedule != "deposit" and deposit_bp is None:
        after["deposit_bp"] = None  # a new schedule without a deposit drops the old deposit
    if billing != "retainer" and after["bill_timing"] == "arrears":
        after["bill_timing"] = None  # only a retainer has a choice: the others always bill in arrears
    check_terms(
        billing,
        bill_timing=after["bill_timing"],
        fee_schedule=after["fee_schedule"],
        deposit_bp=after["deposit_bp"],
        co_billing=after["co_billing"],
    )
    if after["fee_schedule"] == "deposit" and after["deposit_bp"] is None:
        raise InputError("a deposit schedule needs the deposit's share of the fee, e.g. --deposit 50%")
    return after


def apply_terms(
    uow: UnitOfWork,
    project: Project,
    *,
    billing_before: str | None = None,
    bill_timing: str | None = None,
    fee_schedule: str | None = None,
    deposit_bp: int | None = None,
    co_billing: str | None = None,
    lines: Sequence[LineSpec] | None = None,
) -> list[tuple[str, Any, Any]]:
    """Set the given terms on ``project`` (already flushed, its ``billing`` already the new type) and replace
    its schedule lines when ``lines`` is given; returns the (field, before, after) that changed, ``lines``
    as text. ``billing_before`` is the type before this edit: terms the new type cannot keep are reset.

    Refuses (:class:`InputError`, nothing written) terms that do not fit the billing type, a deposit
    schedule without a deposit, an instalment or milestone schedule without lines, lines for any other
    schedule, shares that do not add up to 100%, and milestones that do not exist or belong to another
    project.
    """
    from amtui.store.models import BillingLine

    s = uow.session
    assert project.id is not None
    billing = project.billing
    before = {f: getattr(project, f) for f in TERM_FIELDS}
    after = resolve_terms(
        billing,
        before,
        billing_before=billing_before,
        bill_timing=bill_timing,
        fee_schedule=fee_schedule,
        deposit_bp=deposit_bp,
        co_billing=co_billing,
    )
    schedule = after["fee_schedule"] if billing == "fixed" else None
    old_lines = _stored_lines(s, project.id)
    if schedule in SCHEDULES_WITH_LINES:
        final = list(lines) if lines is not None else old_lines
        check_lines(schedule, final)
        _check_milestones(s, project.id, final)
    else:
        if lines is not None:
            check_lines(schedule, lines)  # refuses: lines are for instalments and milestones only
        final = []
    changes = [(f, before[f], after[f]) for f in TERM_FIELDS if before[f] != after[f]]
    for f, _, v in changes:
        setattr(project, f, v)
    if changes:
        s.add(project)
    if billing == "retainer" and billing_before not in (None, billing):
        changes += _reset_pending_change_orders(s, project.id)
    if final != old_lines:
        for row in _line_rows(s, project.id):
            s.delete(row)
        s.flush()
        for seq, ln in enumerate(final, 1):
            s.add(
                BillingLine(
                    project_id=project.id,
                    seq=seq,
                    share_bp=ln.share_bp,
                    due_on=ln.due_on,
                    milestone_id=ln.milestone_id,
                    label=ln.label,
                )
            )
        changes.append(("lines", lines_text(old_lines), lines_text(final)))
    s.flush()
    return changes


def _reset_pending_change_orders(session: Session, project_id: int) -> list[tuple[str, Any, Any]]:
    """A project that becomes a retainer: its pending change orders that were to join the fee follow the
    project's rule again (approved ones are locked; they keep the rule they were approved under)."""
    from sqlmodel import col, select

    from amtui.store.models import ChangeOrder

    found = session.exec(
        select(ChangeOrder).where(
            ChangeOrder.project_id == project_id,
            ChangeOrder.billing == "with",
            col(ChangeOrder.status).in_(CO_PENDING),
        )
    ).all()
    for co in found:
        co.billing = None
        session.add(co)
    return [(f"CO-{co.number} billing", "with", CO_FOLLOW_PROJECT) for co in found]


def _line_rows(session: Session, project_id: int) -> list[BillingLine]:
    from sqlmodel import select

    from amtui.store.models import BillingLine

    return list(session.exec(select(BillingLine).where(BillingLine.project_id == project_id)))
