"""Briefs: create from a template with the book's facts, edit by section or as Markdown, check, version,
submit, approve, diff and export.

Longer than 400 lines because it is the brief's whole lifecycle, each step a short function over the same
version rules; the pure parts (format, checks, templates, prefill, history) are already modules of their own.

Versions: a draft amends its current version; once a version has been in review or approved it is frozen, so
saving a brief in review makes a new version, and changing an approved brief makes a new version back in
draft (the approved one stays as it was). A brief with blocking findings cannot go to review or be approved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import case
from sqlmodel import Session, col, select

from amtui.core import clock
from amtui.core.errors import ConflictError, InputError, NotFoundError, StateError
from amtui.core.inputs import md_text
from amtui.services.base.common import check_choice, check_text
from amtui.services.base.paging import PAGE_SIZE, Page, page_of
from amtui.services.base.refs import get_project, project_ids
from amtui.services.briefs.checks import BLOCKING, CheckContext, Finding, blocking, run_checks
from amtui.services.briefs.markdown import BriefDoc, Section, check_body, parse, render, replace_section
from amtui.services.briefs.prefill import prefill_sections
from amtui.services.briefs.templates import Template, load_template
from amtui.services.money.budget import current_budget, current_budgets
from amtui.store.models import Account, Brief, BriefVersion, Project
from amtui.store.models.base import utcnow
from amtui.store.models.brief import BRIEF_STATUSES
from amtui.store.uow import UnitOfWork

# ---------------------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class BriefSummary:
    id: int
    account: str
    project: str  # account/project
    project_name: str
    title: str
    template: str
    status: str
    version: int
    approved_by: str | None
    approved_at: datetime | None
    updated_at: datetime
    blocking: int
    warnings: int


@dataclass(frozen=True)
class SectionInfo:
    name: str
    body: str
    hint: str


@dataclass(frozen=True)
class VersionInfo:
    number: int
    note: str | None
    created_at: datetime
    saved_at: datetime


@dataclass(frozen=True)
class BriefDetail:
    summary: BriefSummary
    markdown: str
    sections: list[SectionInfo]
    versions: list[VersionInfo]
    findings: list[Finding]
    context: CheckContext


@dataclass(frozen=True)
class SaveResult:
    id: int
    version: int
    status: str
    changed: bool
    new_version: bool
    was_approved: bool
    blocking: int
    warnings: int


# ---------------------------------------------------------------------------------------------- lookups


def get_brief(session: Session, brief_id: int) -> Brief:
    b = session.get(Brief, brief_id)
    if b is None:
        raise NotFoundError(f"no brief {brief_id}; see amtui brief list")
    return b


def version_row(session: Session, brief: Brief, number: int | None = None) -> BriefVersion:
    n = brief.version if number is None else number
    v = session.exec(
        select(BriefVersion).where(BriefVersion.brief_id == brief.id, BriefVersion.number == n)
    ).first()
    if v is None:
        raise NotFoundError(f"brief {brief.id} has no version {n} (versions 1–{brief.version})")
    return v


def _template(name: str) -> Template | None:
    try:
        return load_template(name)
    except InputError:
        return None  # a custom template deleted since: the brief still works, without its hints


def check_context(session: Session, brief: Brief) -> CheckContext:
    project = session.get(Project, brief.project_id)
    assert project is not None
    tpl = _template(brief.template)
    return CheckContext(
        expected_sections=tuple(s.name for s in tpl.sections) if tpl else (),
        budget_cents=current_budget(session, project, as_of=clock.today()).current_cents,
        currency=project.currency,
        start_on=project.start_on,
        end_on=project.end_on,
    )


def _summary(session: Session, brief: Brief, findings: list[Finding]) -> BriefSummary:
    project = session.get(Project, brief.project_id)
    assert project is not None and brief.id is not None
    acc = session.get(Account, project.account_id)
    assert acc is not None
    n_block = len(blocking(findings))
    return BriefSummary(
        id=brief.id,
        account=acc.slug,
        project=f"{acc.slug}/{project.slug}",
        project_name=project.name,
        title=brief.title,
        template=brief.template,
        status=brief.status,
        version=brief.version,
        approved_by=brief.approved_by,
        approved_at=brief.approved_at,
        updated_at=brief.updated_at,
        blocking=n_block,
        warnings=len(findings) - n_block,
    )


def _findings(session: Session, brief: Brief, markdown: str | None = None) -> list[Finding]:
    text = markdown if markdown is not None else version_row(session, brief).markdown
    return run_checks(parse(text), check_context(session, brief))


# ---------------------------------------------------------------------------------------------- reads


def _briefs_query(session: Session, ref: str | None, status: str | None) -> Any:
    """Briefs with their current text, project and account, by account, then status, newest first."""
    q = (
        select(Brief, BriefVersion.markdown, Project, Account.slug)
        .join(
            BriefVersion,
            (col(BriefVersion.brief_id) == Brief.id) & (col(BriefVersion.number) == Brief.version),
        )
        .join(Project, col(Brief.project_id) == Project.id)
        .join(Account, col(Project.account_id) == Account.id)
    )
    if ref is not None:
        q = q.where(col(Brief.project_id).in_(project_ids(session, ref)))
    if status:
        q = q.where(Brief.status == check_choice(status, BRIEF_STATUSES, "status"))
    rank = case(
        {s: i for i, s in enumerate(BRIEF_STATUSES)}, value=col(Brief.status), else_=len(BRIEF_STATUSES)
    )
    return q.order_by(col(Account.slug), rank, col(Brief.id).desc())


def _summaries(session: Session, rows: list[Any]) -> list[BriefSummary]:
    """Each brief's summary with its checks run; one query for the budgets, nothing per row."""
    # The current budget each brief is checked against: the one function brief check reads too.
    budgets = current_budgets(session, {p.id: p for _, _, p, _ in rows}.values(), as_of=clock.today())
    templates: dict[str, tuple[str, ...]] = {}
    out = []
    for b, markdown, p, acc_slug in rows:
        if b.template not in templates:
            tpl = _template(b.template)
            templates[b.template] = tuple(x.name for x in tpl.sections) if tpl else ()
        ctx = CheckContext(
            expected_sections=templates[b.template],
            budget_cents=budgets[p.id or 0].current_cents,
            currency=p.currency,
            start_on=p.start_on,
            end_on=p.end_on,
        )
        findings = run_checks(parse(markdown), ctx)
        n_block = len(blocking(findings))
        assert b.id is not None
        out.append(
            BriefSummary(
                id=b.id,
                account=acc_slug,
                project=f"{acc_slug}/{p.slug}",
                project_name=p.name,
                title=b.title,
                template=b.template,
                status=b.status,
                version=b.version,
                approved_by=b.approved_by,
                approved_at=b.approved_at,
                updated_at=b.updated_at,
                blocking=n_block,
                warnings=len(findings) - n_block,
            )
        )
    return out


def list_briefs(session: Session, ref: str | None = None, *, status: str | None = None) -> list[BriefSummary]:
    """Briefs by account, then status (draft, in review, approved), newest first; ``ref`` is an account or
    a project. Two queries whatever the number of briefs: briefs with their current text, project and
    account; the current budgets (:func:`amtui.services.money.budget.current_budgets`); nothing per row."""
    return _summaries(session, list(session.exec(_briefs_query(session, ref, status))))


def page_briefs(
    session: Session, *, status: str | None = None, offset: int = 0, limit: int = PAGE_SIZE
) -> Page[BriefSummary]:
    """One page of :func:`list_briefs` in SQL (``LIMIT``/``OFFSET`` over the same total order), checks run
    for that page only, and how many briefs match."""
    raw = page_of(session, _briefs_query(session, None, status), offset=offset, limit=limit, row=lambda r: r)
    return Page(rows=_summaries(session, list(raw.rows)), total=raw.total, offset=raw.offset)


def brief_detail(session: Session, brief_id: int) -> BriefDetail:
    b = get_brief(session, brief_id)
    cur = version_row(session, b)
    doc = parse(cur.markdown)
    ctx = check_context(session, b)
    findings = run_checks(doc, ctx)
    tpl = _template(b.template)
    versions = [
        VersionInfo(v.number, v.note, v.created_at, v.saved_at)
        for v in session.exec(
            select(BriefVersion).where(BriefVersion.brief_id == b.id).order_by(col(BriefVersion.number))
        )
    ]
    return BriefDetail(
        summary=_summary(session, b, findings),
        markdown=cur.markdown,
        sections=[SectionInfo(s.name, s.body, tpl.hint(s.name) if tpl else "") for s in doc.sections],
        versions=versions,
        findings=findings,
        context=ctx,
    )


def export_markdown(session: Session, brief_id: int) -> tuple[BriefSummary, str]:
    b = get_brief(session, brief_id)
    text = version_row(session, b).markdown
    return _summary(session, b, _findings(session, b, text)), text


# ---------------------------------------------------------------------------------------------- writes


def new_brief(
    uow: UnitOfWork,
    ref: str,
    *,
    template: str = "creative",
    title: str | None = None,
    today: date | None = None,
) -> BriefDetail:
    """A brief for a project from a template, prefilled with what the book knows."""
    s = uow.session
    project = get_project(s, ref)
    tpl = load_template(template)
    # The default title is Markdown (the brief's heading): the project's name as literal text in it.
    title = check_text(title, "brief title") if title is not None else f"{tpl.title}: {md_text(project.name)}"
    filled = prefill_sections(s, project, [t.name for t in tpl.sections], today or clock.today())
    doc = BriefDoc(title, tuple(Section(t.name, filled.get(t.name, t.body)) for t in tpl.sections))
    assert project.id is not None
    b = Brief(project_id=project.id, template=tpl.name, title=title, version=1)
    s.add(b)
    s.flush()
    assert b.id is not None
    s.add(BriefVersion(brief_id=b.id, number=1, markdown=render(doc)))
    s.flush()
    return brief_detail(s, b.id)


def save_markdown(
    uow: UnitOfWork,
    brief_id: int,
    text: str,
    *,
    note: str | None = None,
    expect_updated_at: datetime | None = None,
    expect_markdown: str | None = None,
) -> SaveResult:
    """Store a new text for the brief (parsed first: an unparseable text raises and nothing is saved).

    An editor passes what it opened (``expect_updated_at``, ``expect_markdown``): when the brief was saved
    since (another terminal, ``amtui brief set``), this raises ConflictError in the same transaction and
    nothing is overwritten."""
    b = get_brief(uow.session, brief_id)
    if expect_updated_at is not None or expect_markdown is not None:
        current = version_row(uow.session, b).markdown
        moved = expect_updated_at is not None and _second(b.updated_at) != _second(expect_updated_at)
        if moved or (expect_markdown is not None and current != expect_markdown):
            when = b.updated_at.astimezone().strftime("%H:%M:%S") if b.updated_at else "?"
            raise ConflictError(
                f"brief {brief_id} changed since you opened it (saved elsewhere at {when}, now v{b.version}"
                f" {b.status}): nothing saved"
            )
    return _save(uow, b, parse(text), note)


def _second(when: datetime) -> datetime:
    """A stamp comparable whether it was read back aware or naive (stored as UTC, to the second)."""
    utc = when if when.tzinfo is None else when.astimezone(UTC)
    return utc.replace(tzinfo=None, microsecond=0)


def set_section(uow: UnitOfWork, brief_id: int, section: str, text: str) -> SaveResult:
    """Replace one section's text; the section is named in full or by an unambiguous part of its name."""
    s = uow.session
    b = get_brief(s, brief_id)
    doc = parse(version_row(s, b).markdown)
    name = find_section(doc, section)
    return _save(uow, b, replace_section(doc, name, check_body(text, name)), None)


def find_section(doc: BriefDoc, section: str) -> str:
    key = " ".join(section.split()).casefold()
    if not key:
        raise InputError("section name is empty")
    exact = [n for n in doc.names() if n.casefold() == key]
    if exact:
        return exact[0]
    partial = [n for n in doc.names() if key in n.casefold()]
    if len(partial) == 1:
        return partial[0]
    if partial:
        raise InputError(f"section {section!r} is ambiguous: {', '.join(partial)}")
    raise NotFoundError(f"no section {section!r}; sections: {', '.join(doc.names())}")


def _save(uow: UnitOfWork, b: Brief, doc: BriefDoc, note: str | None) -> SaveResult:
    s = uow.session
    assert b.id is not None
    if not doc.title:
        doc = BriefDoc(b.title, doc.sections)
    if len(doc.title) > 200:
        raise InputError("the brief's title is longer than 200 characters")
    if note is not None and len(note) > 500:
        raise InputError("the note is longer than 500 characters")
    text = render(doc)
    cur = version_row(s, b)
    was_approved = b.status == "approved"
    new_version = False
    if text != cur.markdown or doc.title != b.title:
        now = utcnow()
        if b.status == "draft":
            cur.markdown, cur.saved_at = text, now
            cur.note = note or cur.note
            s.add(cur)
        else:
            b.version += 1
            new_version = True
            s.add(BriefVersion(brief_id=b.id, number=b.version, markdown=text, note=note))
            if was_approved:
                b.status, b.approved_by, b.approved_at = "draft", None, None
        b.title = doc.title
        b.updated_at = now
        s.add(b)
        s.flush()
        changed = True
    else:
        changed = False
    findings = run_checks(doc, check_context(s, b))
    n_block = len(blocking(findings))
    return SaveResult(
        id=b.id,
        version=b.version,
        status=b.status,
        changed=changed,
        new_version=new_version,
        was_approved=was_approved and new_version,
        blocking=n_block,
        warnings=len(findings) - n_block,
    )


def _refuse_blocking(session: Session, b: Brief, what: str) -> None:
    problems = [f for f in _findings(session, b) if f.severity == BLOCKING]
    if problems:
        more = f" and {len(problems) - 1} more" if len(problems) > 1 else ""
        raise StateError(
            f"brief {b.id} cannot {what}: {problems[0].message}{more} (see amtui brief check {b.id})"
        )


def submit(uow: UnitOfWork, brief_id: int) -> BriefSummary:
    """Draft → in review. Its current version is frozen from now on."""
    s = uow.session
    b = get_brief(s, brief_id)
    if b.status != "draft":
        raise StateError(f"brief {b.id} is {b.status} already; only a draft can be submitted")
    _refuse_blocking(s, b, "go to review")
    b.status, b.updated_at = "in-review", utcnow()
    s.add(b)
    s.flush()
    return _summary(s, b, _findings(s, b))


def approve(uow: UnitOfWork, brief_id: int, by: str, *, at: datetime | None = None) -> BriefSummary:
    """In review → approved by a named person; the approved version is locked."""
    s = uow.session
    b = get_brief(s, brief_id)
    who = check_text(by, "approver's name", max_len=120)
    if b.status == "draft":
        raise StateError(f"brief {b.id} is a draft: submit it for review first (amtui brief submit {b.id})")
    if b.status == "approved":
        when = b.approved_at.date().isoformat() if b.approved_at else "?"
        raise StateError(f"brief {b.id} v{b.version} was approved already by {b.approved_by} on {when}")
    _refuse_blocking(s, b, "be approved")
    b.status, b.approved_by, b.approved_at = "approved", who, at or utcnow()
    b.updated_at = utcnow()
    s.add(b)
    s.flush()
    return _summary(s, b, _findings(s, b))
