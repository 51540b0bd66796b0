"""Demo step: the rate card, one estimate accepted into a project and one in draft.

Northwind's Spring Launch was sold from an estimate at the blended $150 an hour agreed with Northwind (a
project override on the rate card): its 320 hours by team are the project's budget of $48,000 exactly, so
``budget northwind/spring-launch --lines`` shows each team against what it was sold for without changing a
figure any other screen shows. Bramble's Spring Refresh is a draft from the launch template, at the book's
rates, in its second version (creative trimmed), so ``estimate diff`` has something to say.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from amtui.services.estimates import accept, rates, service
from amtui.services.estimates.arithmetic import LineInput
from amtui.services.estimates.markdown import parse, render
from amtui.services.estimates.read import detail
from amtui.store.uow import UnitOfWork

if TYPE_CHECKING:
    from amtui.demo import DemoContext

# team: (bill, cost) per hour in cents — the book's rate card.
CARD = {
    "strategy": (190_00, 85_00),
    "creative": (165_00, 70_00),
    "media": (150_00, 60_00),
    "analytics": (155_00, 72_00),
    "production": (140_00, 62_00),
    "account": (150_00, 75_00),
}
# Northwind's Spring Launch at the blended rate: team, hours, cost per hour.
SPRING = [
    ("strategy", 60, 82_00),
    ("creative", 90, 66_00),
    ("production", 80, 60_00),
    ("account", 90, 78_00),
]


def build(uow: UnitOfWork, ctx: DemoContext) -> dict[str, int]:
    today = ctx.today
    year_ago = today - timedelta(days=365)
    for team, (bill, cost) in CARD.items():
        rates.set_rate(uow, team, bill_cents=bill, cost_cents=cost, valid_from=year_ago)
    sold_on = today - timedelta(days=70)
    for team, _, cost in SPRING:
        rates.set_rate(
            uow,
            team,
            bill_cents=150_00,
            cost_cents=cost,
            valid_from=sold_on,
            project="northwind/spring-launch",
        )
    won = service.new_estimate(uow, "northwind/spring-launch", "Spring Launch", on_date=sold_on)
    for team, hours, _ in SPRING:
        service.add_line(uow, won.id, LineInput(team=team, minutes=hours * 60))
    accept.accept(uow, won.id, "northwind/spring-launch")

    draft = service.new_estimate(
        uow,
        "bramble",
        "Spring Refresh",
        on_date=today - timedelta(days=3),
        template="launch",
        start_on=today + timedelta(days=45),
        end_on=today + timedelta(days=135),
    )
    text = render(detail(uow.session, draft.id)).replace("| creative | 120 |", "| creative | 96 |")
    service.save_markdown(uow, draft.id, parse(text), note="creative trimmed after the scoping call")
    service.add_line(
        uow,
        draft.id,
        LineInput(label="In-store display production", price_cents=6_500_00, cost_cents=5_200_00),
    )
    return {"rates": len(CARD) + len(SPRING), "estimates": 2}
