"""The TUI's screen registry: every top-level screen by id, key, title and the import path of its class.

A capability adds its screen with one line in :data:`SCREENS`. Nothing here imports a screen (each is loaded
by its path the first time it opens) or the app, so the app, the command palette and the screens all read
the registry without importing one another.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.screen import Screen


@dataclass(frozen=True)
class ScreenEntry:
    """One top-level screen: ``path`` is ``module:Class``, imported the first time the screen opens."""

    id: str
    key: str
    title: str
    path: str
    #: Shown in the footer everywhere (the rest are listed by ? and in the command palette).
    in_footer: bool = False

    def available(self) -> bool:
        return _module_exists(self.path.partition(":")[0])

    def load(self) -> type[Screen[Any]]:
        module, _, name = self.path.partition(":")
        cls: type[Screen[Any]] = getattr(importlib.import_module(module), name)
        return cls


@cache
def _module_exists(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


#: Every top-level screen. A screen whose module is not in this build is left out (no key, no mode).
SCREENS: tuple[ScreenEntry, ...] = (
    ScreenEntry("today", "t", "Today", "amtui.tui.screens.today:TodayScreen", in_footer=True),
    ScreenEntry("accounts", "a", "Accounts", "amtui.tui.screens.accounts:AccountsScreen", in_footer=True),
    ScreenEntry("budget", "b", "Budget", "amtui.tui.screens.budget:BudgetScreen", in_footer=True),
    ScreenEntry(
        "change-orders",
        "c",
        "Change orders",
        "amtui.tui.screens.change_orders:ChangeOrdersScreen",
        in_footer=True,
    ),
    ScreenEntry("briefs", "r", "Briefs", "amtui.tui.screens.briefs:BriefsScreen"),
    ScreenEntry("timeline", "l", "Timeline", "amtui.tui.screens.timeline:TimelineScreen"),
    ScreenEntry("performance", "p", "Performance", "amtui.tui.screens.performance:PerformanceScreen"),
    ScreenEntry("pipeline", "o", "Pipeline", "amtui.tui.screens.pipeline:PipelineScreen"),
    ScreenEntry("escalations", "e", "Escalations", "amtui.tui.screens.escalations:EscalationsScreen"),
    ScreenEntry("invoices", "I", "Invoices", "amtui.tui.screens.invoices:InvoicesScreen"),
    ScreenEntry("timesheet", "W", "Timesheet", "amtui.tui.screens.timesheet:TimesheetScreen"),
    ScreenEntry("estimates", "E", "Estimates", "amtui.tui.screens.estimates:EstimatesScreen"),
)
#: Targets of Today lines and palette commands that are not screen ids themselves.
TARGET_ALIASES = {
    "account": "accounts",
    "project": "budget",
    "change-order": "change-orders",
    "invoice": "invoices",
}


def screen_entry(screen_id: str) -> ScreenEntry | None:
    """The entry with id ``screen_id`` (None when there is no such screen)."""
    return next((e for e in SCREENS if e.id == screen_id), None)


def available_screens() -> list[ScreenEntry]:
    """The screens in this build, in registry order."""
    return [e for e in SCREENS if e.available()]


def target_screen(target: str) -> str:
    """The screen id a Today line or palette command's target opens (``project`` → ``budget``)."""
    return TARGET_ALIASES.get(target, target)
