"""Built-in estimate templates: the usual shape of a job, by team, to start from (``--from-template``).

Hours lines are priced from the rate card on the estimate's date, like any other; fixed items carry their
price and cost. A template is a starting point, not a quote: every line can be changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from amtui.core.errors import InputError


@dataclass(frozen=True)
class TemplateLine:
    team: str | None = None  # hours line
    hours: int = 0
    label: str | None = None  # fixed item
    price_cents: int = 0
    cost_cents: int = 0


@dataclass(frozen=True)
class EstimateTemplate:
    name: str
    description: str
    contingency_bp: int
    lines: tuple[TemplateLine, ...]


TEMPLATES: dict[str, EstimateTemplate] = {
    t.name: t
    for t in (
        EstimateTemplate(
            "launch",
            "An integrated campaign launch: strategy, creative, media planning, production",
            1000,
            (
                TemplateLine("strategy", 24),
                TemplateLine("creative", 120),
                TemplateLine("media", 40),
                TemplateLine("production", 32),
                TemplateLine("account", 30),
            ),
        ),
        EstimateTemplate(
            "social",
            "A social content month: creative and account, a paid boost",
            500,
            (
                TemplateLine("creative", 60),
                TemplateLine("account", 12),
                TemplateLine(label="Paid social boost", price_cents=500_000, cost_cents=500_000),
            ),
        ),
        EstimateTemplate(
            "media",
            "A media plan and buy: strategy, media, analytics, the media itself",
            0,
            (
                TemplateLine("strategy", 12),
                TemplateLine("media", 60),
                TemplateLine("analytics", 20),
                TemplateLine(label="Media buy", price_cents=2_000_000, cost_cents=2_000_000),
            ),
        ),
    )
}


def get_template(name: str) -> EstimateTemplate:
    found = TEMPLATES.get(name.strip().lower())
    if found is None:
        raise InputError(f"unknown estimate template {name!r}; choose one of: {', '.join(TEMPLATES)}")
    return found
