"""The read-ahead: while the AM reads Today, import what the other screens need and read their first views,
so a first visit only lays out what is already there — without ever delaying a key.

It runs in a thread worker and shares the interpreter with the UI thread, so between steps (an import, a
whole-book read, a screen's ``prefetch``) it gives way: while the user has pressed a key in the last
:data:`GIVE_WAY` seconds (a screen being built and painted), it waits. (A shorter interpreter switch
interval than Python's 5 ms was tried and measured: at 0.5 ms Accounts' first visit took 304 ms on a quiet
machine, against 129-144 ms at the default.)
"""

from __future__ import annotations

import importlib
import time
from datetime import timedelta
from typing import TYPE_CHECKING

from textual.worker import get_current_worker

from amtui.tui.registry import SCREENS

if TYPE_CHECKING:
    from amtui.tui.app import AmApp

#: Imported in the background once the first screen has data.
PREWARM = (
    "amtui.services.clients.accounts",
    "amtui.services.clients.projects",
    "amtui.services.money.budget",
    "amtui.services.money.burn",
    "amtui.tui.screens.accounts",
    "amtui.tui.screens.account_detail",
    "amtui.tui.screens.budget",
    "amtui.tui.screens.account_forms",
    "amtui.tui.screens.actual_forms",
    "amtui.tui.screens.change_orders",
    "amtui.tui.screens.briefs",
    "amtui.tui.screens.timeline",
    "amtui.tui.screens.performance",
    "amtui.tui.screens.pipeline",
    "amtui.tui.screens.escalations",
    "amtui.tui.screens.invoices",
    "amtui.services.money.invoice_book",
    "amtui.services.timeline.milestones",
    "amtui.services.growth.performance",
    # What the first visits still imported on the UI thread (found by diffing sys.modules around each key).
    "amtui.services.money.checkin",
    "amtui.tui.screens.co_forms",
    "amtui.services.briefs.service",
    "amtui.services.briefs.prefill",
    "amtui.exporters.gantt",
    "amtui.core.textchart",
)
#: Seconds after a key or a click during which the read-ahead waits between its steps.
GIVE_WAY = 0.3


def give_way(app: AmApp) -> bool:
    """Wait while the user is pressing keys; False when the worker was cancelled (stop reading ahead)."""
    worker = get_current_worker()
    while time.monotonic() - app.last_input < GIVE_WAY:
        if worker.is_cancelled:
            return False
        time.sleep(0.02)
    return not worker.is_cancelled


def read_ahead(app: AmApp) -> bool:
    """Import the screens' modules, read the whole-book figures and each screen's first view into the app's
    read cache (``prefetch(app, session)``); False if cancelled on the way."""
    for module in PREWARM:
        if not give_way(app):
            return False
        try:
            importlib.import_module(module)
        except ImportError:
            continue
    # The whole-book reads behind Accounts and Budget, while the AM reads Today.
    from amtui.core.dates import end_of_month
    from amtui.services.money.budget import book_health
    from amtui.services.money.reconcile import reconcile
    from amtui.services.money.rollup import shared_rollups

    today = app.today
    month_end = end_of_month(today.replace(day=1) - timedelta(days=1))
    # Budget health and the reconciliation start from the same rollup of the book as of today: read once.
    with app.store.read() as session, shared_rollups():
        for key, compute in (
            (("book_health", today), lambda: book_health(session, as_of=today)),
            (("reconcile", today), lambda: reconcile(session, as_of=today)),
        ):
            if not give_way(app):
                return False
            app.reads.get(key, compute)
        # Screens that read their own first view ahead (``prefetch(app, session)``), e.g. the Timeline.
        for entry in SCREENS:
            prefetch = getattr(entry.load(), "prefetch", None) if entry.available() else None
            if callable(prefetch):
                if not give_way(app):
                    return False
                prefetch(app, session)
        # Budget's monthly check-in, which it reads after its table: last, after every first view.
        if not give_way(app):
            return False
        app.reads.get(("book_health", month_end), lambda: book_health(session, as_of=month_end))
    return True
