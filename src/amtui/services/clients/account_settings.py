"""What the account screen's edit forms read: an account's settings as ``amtui account edit`` changes them,
and one entry of its log as ``amtui log edit`` does. Each is shown when a form opens and, read again inside
its save, compared with to refuse a change made elsewhere meanwhile."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from amtui.services.base.refs import get_account
from amtui.services.clients.accounts import InteractionInfo
from amtui.services.overview.audience import stored_client_sees
from amtui.store.models import Contact, Interaction


@dataclass(frozen=True)
class AccountSettings:
    slug: str
    name: str
    industry: str | None
    contract: str
    renewal_on: date | None
    notes: str | None
    #: The optional report sections the client version shows (``--client-sees``), sorted.
    client_sees: tuple[str, ...]
    status: str


def account_settings(session: Session, slug: str) -> AccountSettings:
    acc = get_account(session, slug)
    return AccountSettings(
        slug=acc.slug,
        name=acc.name,
        industry=acc.industry,
        contract=acc.contract,
        renewal_on=acc.renewal_on,
        notes=acc.notes,
        client_sees=tuple(sorted(stored_client_sees(acc.client_sees))),
        status=acc.status,
    )


def interaction_info(session: Session, entry_id: int) -> InteractionInfo | None:
    """One log entry as the account screen lists it (None: it is not there, deleted meanwhile)."""
    it = session.get(Interaction, entry_id)
    if it is None or it.id is None:
        return None
    contact = session.get(Contact, it.contact_id) if it.contact_id is not None else None
    return InteractionInfo(it.id, it.occurred_on, it.kind, it.summary, contact.name if contact else None)
