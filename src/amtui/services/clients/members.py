"""Account members: who may see (viewer) and change (editor) an account on a team database.

On PostgreSQL the row-level security policies of migration 0810 read ``account_member``: the server keeps a
non-member from reading the account's rows and a viewer from changing them. Sharing is an ordinary audited
write (history shows it; undo takes it back); on PostgreSQL only an editor of the account or an admin may
share it (the same policies guard this table).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import select

from amtui.core.errors import InputError
from amtui.services.base.refs import get_account
from amtui.store.uow import UnitOfWork

#: What a member may do: the vocabulary, in one place.
ACCESS = ("editor", "viewer")
_ROLE = re.compile(r"[a-z_][a-z0-9_]{0,62}")


@dataclass(frozen=True)
class Shared:
    account: str
    role_name: str
    access: str
    previous: str | None  # the access before, when the role was already a member


def share(uow: UnitOfWork, account: str, role_name: str, access: str) -> Shared:
    """Make ``role_name`` (a database role: one person) an editor or a viewer of ``account``."""
    from amtui.store.models.base import utcnow
    from amtui.store.models.member import AccountMember

    access = access.strip().lower()
    if access not in ACCESS:
        raise InputError(f"--role must be editor or viewer, not {access!r}")
    role = role_name.strip()
    if not _ROLE.fullmatch(role):
        raise InputError(
            f"--with {role_name!r} is not a database role name (lower-case letters, digits and _, at most 63)"
        )
    acc = get_account(uow.session, account)
    found = uow.session.exec(
        select(AccountMember).where(AccountMember.account_id == acc.id, AccountMember.role_name == role)
    ).first()
    previous = found.access if found is not None else None
    if found is None:
        uow.session.add(
            AccountMember(account_id=acc.id, role_name=role, access=access, created_at=utcnow())  # type: ignore[arg-type]
        )
    else:
        found.access = access
        uow.session.add(found)
    uow.session.flush()
    return Shared(acc.slug, role, access, previous)
