"""What a follow-up may link to — a project, a contact, an escalation, a change order — each checked against
the follow-up's account; ``none`` clears a link in ``todo edit``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from amtui.core.errors import ConflictError, NotFoundError
from amtui.services.base.refs import ESCALATION, change_order_id, find_project

if TYPE_CHECKING:
    from sqlmodel import Session

    from amtui.store.models import Account, FollowUp

#: What ``--every`` and the link options take to clear a value in ``todo edit``.
NONE_WORDS = ("none", "-")


def cleared(value: str | None) -> bool:
    """Whether ``value`` asks to clear what it sets."""
    return value is not None and value.strip().lower() in NONE_WORDS


def _project_id(s: Session, acc: Account, ref: str) -> int:
    project, slug = find_project(s, ref if "/" in ref else f"{acc.slug}/{ref.strip()}")
    if project.account_id != acc.id:
        raise ConflictError(f"project {slug}/{project.slug} is not {acc.slug}'s")
    return project.id


def _contact_id(s: Session, acc: Account, name: str) -> int:
    from amtui.services.clients.accounts import _get_contact

    c = _get_contact(s, acc, name)
    assert c.id is not None
    return c.id


def _escalation_id(s: Session, acc: Account, ref: str) -> int:
    from amtui.store.models import Escalation

    n = ESCALATION.parse(ref)
    e = s.get(Escalation, n)
    if e is None:
        raise NotFoundError(f"no escalation ESC-{n}")
    if e.account_id != acc.id:
        raise ConflictError(f"ESC-{n} is another account's, not {acc.slug}'s")
    return n


def _change_order(s: Session, acc: Account, ref: str) -> tuple[int, int]:
    """(change order id, its project id); refused when it is another account's."""
    from amtui.store.models import ChangeOrder, Project

    co = s.get(ChangeOrder, change_order_id(s, ref))
    assert co is not None and co.id is not None
    project = s.get(Project, co.project_id)
    if project is None or project.account_id != acc.id:
        raise ConflictError(f"CO-{co.number} is another account's, not {acc.slug}'s")
    return co.id, co.project_id


def set_links(
    s: Session,
    acc: Account,
    fu: FollowUp,
    *,
    project: str | None,
    contact: str | None,
    escalation: str | None,
    change_order: str | None,
) -> None:
    """Set (or, with ``none``, clear) the links given; a change order also names its project."""
    if project is not None:
        fu.project_id = None if cleared(project) else _project_id(s, acc, project)
    if contact is not None:
        fu.contact_id = None if cleared(contact) else _contact_id(s, acc, contact)
    if escalation is not None:
        fu.escalation_id = None if cleared(escalation) else _escalation_id(s, acc, escalation)
    if change_order is not None:
        if cleared(change_order):
            fu.change_order_id = None
        else:
            co_id, co_project = _change_order(s, acc, change_order)
            if fu.project_id is not None and fu.project_id != co_project:
                raise ConflictError(f"{change_order.strip().upper()} is on another project than --project")
            fu.change_order_id, fu.project_id = co_id, co_project
