"""The read-ahead never delays a key: it waits between its steps while the user presses keys, and a real
session gives the interpreter back to the UI thread sooner."""

from __future__ import annotations

import time

from amtui.store import Store
from amtui.tui.screens.timeline import TimelineScreen
from tests.tui.helpers import make_app, table, until


async def test_the_read_ahead_waits_while_keys_come_and_goes_on_after(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(160, 40)) as pilot:
        app.last_input = time.monotonic() + 3600  # a key "just now", for the next hour
        await until(pilot, lambda: getattr(app.screen, "_fresh", False), what="Today's fresh read")
        await until(pilot, lambda: any(w.group == "prewarm" for w in app.workers), what="the read-ahead")
        await pilot.pause(1.0)
        ahead = TimelineScreen.first_view_key(app.today)  # read by nothing but the read-ahead
        assert app.reads.peek(ahead) is None  # waiting: nothing read ahead while the user is busy
        assert app.reads.peek(("accounts_page", 100)) is None
        assert any(w.group == "prewarm" and not w.is_finished for w in app.workers)

        app.last_input = 0.0
        await pilot.press("a")  # a real key counts as input; the screen reads for itself meanwhile
        assert app.last_input > 0.0
        await until(pilot, lambda: table(app, "#accounts").row_count > 0, what="accounts, read by the screen")

        # The user stopped: the read-ahead goes on and finishes.
        await until(pilot, lambda: not any(w.group == "prewarm" for w in app.workers), timeout=20)
        assert app.reads.peek(ahead) is not None
