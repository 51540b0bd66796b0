"""How KPI targets read: which metrics are better lower, and a target as a person writes it.

Apart from :mod:`amtui.services.growth.metrics` (imports, targets, SQLAlchemy) so the performance read of
``report status`` loads no SQLAlchemy.
"""

from __future__ import annotations

LOWER_IS_BETTER = ("cpa", "cpc", "cpm")


def format_target(metric: str, value: int, currency: str = "USD") -> str:
    from amtui.core.money import format_money

    if metric in LOWER_IS_BETTER:
        return format_money(value, currency)
    if metric == "ctr":
        return f"{value / 100:.2f}%"
    if metric == "roas":
        return f"{value / 1000:.2f}x"
    return f"{value / 1000:g}/30d"
