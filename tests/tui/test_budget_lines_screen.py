"""The Budget screen's detail: the highlighted project's budget by estimate line — the one function
``amtui budget REF --lines`` prints (:func:`amtui.services.estimates.lines.budget_lines`), held to JSON."""

from __future__ import annotations

import io
import json

from rich.console import Console

from amtui.tui.screens.budget import BudgetScreen
from tests.conftest import Cli
from tests.tui.helpers import make_app, table, until

REF = "northwind/spring-launch"


def _plain(renderable: object) -> str:
    buf = io.StringIO()
    Console(file=buf, width=120, color_system=None).print(renderable)
    return buf.getvalue()


async def test_budget_detail_is_budget_lines_as_the_cli_prints_it(demo_store, demo_cli: Cli) -> None:  # type: ignore[no-untyped-def]
    cli_lines = json.loads(demo_cli.ok("budget", REF, "--lines", "--json"))
    app = make_app(demo_store)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.press("b")
        screen = app.screen
        assert isinstance(screen, BudgetScreen)
        t = table(app, "#budget")
        await until(pilot, lambda: t.row_count > 0, what="budget rows")
        screen.open_ref(REF)
        await until(pilot, lambda: screen.lines is not None and screen.lines.project == REF, what="lines")
        assert screen.lines is not None
        from amtui.core.jsonable import to_jsonable

        assert json.loads(json.dumps(to_jsonable(screen.lines), default=str)) == cli_lines
        text = _plain(screen.lines_view)
        for ln in cli_lines["lines"]:
            assert ln["name"] in text
        assert "$9,000" in text and "at-risk" in text  # the strategy line: estimate, status
        assert "Watch: strategy (at-risk)" in text
        # A project with no accepted estimate says where lines come from.
        other = next(str(k.value) for k in t.rows if str(k.value) != REF)
        screen.open_ref(other)
        await until(
            pilot,
            lambda: "no accepted estimate" in _plain(screen.lines_view),
        )
        assert screen.lines is None
