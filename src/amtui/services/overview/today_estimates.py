"""Today's budget lines: a project on track as a whole while one of its estimate's lines is at risk or over.

The lines and their status are :func:`amtui.services.estimates.lines.budget_lines` (the same ±5% bands as the
project's, :func:`amtui.services.money.budget_health.status_of`), exactly what ``budget REF --lines`` shows; a
project already at risk or over is Today's ``budget`` item, not repeated here.
"""

from __future__ import annotations

from collections.abc import Iterable

from amtui.services.overview.today import AttentionItem, TodayContext, provider
from amtui.store.sql import Db


@provider
def budget_lines_at_risk(db: Db, ctx: TodayContext) -> Iterable[AttentionItem]:
    """One ``high`` item per project whose lines hide a risk its total does not show."""
    from amtui.core.money import format_money
    from amtui.services.estimates.lines import hidden_line_risks
    from amtui.services.money.budget_health import pct

    found = ctx.memo(("hidden_line_risks", ctx.today), lambda: hidden_line_risks(db, as_of=ctx.today))
    for b in found:
        risky = b.hidden_risks
        worst = max(risky, key=lambda ln: ln.eac_cents - ln.estimate_cents)
        names = ", ".join(f"{ln.name} {ln.status} ({pct(ln.burn)} burnt)" for ln in risky)
        over = format_money(worst.eac_cents - worst.estimate_cents, b.currency, whole=True)
        yield AttentionItem(
            "high",
            "budget-line",
            b.project.split("/", 1)[0],
            b.project,
            f"{b.project}: {names}",
            f"the project is {b.project_status} but {worst.name} is heading {over} over its estimate "
            f"(amtui budget {b.project} --lines)",
            "budget",
            b.project,
            rank=-(worst.eac_cents - worst.estimate_cents),
        )
