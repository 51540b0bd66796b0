"""Helpers every service shares: references, slugs, choices, JSON-ready results.

SQLModel and the tables are imported inside the lookups, so the checks (``check_choice``…) cost nothing to a
read one-liner that runs on :mod:`amtui.services.base.sql` and never loads SQLAlchemy.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict
from typing import TYPE_CHECKING

from amtui.core.errors import ConflictError, InputError, NotFoundError
from amtui.core.jsonable import to_jsonable

if TYPE_CHECKING:
    from sqlmodel import Session

    from amtui.store.models import Account, ChangeOrder, Project

_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$")


def slugify(text: str) -> str:
    norm = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", norm.lower()).strip("-")
    return slug[:60].strip("-")


def check_slug(slug: str) -> str:
    if not _SLUG.match(slug):
        raise InputError(f"bad slug {slug!r}: use lowercase letters, digits and dashes (e.g. northwind)")
    return slug


def check_choice(value: str, choices: tuple[str, ...], what: str) -> str:
    v = value.strip().lower()
    if v not in choices:
        raise InputError(f"unknown {what} {value!r}; choose one of: {', '.join(choices)}")
    return v


def check_text(value: str, what: str, *, max_len: int = 200) -> str:
    v = value.strip()
    if not v:
        raise InputError(f"{what} is empty")
    if len(v) > max_len:
        raise InputError(f"{what} is longer than {max_len} characters")
    return v


def get_account(session: Session, slug: str) -> Account:
    """An account by slug (case-insensitive); NotFoundError names the closest slugs."""
    from sqlmodel import select

    from amtui.store.models import Account

    key = slug.strip().lower()
    acc = session.exec(select(Account).where(Account.slug == key)).first()
    if acc is None:
        from amtui.services.base.sql import account_id

        account_id(
            session, slug
        )  # raises NotFoundError naming the closest slugs (one wording for both paths)
        raise NotFoundError(f"no account {slug!r}")  # pragma: no cover - account_id found what select did not
    return acc


def get_project(session: Session, ref: str) -> Project:
    """A project as ``account/project``, or by its slug alone when only one account has it."""
    from sqlmodel import select

    from amtui.store.models import Project

    key = ref.strip().lower()
    if "/" in key:
        acc_slug, _, proj_slug = key.partition("/")
        acc = get_account(session, acc_slug)
        proj = session.exec(
            select(Project).where(Project.account_id == acc.id, Project.slug == proj_slug)
        ).first()
        if proj is None:
            raise NotFoundError(f"no project {proj_slug!r} in account {acc.slug!r}")
        return proj
    found = list(session.exec(select(Project).where(Project.slug == key)))
    if not found:
        raise NotFoundError(f"no project {ref!r}; reference a project as account/project")
    if len(found) > 1:
        refs = ", ".join(sorted(project_ref(session, p) for p in found))
        raise ConflictError(f"project {ref!r} is ambiguous: {refs}")
    return found[0]


def project_ref(session: Session, project: Project) -> str:
    from amtui.store.models import Account

    acc = session.get(Account, project.account_id)
    return f"{acc.slug if acc else '?'}/{project.slug}"


def parse_co_number(ref: str) -> int:
    m = re.fullmatch(r"(?:co-?)?(\d{1,9})", ref.strip().lower())
    if not m:
        raise InputError(f"not a change order reference: {ref!r}; expected e.g. CO-7")
    return int(m.group(1))


def get_change_order(session: Session, ref: str) -> ChangeOrder:
    from sqlmodel import select

    from amtui.store.models import ChangeOrder

    number = parse_co_number(ref)
    co = session.exec(select(ChangeOrder).where(ChangeOrder.number == number)).first()
    if co is None:
        raise NotFoundError(f"no change order CO-{number}")
    return co


__all__ = ["asdict", "to_jsonable"]
