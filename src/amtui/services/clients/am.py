"""An account's AM, and the team views' filter by AM: the rule, written once.

An account's AM (account manager) is a person's name — on a team database their database role, the name the
history shows. ``account add --am NAME`` sets it, else it is whoever creates the account (the history's
actor: the role on PostgreSQL, the operating-system user on a file); ``account edit --am`` changes it. Today,
Accounts, Budget and reconcile filter by it (``--am NAME``; the TUI's AM filter): the accounts whose AM is
that name, compared without regard to case. The filter narrows what the user can see; it never widens it —
on a team database row-level security has already left out the accounts they are not a member of.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from amtui.services.base.common import check_text
from amtui.store.sql import Db, rows

T = TypeVar("T")

#: At most as long as a PostgreSQL role name.
AM_MAX = 63


def check_am(name: str) -> str:
    """A typed AM name, cleaned (not empty, one line, at most :data:`AM_MAX` characters)."""
    return check_text(name, "AM", max_len=AM_MAX)


def am_where(am: str | None, alias: str = "a") -> tuple[str, list[str]]:
    """The SQL condition (on the account table as ``alias``) that keeps one AM's accounts, and its parameter;
    ``("", [])`` with no filter. The one spelling of the match, for every read that filters in SQL."""
    if am is None:
        return "", []
    return f" AND lower({alias}.am) = lower(?)", [check_am(am)]


def ams(db: Db) -> dict[str, str | None]:
    """Every account's AM (``None``: not set), by account slug — what lists and exports show beside a row."""
    return {slug: am for slug, am in rows(db, "SELECT slug, am FROM account")}


def accounts_of(db: Db, am: str) -> set[str]:
    """The slugs of the accounts whose AM is ``am``."""
    where, params = am_where(am)
    return {slug for (slug,) in rows(db, f"SELECT a.slug FROM account a WHERE 1 = 1{where}", params)}


def names(db: Db) -> list[str]:
    """The AMs of the accounts the user can see, in order (what the TUI's AM filter steps through)."""
    found = rows(db, "SELECT DISTINCT am FROM account WHERE am IS NOT NULL AND status != 'archived'")
    return sorted({am for (am,) in found}, key=str.lower)


def next_am(known: list[str], current: str | None) -> str | None:
    """The AM filter after ``current`` (``None``: everyone): each AM in turn, then everyone again."""
    if current is None:
        return known[0] if known else None
    lowered = [k.lower() for k in known]
    at = lowered.index(current.lower()) if current.lower() in lowered else -1
    return known[at + 1] if at + 1 < len(known) else None


def account_ids_of(db: Db, am: str) -> list[int]:
    """The ids of the accounts whose AM is ``am``."""
    where, params = am_where(am)
    return [int(i) for (i,) in rows(db, f"SELECT a.id FROM account a WHERE 1 = 1{where}", params)]


def keep(db: Db, items: Iterable[T], am: str | None, account: Callable[[T], str]) -> list[T]:
    """``items`` whose account (``account(item)``, a slug) has ``am`` as its AM; all of them with no filter.
    For views made of many reads (Today) that filter their result rather than each query."""
    if am is None:
        return list(items)
    mine = accounts_of(db, am)
    return [i for i in items if account(i) in mine]
