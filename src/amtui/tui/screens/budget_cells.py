"""The Budget screen's cells: status colours, percentages and whole money as the table shows them, and the
highlighted project's budget by estimate line (as ``amtui budget REF --lines`` prints it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from amtui.services.estimates.lines import BudgetLines

STATUS_STYLE = {"on-track": "green", "watch": "yellow", "at-risk": "bold red", "over": "bold white on red"}


def pct_cell(ratio: float | None, signed: bool = False) -> str:
    from amtui.services.money.budget_health import pct

    return pct(ratio, signed=signed, decimals=1 if signed else 0)


def money_cell(cents: int | None, currency: str) -> str:
    from amtui.core.money import format_money

    return "—" if cents is None else format_money(cents, currency, whole=True)


def lines_table(ref: str, b: BudgetLines | None) -> Table | str:
    """The project's budget by estimate line, as ``amtui budget REF --lines`` prints it (whole money)."""
    from amtui.core.dates import format_hours

    if b is None:
        return f"{ref}: no accepted estimate, so no budget by line (amtui estimate accept ID --project {ref})"
    t = Table(
        title=f"By line · estimate {b.estimate_id} v{b.version} · EAC by {b.eac_method}",
        box=None,
        padding=(0, 1),
        title_justify="left",
    )
    for name, right in (("Line", False), ("Est. h", True), ("Estimate", True), ("Hours", True)):
        t.add_column(name, justify="right" if right else "left")
    for name in ("Actual", "EAC", "Burn"):
        t.add_column(name, justify="right")
    t.add_column("Status")
    for ln in b.lines:
        t.add_row(
            ln.name + (" *" if ln.unplanned else ""),
            format_hours(ln.estimate_minutes) if ln.estimate_minutes else "",
            money_cell(ln.estimate_cents, b.currency),
            format_hours(ln.actual_minutes) if ln.actual_minutes else "",
            money_cell(ln.actual_cents, b.currency),
            money_cell(ln.eac_cents, b.currency),
            pct_cell(ln.burn),
            Text(ln.status, style=STATUS_STYLE.get(ln.status, "")),
        )
    t.add_row(
        Text("total", style="bold"),
        "",
        money_cell(b.estimate_cents, b.currency),
        "",
        money_cell(b.actual_cents, b.currency),
        money_cell(b.eac_cents, b.currency),
        "",
        Text(b.project_status, style=STATUS_STYLE.get(b.project_status, "")),
    )
    if b.hidden_risks:
        names = ", ".join(f"{ln.name} ({ln.status})" for ln in b.hidden_risks)
        t.caption = f"Watch: {names}, though the project as a whole is {b.project_status}"
        t.caption_justify = "left"
    return t
