"""The domain: what an account manager does. Pure functions over a Session or a UnitOfWork.

Services never import Textual and never hand ORM rows to a UI: they return small frozen dataclasses.

Importing any service registers the book's invariants as a guard on every unit of work
(:func:`amtui.services.trust.checks.guard`): a write, an undo or a redo that would break one rolls back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from amtui.store.uow import add_guard

if TYPE_CHECKING:
    from amtui.store.uow import UnitOfWork


def _guard(uow: UnitOfWork) -> None:
    from amtui.services.trust.checks import guard

    guard(uow)


add_guard(_guard)
