"""Today's follow-ups: the account manager's own next actions (``T-n``) that are overdue or due today.

Overdue ones and those due today are both ``critical`` ("now" on the Today screen): a promise due today is
for today, not for later in the week. Overdue ones come first (most days late first), then those due today.
What counts as due and overdue is :func:`amtui.services.clients.followups.due_state`, the rule ``todo list``
and the account screen read.
"""

from __future__ import annotations

from collections.abc import Iterable

from amtui.services.overview.today import AttentionItem, TodayContext, provider
from amtui.store.sql import Db

#: The severity of every follow-up Today lists (overdue or due today): the AM's own promises, all for now.
DUE_SEVERITY = "critical"


@provider
def follow_ups(db: Db, ctx: TodayContext) -> Iterable[AttentionItem]:
    """Open follow-ups due on or before today."""
    from amtui.services.clients.followups import list_follow_ups

    for f in list_follow_ups(db, due_by=ctx.today, today=ctx.today):
        about = ", ".join(x for x in (f.project, f.contact, f.escalation, f.change_order) if x)
        when = (
            f"{f.days_overdue} day{'s' if f.days_overdue != 1 else ''} overdue (due {f.due_on.isoformat()})"
            if f.overdue
            else "due today"
        )
        yield AttentionItem(
            DUE_SEVERITY,
            "follow-up-overdue" if f.overdue else "follow-up-due",
            f.account,
            f.ref,
            f"{f.ref} {f.title}",
            when + (f" · {about}" if about else "") + (f" · every {f.every}" if f.every else ""),
            "account",
            f.account,
            rank=-f.days_overdue,
        )
