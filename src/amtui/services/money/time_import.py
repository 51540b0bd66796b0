"""Bulk time import: canonical rows from an importer → matched to projects → one Core insert.

All or nothing. Rows are matched to projects by project code, else by client name + project name (both
case-insensitive). Rows for unknown projects fail the whole import with the list of what is unknown, unless
``create_missing`` creates the accounts and projects (time & materials, no budget yet, the file's rate).
Rows whose ``source_key`` is already stored are skipped, so a file imported twice imports nothing the second
time. The rate is the row's own; a row without one takes the project's rate (else 0), so non-billable time
still has a value. The cost is the row's own (the file's Cost Amount, else minutes × its Cost Rate); a row
without either takes the config file's default cost rate for the person or team (as ``amtui time`` does),
else its cost stays unknown. Everything is written in the caller's unit of work with Core ``insert()`` and
one audit event for the batch.

The rules of :mod:`amtui.services.money.actuals` are reported, not enforced, since a file is all or nothing
and has no rejected rows: the result lists the rows dated outside their project's dates (per project, with
the first and last such date) and every person-day over 12 h, counting time already in the book for that
person and day. A person-day over 24 h — the file's rows for that person and day together with what the
book already holds — refuses the whole file, naming the person and the day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from amtui.core.dates import format_hours
from amtui.core.errors import ConflictError, InputError, StateError
from amtui.core.money import apply_rate
from amtui.importers.harvest import HarvestRow
from amtui.services.base.common import slugify
from amtui.services.money.actuals import (
    cost_rates,
    logged_by_person,
    long_day,
    outside_project,
    person_key,
    too_long_day,
)
from amtui.store.bulk import bulk_cache, bulk_insert
from amtui.store.models import Account, Project, TimeEntry
from amtui.store.models.base import utcnow
from amtui.store.uow import UnitOfWork

_COLUMNS = (
    "project_id",
    "entry_date",
    "minutes",
    "rate_cents",
    "amount_cents",
    "cost_rate_cents",
    "cost_cents",
    "team",
    "person",
    "billable",
    "out_of_scope",
    "note",
    "source",
    "source_key",
    "created_at",
)


@dataclass(frozen=True)
class ProjectImport:
    project: str
    currency: str
    rows: int
    minutes: int
    amount_cents: int
    created: bool


@dataclass(frozen=True)
class OutsideDates:
    """Rows imported into a project dated before its start or after its end."""

    project: str
    rows: int
    first_on: date
    last_on: date
    start_on: date | None
    end_on: date | None


@dataclass(frozen=True)
class LongDay:
    """One person's day over 12 h once the file is in (``over_24h``: more than a day has)."""

    person: str
    on: date
    minutes: int
    over_24h: bool


@dataclass(frozen=True)
class TimeImport:
    file: str
    source: str
    dry_run: bool
    rows_read: int
    imported: int
    already_imported: int
    skipped_zero: int
    minutes: int
    projects: list[ProjectImport]
    created_accounts: list[str]
    created_projects: list[str]
    outside_dates: list[OutsideDates] = field(default_factory=list)
    long_days: list[LongDay] = field(default_factory=list)


@dataclass
class _Target:
    ref: str
    currency: str
    rate_cents: int | None
    project_id: int | None  # None: to be created
    created: bool = False
    rows: int = 0
    minutes: int = 0
    amount_cents: int = 0
    start_on: date | None = None
    end_on: date | None = None
    outside: list[date] = field(default_factory=list)


def _describe(key: tuple[str, str, str | None]) -> str:
    client, project, code = key
    return f"{client} / {project}" + (f" ({code})" if code else "")


def _unique_slug(taken: set[str], base: str) -> str:
    slug, n = base or "imported", 2
    while slug in taken:
        slug = f"{base[:55]}-{n}"
        n += 1
    taken.add(slug)
    return slug


def import_time(
    session: Session,
    rows: Sequence[HarvestRow],
    *,
    file: str,
    source: str,
    skipped_zero: int = 0,
    create_missing: bool = False,
    uow: UnitOfWork | None = None,
) -> TimeImport:
    """Match, dedupe and (with ``uow``) store ``rows``; without ``uow``: a dry run that writes nothing."""
    found = list(session.exec(select(Project, Account).join(Account, col(Project.account_id) == Account.id)))
    by_code = {p.code.lower(): (p, a) for p, a in found if p.code}
    by_name = {(a.name.lower(), p.name.lower()): (p, a) for p, a in found}
    accounts = {a.name.lower(): a for a in session.exec(select(Account))}
    account_slugs = {a.slug for a in accounts.values()}

    Key = tuple[str, str, str | None]
    targets: dict[Key, _Target] = {}
    unknown: dict[Key, HarvestRow] = {}  # with the first row that named it
    archived: list[str] = []
    first = last = None
    for r in rows:
        d = r.entry_date
        if first is None or d < first:
            first = d
        if last is None or d > last:
            last = d
        key = (r.client, r.project, r.code)
        if key in targets or key in unknown:
            continue
        hit = by_code.get(r.code.lower()) if r.code else None
        hit = hit or by_name.get((r.client.lower(), r.project.lower()))
        if hit is None:
            unknown[key] = r
            continue
        p, a = hit
        ref = f"{a.slug}/{p.slug}"
        if p.status == "archived" or a.status == "archived":
            archived.append(ref)
        targets[key] = _Target(ref, p.currency, p.rate_cents, p.id, start_on=p.start_on, end_on=p.end_on)
    if archived:
        raise StateError(f"{file}: rows for archived projects: {', '.join(sorted(set(archived)))}")

    created_accounts: list[str] = []
    created_projects: list[str] = []
    if unknown and not create_missing:
        listed = "; ".join(_describe(k) for k in list(unknown)[:10])
        more = f" and {len(unknown) - 10} more" if len(unknown) > 10 else ""
        raise ConflictError(
            f"{file}: {len(unknown)} unknown project{'s' if len(unknown) > 1 else ''}: {listed}{more}; "
            "add them (amtui project add … --code) or import with --create-missing; nothing was imported"
        )
    for key in unknown:
        client, project, code = key
        sample = unknown[key]
        acc = accounts.get(client.lower())
        if acc is None:
            slug = _unique_slug(account_slugs, slugify(client))
            acc = Account(slug=slug, name=client[:200], contract="project", currency=sample.currency or "USD")
            accounts[client.lower()] = acc
            created_accounts.append(slug)
            if uow is not None:
                session.add(acc)
                session.flush()
        taken = {p.slug for p, a in found if a.slug == acc.slug} | {
            r.split("/", 1)[1] for r in created_projects if r.startswith(f"{acc.slug}/")
        }
        pslug = _unique_slug(taken, slugify(project))
        ref = f"{acc.slug}/{pslug}"
        created_projects.append(ref)
        use_code = code if code and code.lower() not in by_code else None
        target = _Target(ref, acc.currency, sample.rate_cents, None, created=True)
        if uow is not None:
            assert acc.id is not None
            proj = Project(
                account_id=acc.id,
                slug=pslug,
                name=project[:200],
                code=use_code,
                billing="tm",
                currency=acc.currency,
                budget_cents=0,
                rate_cents=sample.rate_cents,
            )
            session.add(proj)
            session.flush()
            target.project_id = proj.id
        if use_code:
            by_code[use_code.lower()] = (Project(slug=pslug, name=project, account_id=0), acc)
        targets[key] = target

    # Keys already stored: one range query over this source's rows in the file's date span (a scan of
    # the date range is far cheaper than hundreds of IN (...) lookups for a large file).
    existing: set[str] = set()
    if first is not None and last is not None:
        existing.update(
            k
            for k in session.exec(
                select(TimeEntry.source_key).where(
                    TimeEntry.source == source,
                    col(TimeEntry.entry_date) >= first,
                    col(TimeEntry.entry_date) <= last,
                    col(TimeEntry.source_key).is_not(None),
                )
            )
            if k
        )

    now = utcnow()
    defaults = cost_rates()
    default_cost: dict[tuple[str | None, str | None], int | None] = {}  # (person, team) → config's rate
    values: list[tuple[object, ...]] = []
    minutes_total = 0
    days: dict[tuple[str, date], int] = {}  # the file's new minutes per person and day
    names: dict[str, str] = {}  # person key → the name as first spelt
    keys: dict[str, str] = {}  # the name as spelt → person key
    for r in rows:
        if r.source_key in existing:
            continue
        t = targets[(r.client, r.project, r.code)]
        if r.currency and r.currency != t.currency:
            raise InputError(
                f"{file}, line {r.line}, column Currency: {r.currency} but {t.ref} is kept in {t.currency}; "
                "nothing was imported"
            )
        rate = r.rate_cents or t.rate_cents or 0
        amount = apply_rate(r.minutes, rate)
        cost_rate, cost = r.cost_rate_cents, r.cost_cents
        if cost is None:
            person_team = (r.person, r.team)
            if person_team not in default_cost:
                default_cost[person_team] = defaults.rate_for(r.person, r.team)
            cost_rate = default_cost[person_team]
            if cost_rate is not None:
                cost = apply_rate(r.minutes, cost_rate)
        t.rows += 1
        t.minutes += r.minutes
        t.amount_cents += amount
        minutes_total += r.minutes
        if outside_project(r.entry_date, t.start_on, t.end_on):
            t.outside.append(r.entry_date)
        if r.person:
            who = keys.get(r.person)
            if who is None:  # a file names a handful of people many times over
                who = keys[r.person] = person_key(r.person)
                names.setdefault(who, r.person)
            days[(who, r.entry_date)] = days.get((who, r.entry_date), 0) + r.minutes
        values.append(
            (
                t.project_id,
                r.entry_date,
                r.minutes,
                rate,
                amount,
                cost_rate,
                cost,
                r.team,
                r.person,
                r.billable,
                False,
                r.note,
                source,
                r.source_key,
                now,
            )
        )

    long_days = _long_days(session, days, names)
    if uow is not None and values:
        # In (project, date) order the rollup index grows at a few hundred points instead of at random.
        values.sort(key=lambda v: (v[0], v[1]))
        with bulk_cache(session):
            ids = bulk_insert(session, TimeEntry.__table__, _COLUMNS, values)  # type: ignore[attr-defined]
        # One bulk event (see UnitOfWork.record_bulk_insert): amtui undo removes exactly these rows.
        uow.record_bulk_insert("time_entry", ids, source=source, file=file, rows=len(values))

    return TimeImport(
        file=file,
        source=source,
        dry_run=uow is None,
        rows_read=len(rows) + skipped_zero,
        imported=len(values),
        already_imported=len(rows) - len(values),
        skipped_zero=skipped_zero,
        minutes=minutes_total,
        projects=[
            ProjectImport(t.ref, t.currency, t.rows, t.minutes, t.amount_cents, t.created)
            for t in sorted(targets.values(), key=lambda t: t.ref)
            if t.rows or t.created
        ],
        created_accounts=created_accounts,
        created_projects=created_projects,
        outside_dates=[
            OutsideDates(t.ref, len(t.outside), min(t.outside), max(t.outside), t.start_on, t.end_on)
            for t in sorted(targets.values(), key=lambda t: t.ref)
            if t.outside
        ],
        long_days=long_days,
    )


def _long_days(session: Session, days: dict[tuple[str, date], int], names: dict[str, str]) -> list[LongDay]:
    """Person-days over 12 h with the file in: its minutes plus what the book holds for that person and day
    (read before the insert), by date then name."""
    if not days:
        return []
    stored = logged_by_person(session, min(d for _, d in days), max(d for _, d in days))
    totals = {k: m + stored.get(k, 0) for k, m in days.items()}
    over = sorted((on, who) for (who, on), minutes in totals.items() if too_long_day(minutes))
    if over:
        on, who = over[0]
        book = stored.get((who, on), 0)
        already = f" and {format_hours(book)} already in the book" if book else ""
        more = (
            f" (and {len(over) - 1:,} more such day{'s' if len(over) > 2 else ''})" if len(over) > 1 else ""
        )
        raise InputError(
            f"{names[who]} would have {format_hours(totals[(who, on)])} logged on {on.isoformat()} "
            f"({format_hours(days[(who, on)])} in the file{already}); a day has 24 hours{more}; "
            "nothing was imported"
        )
    return [
        LongDay(names[who], on, minutes, too_long_day(minutes))
        for (who, on), minutes in sorted(totals.items(), key=lambda kv: (kv[0][1], kv[0][0]))
        if long_day(minutes)
    ]
