"""Corrections of one opportunity: its title, value, probability, next step and, once closed, its close date.

``opp move`` walks an open opportunity through the stages; this corrects what was typed, open or closed, as
one ORM change in a unit of work (history shows it, ``amtui undo`` reverts it). The book keeps no expected
close date for an open opportunity: its close date is the day it was won or lost (``opp won|lost --date``),
and only that can be corrected here.
"""

from __future__ import annotations

from datetime import date

from amtui.core import clock
from amtui.core.errors import InputError, StateError
from amtui.core.money import format_money
from amtui.services.base.common import check_text
from amtui.services.growth.pipeline import OpportunityInfo, _get, _load, parse_probability
from amtui.store.uow import UnitOfWork


def _change(what: str, old: object, new: object) -> list[str]:
    def show(v: object) -> str:
        return "—" if v is None else (v.isoformat() if isinstance(v, date) else str(v))

    return [f"{what} {show(old)} → {show(new)}"] if old != new else []


def edit_opportunity(
    uow: UnitOfWork,
    ref: str | int,
    *,
    title: str | None = None,
    value_cents: int | None = None,
    probability: str | int | None = None,
    next_step: str | None = None,
    next_on: date | None = None,
    closed_on: date | None = None,
    expected_close: date | None = None,
    today: date | None = None,
) -> tuple[OpportunityInfo, list[str]]:
    """Correct one opportunity; returns it as it is now and what changed (``value 18000.00 → 24000.00``)."""
    s = uow.session
    today = today or clock.today()
    o = _get(s, ref)
    title_to = o.title if title is None else check_text(title, "title")
    if value_cents is not None and value_cents <= 0:
        raise InputError("value must be more than zero")
    value_to = o.value_cents if value_cents is None else value_cents
    prob_to = o.probability if probability is None else parse_probability(probability)
    step_to = o.next_step
    if next_step is not None:
        step_to = check_text(next_step, "next step") if next_step.strip() else None
    on_to = o.next_on if next_on is None else next_on
    closed_to = o.closed_on
    if closed_on is not None:
        if o.status == "open":
            raise StateError(
                f"OPP-{o.id} is open: it has no close date until it is won or lost "
                f"(amtui opp won|lost OPP-{o.id} --date)"
            )
        if closed_on > today:
            raise InputError(f"close date {closed_on.isoformat()} is in the future; it closed when it closed")
        if closed_on < o.opened_on:
            raise InputError(
                f"close date {closed_on.isoformat()} is before it opened ({o.opened_on.isoformat()})"
            )
        closed_to = closed_on
    close_by_to = o.expected_close
    if expected_close is not None:
        if o.status != "open":
            raise StateError(
                f"OPP-{o.id} is {o.status}: an expected close date is for an open one "
                f"(the day it closed: amtui opp edit OPP-{o.id} --closed-on DATE)"
            )
        if expected_close < o.opened_on:
            raise InputError(
                f"expected close {expected_close.isoformat()} is before it opened ({o.opened_on.isoformat()})"
            )
        close_by_to = expected_close
    changes = [
        *_change("title", o.title, title_to),
        *_change("value", format_money(o.value_cents, o.currency), format_money(value_to, o.currency)),
        *_change("probability", f"{o.probability}%", f"{prob_to}%"),
        *_change("next step", o.next_step, step_to),
        *_change("next date", o.next_on, on_to),
        *_change("closed", o.closed_on, closed_to),
        *_change("expected close", o.expected_close, close_by_to),
    ]
    if not changes:
        raise InputError(
            "nothing to change; give --title, --value, --probability, --next-step, --next-date, "
            "--close-by or --closed-on"
        )
    o.title, o.value_cents, o.probability, o.next_step, o.next_on, o.closed_on = (
        title_to,
        value_to,
        prob_to,
        step_to,
        on_to,
        closed_to,
    )
    o.expected_close = close_by_to
    s.add(o)
    s.flush()
    return _load(s, o), changes
