"""Accounts, contacts (with primary-contact history) and the interaction log.

Longer than 400 lines because contacts, who was primary when, and the log are written in the units of work
of the account they belong to and share its lookups; the next cut is contacts and the log into a module of
their own (as ``store/models/contact.py`` already is).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from amtui.core import clock
from amtui.core.errors import ConflictError, InputError, NotFoundError, StateError
from amtui.core.money import parse_currency
from amtui.services.base.common import check_choice, check_slug, check_text, slugify
from amtui.services.base.paging import PAGE_SIZE, Page, like_pattern, matches, page_of
from amtui.services.base.refs import get_account, nearest
from amtui.services.clients.am import account_ids_of, check_am
from amtui.services.clients.followups import FollowUpInfo, add_follow_up
from amtui.store.models import Account, Contact, Interaction, PrimaryContactPeriod, Project
from amtui.store.models.account import CONTRACT_TYPES, INTERACTION_KINDS
from amtui.store.models.base import utcnow
from amtui.store.uow import UnitOfWork

# ---------------------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class AccountSummary:
    slug: str
    name: str
    industry: str | None
    contract: str
    currency: str
    renewal_on: date | None
    status: str
    primary_contact: str | None
    last_contact_on: date | None
    projects: int
    #: The account's AM (:mod:`amtui.services.clients.am`); ``None``: not set.
    am: str | None = None


@dataclass(frozen=True)
class ContactInfo:
    name: str
    role: str | None
    email: str | None
    phone: str | None
    primary: bool
    joined_on: date | None
    left_on: date | None
    current: bool


@dataclass(frozen=True)
class InteractionInfo:
    id: int
    occurred_on: date
    kind: str
    summary: str
    contact: str | None


@dataclass(frozen=True)
class PrimaryPeriod:
    contact: str
    from_date: date
    to_date: date | None


@dataclass(frozen=True)
class AccountDetail:
    summary: AccountSummary
    notes: str | None
    contacts: list[ContactInfo]
    primary_history: list[PrimaryPeriod]
    interactions: list[InteractionInfo]
    primary_left: str | None  # name of a primary contact who left with nobody replacing them


# ---------------------------------------------------------------------------------------------- accounts


def add_account(
    uow: UnitOfWork,
    name: str,
    *,
    slug: str | None = None,
    industry: str | None = None,
    contract: str = "project",
    renewal_on: date | None = None,
    currency: str = "USD",
    am: str | None = None,
) -> AccountSummary:
    """A new account. Its AM is ``am``, else whoever creates it (:mod:`amtui.services.clients.am`). On a
    team database a creator who does not see every account becomes its first member (an editor) in the same
    transaction — the only way they could see it — and the database allows that claim only on an account the
    same transaction created (revision 0812)."""
    from amtui.store.dialect import actor, next_id, sees_everything

    s = uow.session
    name = check_text(name, "account name")
    am = check_am(am) if am is not None else None
    slug = check_slug(slug.strip().lower() if slug else slugify(name))
    contract = check_choice(contract, CONTRACT_TYPES, "contract type")
    if s.exec(select(Account).where(Account.slug == slug)).first():
        raise ConflictError(f"an account with slug {slug!r} exists already; pick another with --slug")
    acc = Account(
        slug=slug,
        name=name,
        industry=industry.strip() if industry else None,
        contract=contract,
        renewal_on=renewal_on,
        currency=parse_currency(currency),
    )
    conn = s.connection()
    acc.am = am or actor(conn)
    claim = not sees_everything(conn)
    if claim:
        acc.id = next_id(conn, "account")
    s.add(acc)
    s.flush()
    if claim:
        _first_member(uow, acc, actor(conn))
    return account_summary(s, acc)


def _first_member(uow: UnitOfWork, acc: Account, role: str | None) -> None:
    from amtui.store.dialect import next_id
    from amtui.store.models.member import AccountMember

    conn = uow.session.connection()
    member = AccountMember(
        id=next_id(conn, "account_member"),
        account_id=acc.id,  # type: ignore[arg-type]
        role_name=role or "",
        access="editor",
        created_at=utcnow(),
    )
    uow.session.add(member)
    uow.session.flush()


def edit_account(
    uow: UnitOfWork,
    slug: str,
    *,
    name: str | None = None,
    new_slug: str | None = None,
    industry: str | None = None,
    contract: str | None = None,
    renewal_on: date | None = None,
    notes: str | None = None,
    client_sees: str | None = None,
    am: str | None = None,
) -> AccountSummary:
    """``client_sees``: the optional report sections the client sees, as typed (``burn,actuals``; ``none``
    clears them), checked against their vocabulary (``services/overview/audience.parse_client_sees``).
    ``am``: the account's AM (:mod:`amtui.services.clients.am`)."""
    s = uow.session
    sees = client_sees_of(client_sees) if client_sees is not None else None
    am = check_am(am) if am is not None else None
    acc = get_account(s, slug)
    if name is not None:
        acc.name = check_text(name, "account name")
    if new_slug is not None:
        new_slug = check_slug(new_slug.strip().lower())
        if new_slug != acc.slug and s.exec(select(Account).where(Account.slug == new_slug)).first():
            raise ConflictError(f"an account with slug {new_slug!r} exists already")
        acc.slug = new_slug
    if industry is not None:
        acc.industry = industry.strip() or None
    if contract is not None:
        acc.contract = check_choice(contract, CONTRACT_TYPES, "contract type")
    if renewal_on is not None:
        acc.renewal_on = renewal_on
    if notes is not None:
        acc.notes = notes
    if sees is not None:
        acc.client_sees = ",".join(sorted(sees))
    if am is not None:
        acc.am = am
    s.add(acc)
    s.flush()
    return account_summary(s, acc)


def client_sees_of(text: str) -> frozenset[str]:
    """What ``--client-sees`` says: ``none``, or one or more section names (a bare comma is neither)."""
    from amtui.services.overview.audience import parse_client_sees

    if text.strip().lower() == "none":
        return frozenset()
    sees = parse_client_sees(text)
    if not sees:
        raise InputError("--client-sees needs section names (or 'none')")
    return sees


def archive_account(uow: UnitOfWork, slug: str) -> AccountSummary:
    s = uow.session
    acc = get_account(s, slug)
    if acc.status == "archived":
        raise StateError(f"account {acc.slug!r} is archived already")
    acc.status = "archived"
    acc.archived_at = utcnow()
    s.add(acc)
    s.flush()
    return account_summary(s, acc)


def _last_contacts(session: Session, account_ids: list[int] | None = None) -> dict[int, date]:
    q = select(Interaction.account_id, func.max(Interaction.occurred_on)).group_by(
        col(Interaction.account_id)
    )
    if account_ids is not None:
        q = q.where(col(Interaction.account_id).in_(account_ids))
    return {aid: d for aid, d in session.exec(q)}


def account_summary(session: Session, acc: Account) -> AccountSummary:
    assert acc.id is not None
    primary = session.exec(
        select(Contact.name).where(
            Contact.account_id == acc.id, Contact.is_primary, col(Contact.left_on).is_(None)
        )
    ).first()
    projects = session.exec(
        select(func.count()).select_from(Project).where(Project.account_id == acc.id)
    ).one()
    return AccountSummary(
        slug=acc.slug,
        name=acc.name,
        industry=acc.industry,
        contract=acc.contract,
        currency=acc.currency,
        renewal_on=acc.renewal_on,
        status=acc.status,
        primary_contact=primary,
        last_contact_on=_last_contacts(session, [acc.id]).get(acc.id),
        projects=int(projects),
        am=acc.am,
    )


def list_accounts(
    session: Session, *, include_archived: bool = False, am: str | None = None
) -> list[AccountSummary]:
    """Every account (of one AM, with ``am``) with its primary contact, last contact date and project count
    (three queries)."""
    q = select(Account).order_by(Account.name)
    if not include_archived:
        q = q.where(Account.status != "archived")
    if am is not None:
        q = q.where(col(Account.id).in_(account_ids_of(session, am)))
    return _summaries(session, list(session.exec(q)))


def page_accounts(
    session: Session,
    *,
    text: str | None = None,
    include_archived: bool = False,
    am: str | None = None,
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> Page[AccountSummary]:
    """One page of accounts by name (``text`` matches slug or name, in SQL; ``am``: one AM's) and how many
    match.

    The primary contacts, project counts and last contacts are read for the page's accounts only.
    """
    q = select(Account).order_by(Account.name, col(Account.id))
    if not include_archived:
        q = q.where(Account.status != "archived")
    pattern = like_pattern(text)
    if pattern is not None:
        q = q.where(matches(pattern, Account.slug, Account.name))
    if am is not None:
        q = q.where(col(Account.id).in_(account_ids_of(session, am)))
    page = page_of(session, q, offset=offset, limit=limit, row=lambda r: r)
    return Page(_summaries(session, page.rows), page.total, page.offset)


def _summaries(session: Session, accounts: list[Account]) -> list[AccountSummary]:
    ids = [a.id for a in accounts if a.id is not None]
    primaries = {
        aid: name
        for aid, name in session.exec(
            select(Contact.account_id, Contact.name).where(
                col(Contact.account_id).in_(ids), Contact.is_primary, col(Contact.left_on).is_(None)
            )
        )
    }
    counts = {
        aid: n
        for aid, n in session.exec(
            select(Project.account_id, func.count())
            .where(col(Project.account_id).in_(ids))
            .group_by(col(Project.account_id))
        )
    }
    last = _last_contacts(session, ids)
    return [
        AccountSummary(
            slug=a.slug,
            name=a.name,
            industry=a.industry,
            contract=a.contract,
            currency=a.currency,
            renewal_on=a.renewal_on,
            status=a.status,
            primary_contact=primaries.get(a.id or 0),
            last_contact_on=last.get(a.id or 0),
            projects=int(counts.get(a.id or 0, 0)),
            am=a.am,
        )
        for a in accounts
    ]


def account_detail(session: Session, slug: str, *, interactions: int = 50) -> AccountDetail:
    acc = get_account(session, slug)
    contacts = list_contacts(session, acc.slug, include_former=True)
    names = {c.id: c.name for c in session.exec(select(Contact).where(Contact.account_id == acc.id))}
    history = [
        PrimaryPeriod(contact=names.get(p.contact_id, "?"), from_date=p.from_date, to_date=p.to_date)
        for p in session.exec(
            select(PrimaryContactPeriod)
            .where(PrimaryContactPeriod.account_id == acc.id)
            .order_by(col(PrimaryContactPeriod.from_date).desc(), col(PrimaryContactPeriod.id).desc())
        )
    ]
    return AccountDetail(
        summary=account_summary(session, acc),
        notes=acc.notes,
        contacts=contacts,
        primary_history=history,
        interactions=list_interactions(session, acc.slug, limit=interactions) if interactions else [],
        primary_left=primary_left_unreplaced(session, acc.id),  # type: ignore[arg-type]
    )


def primary_left_unreplaced(session: Session, account_id: int) -> str | None:
    """The name of the last primary contact if they left and no current primary replaced them."""
    return primaries_left_unreplaced(session, [account_id]).get(account_id)


def primaries_left_unreplaced(session: Session, account_ids: list[int] | None = None) -> dict[int, str]:
    """:func:`primary_left_unreplaced` for many accounts at once (every account when ``account_ids`` is
    None), by account id: two queries for the whole book instead of three per account."""
    contacts = select(Contact)
    periods = select(PrimaryContactPeriod).order_by(
        col(PrimaryContactPeriod.from_date), col(PrimaryContactPeriod.id)
    )
    if account_ids is not None:
        contacts = contacts.where(col(Contact.account_id).in_(account_ids))
        periods = periods.where(col(PrimaryContactPeriod.account_id).in_(account_ids))
    by_id = {c.id: c for c in session.exec(contacts)}
    replaced = {c.account_id for c in by_id.values() if c.is_primary and c.left_on is None}
    last: dict[int, PrimaryContactPeriod] = {}
    for period in session.exec(periods):  # the latest period of each account comes last
        last[period.account_id] = period
    out: dict[int, str] = {}
    for aid, period in last.items():
        if aid in replaced or period.to_date is None:
            continue
        c = by_id.get(period.contact_id) or session.get(Contact, period.contact_id)
        if c is not None and c.left_on:
            out[aid] = c.name
    return out


# ---------------------------------------------------------------------------------------------- contacts


def _contact_info(c: Contact) -> ContactInfo:
    return ContactInfo(
        name=c.name,
        role=c.role,
        email=c.email,
        phone=c.phone,
        primary=c.is_primary,
        joined_on=c.joined_on,
        left_on=c.left_on,
        current=c.left_on is None,
    )


def _get_contact(session: Session, account: Account, name: str) -> Contact:
    c = session.exec(
        select(Contact).where(
            Contact.account_id == account.id, func.lower(Contact.name) == name.strip().lower()
        )
    ).first()
    if c is None:
        names = session.exec(select(Contact.name).where(Contact.account_id == account.id)).all()
        close = nearest(name, names)
        hint = f"; did you mean {close!r}?" if close else ""
        raise NotFoundError(
            f"no contact {name.strip()!r} at {account.slug!r}{hint}", typed=name.strip(), suggestion=close
        )
    return c


def _make_primary(session: Session, account: Account, contact: Contact, on: date) -> None:
    """Close the current primary period (if any) and open one for ``contact``."""
    for other in session.exec(select(Contact).where(Contact.account_id == account.id, Contact.is_primary)):
        if other.id != contact.id:
            other.is_primary = False
            session.add(other)
    for period in session.exec(
        select(PrimaryContactPeriod).where(
            PrimaryContactPeriod.account_id == account.id, col(PrimaryContactPeriod.to_date).is_(None)
        )
    ):
        period.to_date = on
        session.add(period)
    contact.is_primary = True
    session.add(contact)
    session.flush()
    assert contact.id is not None and account.id is not None
    session.add(PrimaryContactPeriod(account_id=account.id, contact_id=contact.id, from_date=on))


def add_contact(
    uow: UnitOfWork,
    account_slug: str,
    name: str,
    *,
    role: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    primary: bool = False,
    joined_on: date | None = None,
    today: date | None = None,
) -> ContactInfo:
    s = uow.session
    acc = get_account(s, account_slug)
    name = check_text(name, "contact name")
    if email is not None and email.strip() and "@" not in email:
        raise InputError(f"not an email address: {email!r}")
    exists = s.exec(
        select(Contact).where(Contact.account_id == acc.id, func.lower(Contact.name) == name.lower())
    ).first()
    if exists:
        raise ConflictError(f"{acc.slug!r} already has a contact named {exists.name!r}")
    assert acc.id is not None
    c = Contact(
        account_id=acc.id,
        name=name,
        role=role.strip() if role else None,
        email=email.strip() if email else None,
        phone=phone.strip() if phone else None,
        joined_on=joined_on,
    )
    s.add(c)
    s.flush()
    if primary:
        _make_primary(s, acc, c, joined_on or today or clock.today())
    s.flush()
    return _contact_info(c)


def set_primary(uow: UnitOfWork, account_slug: str, name: str, *, on: date | None = None) -> ContactInfo:
    s = uow.session
    acc = get_account(s, account_slug)
    c = _get_contact(s, acc, name)
    if c.left_on is not None:
        raise StateError(
            f"{c.name} left {acc.slug!r} on {c.left_on.isoformat()}; a former contact cannot be primary"
        )
    if c.is_primary:
        raise StateError(f"{c.name} is already the primary contact at {acc.slug!r}")
    _make_primary(s, acc, c, on or clock.today())
    s.flush()
    return _contact_info(c)


def contact_leave(uow: UnitOfWork, account_slug: str, name: str, *, on: date | None = None) -> ContactInfo:
    """Mark a contact as gone. Their primary period closes; history keeps who was primary when."""
    s = uow.session
    acc = get_account(s, account_slug)
    c = _get_contact(s, acc, name)
    if c.left_on is not None:
        raise StateError(f"{c.name} already left {acc.slug!r} on {c.left_on.isoformat()}")
    when = on or clock.today()
    c.left_on = when
    s.add(c)
    for period in s.exec(
        select(PrimaryContactPeriod).where(
            PrimaryContactPeriod.contact_id == c.id, col(PrimaryContactPeriod.to_date).is_(None)
        )
    ):
        period.to_date = when
        s.add(period)
    s.flush()
    return _contact_info(c)


def list_contacts(session: Session, account_slug: str, *, include_former: bool = True) -> list[ContactInfo]:
    acc = get_account(session, account_slug)
    q = select(Contact).where(Contact.account_id == acc.id)
    if not include_former:
        q = q.where(col(Contact.left_on).is_(None))
    rows = session.exec(
        q.order_by(col(Contact.left_on).is_not(None), col(Contact.is_primary).desc(), Contact.name)
    )
    return [_contact_info(c) for c in rows]


# ---------------------------------------------------------------------------------------------- interactions


def log_interaction(
    uow: UnitOfWork,
    account_slug: str,
    summary: str,
    *,
    kind: str = "note",
    on: date | None = None,
    contact: str | None = None,
    today: date | None = None,
) -> InteractionInfo:
    """Log a touchpoint. One dated after today is refused: the log records what happened."""
    s = uow.session
    today = today or clock.today()
    if on is not None and on > today:
        raise InputError(f"interaction dated {on.isoformat()} is in the future; log it once it has happened")
    acc = get_account(s, account_slug)
    summary = check_text(summary, "summary", max_len=4000)
    kind = check_choice(kind, INTERACTION_KINDS, "kind")
    contact_id = _get_contact(s, acc, contact).id if contact else None
    assert acc.id is not None
    it = Interaction(
        account_id=acc.id,
        contact_id=contact_id,
        kind=kind,
        occurred_on=on or today or clock.today(),
        summary=summary,
    )
    s.add(it)
    s.flush()
    assert it.id is not None
    return InteractionInfo(id=it.id, occurred_on=it.occurred_on, kind=kind, summary=summary, contact=contact)


@dataclass(frozen=True)
class Logged:
    """An interaction and the follow-up it leads to (None when it leads to none)."""

    interaction: InteractionInfo
    follow_up: FollowUpInfo | None


def log_interaction_and_next(
    uow: UnitOfWork,
    account_slug: str,
    summary: str,
    *,
    kind: str = "note",
    on: date | None = None,
    contact: str | None = None,
    next_step: str | None = None,
    due_on: date | None = None,
    today: date | None = None,
) -> Logged:
    """``amtui log ACCOUNT "…" --next "…" --due thu`` and the TUI's interaction form: the interaction and its
    follow-up (linked to it and to the same contact) in the caller's one unit of work, so one undo takes
    back both. A next step and its due date go together."""
    if (next_step is None) != (due_on is None):
        raise InputError("--next and --due go together: --next 'Send the deck' --due thu")
    it = log_interaction(uow, account_slug, summary, kind=kind, on=on, contact=contact, today=today)
    follow_up = None
    if next_step is not None and due_on is not None:
        follow_up = add_follow_up(
            uow, account_slug, next_step, due_on=due_on, contact=contact, interaction_id=it.id, today=today
        )
    return Logged(it, follow_up)


def _interactions_of(session: Session, account_slug: str) -> Any:
    """An account's interactions with the contact's name, newest first (the account/date index's order)."""
    acc = get_account(session, account_slug)
    return (
        select(Interaction, Contact.name)
        .join(Contact, col(Interaction.contact_id) == Contact.id, isouter=True)
        .where(Interaction.account_id == acc.id)
        .order_by(col(Interaction.occurred_on).desc(), col(Interaction.id).desc())
    )


def list_interactions(
    session: Session, account_slug: str, *, since: date | None = None, limit: int | None = None
) -> list[InteractionInfo]:
    q = _interactions_of(session, account_slug)
    if since is not None:
        q = q.where(Interaction.occurred_on >= since)
    if limit is not None:
        q = q.limit(limit)
    return [_interaction(r) for r in session.exec(q)]


def page_interactions(
    session: Session, account_slug: str, *, offset: int = 0, limit: int = PAGE_SIZE
) -> Page[InteractionInfo]:
    """One page of an account's interaction log, newest first (the account/date index gives the order)."""
    q = _interactions_of(session, account_slug)
    return page_of(session, q, offset=offset, limit=limit, row=_interaction)


def _interaction(r: tuple[Interaction, str | None]) -> InteractionInfo:
    i, cname = r
    assert i.id is not None
    return InteractionInfo(id=i.id, occurred_on=i.occurred_on, kind=i.kind, summary=i.summary, contact=cname)
