"""Demo step: the AM's follow-ups, relative to today — two overdue, two due today (one the weekly status
call, recurring), and a few later this month — so Today and the account screens show them."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from amtui.services.clients.followups import add_follow_up
from amtui.store.uow import UnitOfWork

if TYPE_CHECKING:
    from amtui.demo import DemoContext

# account, title, set days ago, due in days (negative: overdue), every, contact, project
FOLLOW_UPS = [
    ("helios", "Send Marcus the CPA plan before new spend", 2, -1, None, "Marcus Bell", "always-on-search"),
    ("northwind", "Introduce the team to Sam Patel", 12, -3, None, "Sam Patel", None),
    ("helios", "Weekly status call with Marcus", 7, 0, "week", "Marcus Bell", None),
    ("quokka", "Chase the PO for the ABM pilot with finance", 6, 0, None, "Ana Souza", "abm-pilot"),
    ("bramble", "Monthly check-in with Grace", 25, 5, "month", "Grace Liu", None),
    ("quokka", "Book the renewal QBR for January", 6, 9, None, "Tom Okoro", None),
    ("northwind", "Chase the summer campaign brief from Leah", 4, 2, None, "Leah Kim", "summer-campaign"),
]


def build(uow: UnitOfWork, ctx: DemoContext) -> dict[str, int]:
    for account, title, ago, due_in, every, contact, project in FOLLOW_UPS:
        add_follow_up(
            uow,
            account,
            title,
            due_on=ctx.today + timedelta(days=due_in),
            contact=contact,
            project=f"{account}/{project}" if project else None,
            every=every,
            today=ctx.today - timedelta(days=ago),  # written when it was set, so it can be overdue now
        )
    return {"follow_ups": len(FOLLOW_UPS)}
