"""References: the one home of the rules that turn what a user types into an account, a project or a number.

- **Account**: its slug, case-insensitive, surrounding spaces ignored. Unknown: :class:`NotFoundError`
  naming the closest slugs (or the first accounts).
- **Project**: ``account/project``, or the project slug alone when only one account has it. A bare slug
  two accounts share is a :class:`ConflictError` naming every ``account/project`` it could be. Archived
  projects are found like any other (what a command does with one is the command's business).
- **Scope** ("an account or a project"): a bare word that is an account slug names the account (an account
  wins over a project of the same slug); otherwise it must name a project as above.
- **Numbers**: ``CO-7``, ``M12``, ``ESC-2``, ``OPP-3``, ``T-4`` (a follow-up); the prefix (any case, an
  optional dash) may be left out. Anything else is an :class:`InputError` in that kind's own words.
- An empty or blank reference is malformed (:class:`InputError`), never "everything".
- A name that is not found names the nearest one that is (:func:`nearest`, ``difflib``), and carries it on the
  :class:`NotFoundError` (``typed``, ``suggestion``) so the CLI can show the command that would work.

Every rule is SQL text on :mod:`amtui.store.sql`, so it runs the same on a SQLModel session and on a plain
``sqlite3`` connection (the read one-liners). The ORM lookups the write paths need (:func:`get_account`,
:func:`get_project`, :func:`get_change_order`) resolve the id here, then ``session.get`` the row; they import
the models inside the function so this module never loads SQLAlchemy.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from amtui.core.errors import ConflictError, InputError, NotFoundError
from amtui.store.sql import Db, Row, day, rows

if TYPE_CHECKING:
    from sqlmodel import Session

    from amtui.store.models import Account, ChangeOrder, Project

# ---------------------------------------------------------------------------------------------- projects


@dataclass(frozen=True)
class ProjectRow:
    """The project columns the rules read, for code that has no ORM ``Project`` at hand."""

    id: int
    account_id: int
    slug: str
    name: str
    billing: str
    currency: str
    status: str
    budget_cents: int
    budget_minutes: int | None
    rate_cents: int | None
    cap_cents: int | None
    retainer_fee_cents: int | None
    retainer_minutes: int | None
    complete_bp: int | None
    start_on: date | None
    end_on: date | None
    # Billing terms (amtui.services.money.terms; None = the default for the billing type).
    bill_timing: str | None = None
    fee_schedule: str | None = None
    deposit_bp: int | None = None
    co_billing: str | None = None


class ProjectLike(Protocol):
    """A project as the rules read it: a :class:`ProjectRow`, or an ORM ``Project`` (whose ``id`` is ``None``
    until it is flushed)."""

    @property
    def id(self) -> int | None: ...
    @property
    def account_id(self) -> int: ...
    @property
    def slug(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def billing(self) -> str: ...
    @property
    def currency(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def budget_cents(self) -> int: ...
    @property
    def budget_minutes(self) -> int | None: ...
    @property
    def rate_cents(self) -> int | None: ...
    @property
    def cap_cents(self) -> int | None: ...
    @property
    def retainer_fee_cents(self) -> int | None: ...
    @property
    def retainer_minutes(self) -> int | None: ...
    @property
    def complete_bp(self) -> int | None: ...
    @property
    def start_on(self) -> date | None: ...
    @property
    def end_on(self) -> date | None: ...

    # The billing-term columns are read through amtui.services.money.terms.TermsLike, their one spelling.


PROJECT_COLUMNS = (
    "p.id, p.account_id, p.slug, p.name, p.billing, p.currency, p.status, p.budget_cents, p.budget_minutes, "
    "p.rate_cents, p.cap_cents, p.retainer_fee_cents, p.retainer_minutes, p.complete_bp, p.start_on, "
    "p.end_on, p.bill_timing, p.fee_schedule, p.deposit_bp, p.co_billing"
)


def project_row(r: Row) -> ProjectRow:
    pid, acc, slug, name, billing, currency, status, budget, minutes, rate, cap, fee, monthly, done = r[:14]
    return ProjectRow(
        pid,
        acc,
        slug,
        name,
        billing,
        currency,
        status,
        budget,
        minutes,
        rate,
        cap,
        fee,
        monthly,
        done,
        day(r[14]),
        day(r[15]),
        *r[16:20],
    )


def projects_with_slugs(
    db: Db, where: str = "1 = 1", params: Sequence[Any] = ()
) -> list[tuple[ProjectRow, str]]:
    """(project, account slug) pairs matching ``where`` (over ``p`` = project, ``a`` = account)."""
    sql = (
        f"SELECT {PROJECT_COLUMNS}, a.slug FROM project p JOIN account a ON a.id = p.account_id "
        f"WHERE {where} ORDER BY a.slug, p.slug"
    )
    return [(project_row(r), r[-1]) for r in rows(db, sql, params)]


def ids_of(projects: Iterable[ProjectLike]) -> list[int]:
    return [p.id for p in projects if p.id is not None]


def project_ref(db: Db, project: ProjectLike) -> str:
    """``account/project`` for a project at hand."""
    found = rows(db, "SELECT slug FROM account WHERE id = ?", (project.account_id,))
    return f"{found[0][0] if found else '?'}/{project.slug}"


# ------------------------------------------------------------------------------ accounts and projects


def _key(ref: str, empty: str) -> str:
    key = ref.strip().lower()
    if not key:
        raise InputError(empty)
    return key


def _find_account(db: Db, key: str) -> int | None:
    found = rows(db, "SELECT id FROM account WHERE slug = ?", (key,))
    return int(found[0][0]) if found else None


def nearest(typed: str, names: Iterable[str]) -> str | None:
    """The name closest to ``typed`` (case ignored; a name that starts with it first), or None when nothing
    is close: the one rule behind every "did you mean"."""
    key = " ".join(typed.split()).casefold()
    if not key:
        return None
    by_key: dict[str, str] = {}
    for name in names:
        by_key.setdefault(" ".join(name.split()).casefold(), name)
    starts = sorted(k for k in by_key if k.startswith(key) or k.split(" ")[0] == key)
    if starts:
        return by_key[starts[0]]
    close = difflib.get_close_matches(key, list(by_key), n=1, cutoff=0.6)
    return by_key[close[0]] if close else None


def account_id(db: Db, slug: str) -> int:
    """An account's id by slug (case-insensitive); NotFoundError names the closest slug."""
    key = _key(slug, "empty account reference; expected an account slug, e.g. northwind")
    found = _find_account(db, key)
    if found is not None:
        return found
    slugs = [r[0] for r in rows(db, "SELECT slug FROM account ORDER BY slug")]
    close = nearest(key, slugs)
    hint = f"; did you mean {close}?" if close else (f"; accounts: {', '.join(slugs[:8])}" if slugs else "")
    raise NotFoundError(f"no account {slug.strip()!r}{hint}", typed=slug.strip(), suggestion=close)


def find_project(db: Db, ref: str) -> tuple[ProjectRow, str]:
    """(project, account slug) for ``account/project``, or for a project slug alone when only one account
    has it."""
    key = _key(ref, "empty project reference; expected account/project, e.g. northwind/spring-launch")
    if "/" in key:
        acc_slug, _, proj_slug = key.partition("/")
        acc = account_id(db, acc_slug)
        found = projects_with_slugs(db, "p.account_id = ? AND p.slug = ?", (acc, proj_slug))
        if not found:
            slugs = [r[0] for r in rows(db, "SELECT slug FROM project WHERE account_id = ?", (acc,))]
            close = nearest(proj_slug, slugs)
            hint = f"; did you mean {acc_slug.strip()}/{close}?" if close else ""
            raise NotFoundError(
                f"no project {proj_slug!r} in account {acc_slug.strip()!r}{hint}",
                typed=ref.strip(),
                suggestion=f"{acc_slug.strip()}/{close}" if close else None,
            )
        return found[0]
    found = projects_with_slugs(db, "p.slug = ?", (key,))
    if not found:
        every = [
            f"{a}/{p}"
            for a, p in rows(db, "SELECT a.slug, p.slug FROM project p JOIN account a ON a.id = p.account_id")
        ]
        close = nearest(key, [r.split("/", 1)[1] for r in every])
        full = next((r for r in sorted(every) if close and r.endswith(f"/{close}")), None)
        hint = f"; did you mean {full}?" if full else "; reference a project as account/project"
        raise NotFoundError(
            f"no project {ref!r}{hint}",
            typed=ref.strip(),
            suggestion=full,
        )
    if len(found) > 1:
        refs = ", ".join(sorted(f"{slug}/{p.slug}" for p, slug in found))
        raise ConflictError(f"project {ref!r} is ambiguous: {refs}")
    return found[0]


@dataclass(frozen=True)
class Scope:
    """What an "account or project" reference names: an account (``account_id`` set) and all its projects
    (any status), or one project (``account_id`` is ``None``)."""

    account_id: int | None
    account: str  # the account's slug (the project's account for a project)
    projects: tuple[tuple[ProjectRow, str], ...]  # (project, account slug), in slug order

    @property
    def ids(self) -> list[int]:
        return [p.id for p, _ in self.projects]


def scope(db: Db, ref: str) -> Scope:
    """An account slug, ``account/project`` or an unambiguous project slug; an account slug wins over a
    project slug that happens to be the same word."""
    key = _key(ref, "empty reference; expected an account slug or account/project, e.g. northwind")
    if "/" in key:
        project, slug = find_project(db, key)
        return Scope(None, slug, ((project, slug),))
    acc = _find_account(db, key)
    if acc is not None:
        return Scope(acc, key, tuple(projects_with_slugs(db, "p.account_id = ?", (acc,))))
    try:
        project, slug = find_project(db, key)
    except NotFoundError as miss:
        shown = ref.strip()
        slugs = [r[0] for r in rows(db, "SELECT slug FROM account")]
        close = nearest(shown, slugs) or miss.suggestion
        hint = (
            f"; did you mean {close}?"
            if close
            else f" (no project {shown!r} in any account); reference a project as account/project"
        )
        raise NotFoundError(
            f"no account or project {shown!r}{hint}",
            typed=shown,
            suggestion=close,
        ) from None
    return Scope(None, slug, ((project, slug),))


def project_ids(db: Db, ref: str) -> list[int]:
    """The ids of the projects an "account or project" reference names (see :func:`scope`)."""
    return scope(db, ref).ids


# ---------------------------------------------------------------------------------------------- numbers


@dataclass(frozen=True)
class NumberRef:
    """A kind of numbered reference: ``CO-7`` (or ``co7``, ``7``)."""

    prefix: str  # lowercase, without the dash
    what: str  # "a change order"
    example: str  # what the error suggests

    def parse(self, ref: str | int) -> int:
        m = re.fullmatch(rf"(?:{self.prefix}-?)?(\d{{1,9}})", str(ref).strip().lower())
        if not m:
            raise InputError(f"not {self.what} reference: {str(ref)!r}; expected e.g. {self.example}")
        return int(m.group(1))


CHANGE_ORDER = NumberRef("co", "a change order", "CO-7")
MILESTONE = NumberRef("m", "a milestone", "M12 or 12")
ESCALATION = NumberRef("esc", "an escalation", "ESC-2 or 2")
OPPORTUNITY = NumberRef("opp", "an opportunity", "OPP-3 or 3")
FOLLOW_UP = NumberRef("t", "a follow-up", "T-4 or 4")


def deleted_by(db: Db, table: str, row_id: int) -> str | None:
    """The command that deleted row ``row_id`` of ``table``, from the history; None when none did (or the
    history was pruned): so "no entry #12" can say "#12 was deleted by `amtui time delete 12`"."""
    found = rows(
        db,
        "SELECT b.command FROM audit_event e JOIN audit_batch b ON b.id = e.batch_id "
        "WHERE e.entity = ? AND e.entity_id = ? AND e.op = 'delete' ORDER BY e.id DESC LIMIT 1",
        (table, row_id),
    )
    return str(found[0][0]) if found else None


def change_order_id(db: Db, ref: str) -> int:
    """A change order's id by its number (``CO-7``)."""
    number = CHANGE_ORDER.parse(ref)
    found = rows(db, "SELECT id FROM change_order WHERE number = ?", (number,))
    if not found:
        raise NotFoundError(f"no change order CO-{number}")
    return int(found[0][0])


def follow_up_id(db: Db, ref: str | int) -> int:
    """A follow-up's id by its number (``T-4``)."""
    number = FOLLOW_UP.parse(ref)
    found = rows(db, "SELECT id FROM follow_up WHERE number = ?", (number,))
    if not found:
        raise NotFoundError(f"no follow-up T-{number}")
    return int(found[0][0])


# ---------------------------------------------------------------------------------------------- ORM rows

T = TypeVar("T")


def get_account(session: Session, slug: str) -> Account:
    """The ORM ``Account`` for a slug (for writes inside a unit of work)."""
    from amtui.store.models import Account

    return _get(session, Account, account_id(session, slug))


def get_project(session: Session, ref: str) -> Project:
    """The ORM ``Project`` for a project reference (for writes inside a unit of work)."""
    from amtui.store.models import Project

    return _get(session, Project, find_project(session, ref)[0].id)


def get_change_order(session: Session, ref: str) -> ChangeOrder:
    """The ORM ``ChangeOrder`` for ``CO-n`` (for writes inside a unit of work)."""
    from amtui.store.models import ChangeOrder

    return _get(session, ChangeOrder, change_order_id(session, ref))


def _get(session: Session, model: type[T], row_id: int) -> T:
    found = session.get(model, row_id)
    if found is None:  # pragma: no cover - the id was read on this session a moment ago
        raise NotFoundError(f"no {model.__name__.lower()} #{row_id}")
    return found
