"""The Estimates screen (key E), driven with Pilot: the demo's two estimates, a version's lines and its diff,
and every write through the services ``amtui estimate …`` calls — new estimate, add and remove a line, a new
version, the SOW to a file, accept into a project — with what they refuse (the book unchanged)."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input, Static

from amtui.services.estimates.read import detail, list_estimates
from amtui.store import Store
from amtui.tui.screens.estimate_forms import AcceptForm, ExportForm, LineForm, NewEstimateForm
from amtui.tui.screens.estimates import EMPTY, EstimatesScreen
from tests.conftest import Cli, dump
from tests.tui.helpers import cells, make_app, table, until


def _text(screen: EstimatesScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def _open(app, pilot) -> EstimatesScreen:  # type: ignore[no-untyped-def]
    await pilot.press("E")
    await until(pilot, lambda: isinstance(app.screen, EstimatesScreen) and app.screen.rows, what="estimates")
    screen = app.screen
    assert isinstance(screen, EstimatesScreen)
    await until(pilot, lambda: screen.detail is not None, what="detail")
    return screen


async def _fill(pilot, form, values: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    for key, value in values.items():
        form.query_one(f"#{key}", Input).value = value
    await pilot.pause()


async def test_list_lines_and_diff_agree_with_the_cli(demo_store: Store, demo_cli: Cli) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await _open(app, pilot)
        rows = cells(table(app, "#estimates"))
        listed = json.loads(demo_cli.ok("estimate", "list", "--json"))
        assert [r[0] for r in rows] == [str(e["id"]) for e in listed]
        by_id = {r[0]: r for r in rows}
        for e in listed:
            r = by_id[str(e["id"])]
            assert r[3] == f"v{e['version']}" and r[4].startswith(e["status"])
        # Bramble's draft is in v2: its lines, and what changed since v1, as `estimate diff` says.
        draft = next(e for e in listed if e["status"] == "draft")
        t = table(app, "#estimates")
        t.move_cursor(row=[r[0] for r in rows].index(str(draft["id"])))
        await until(pilot, lambda: screen.detail is not None and screen.detail.id == draft["id"])
        shown = json.loads(demo_cli.ok("estimate", "show", str(draft["id"]), "--json"))
        lines = cells(table(app, "#est-lines"))
        assert [r[1] for r in lines] == [
            ln["team"] or ln["label"] for ln in shown["shown_lines"]
        ]  # contingency included
        assert "Total " in _text(screen, "#est-totals")
        diff = demo_cli.ok("estimate", "diff", str(draft["id"]))
        assert "v1 → v2" in _text(screen, "#est-diff") and "v1 → v2" in diff
        await pilot.press("enter")
        assert screen.query_one("#est-lines").has_focus


async def test_empty_book_says_what_to_press(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("E")
        await until(
            pilot, lambda: isinstance(app.screen, EstimatesScreen) and _text(app.screen, "#est-empty")
        )
        assert isinstance(app.screen, EstimatesScreen)
        assert _text(app.screen, "#est-empty") == EMPTY and "press n" in EMPTY
        await pilot.press("i")  # nothing to add a line to: told, not crashed
        await pilot.pause()
        assert not isinstance(app.screen, LineForm)


async def test_new_estimate_add_remove_line_and_new_version(store: Store, cli: Cli) -> None:
    cli.ok("account", "add", "Northwind Outfitters", "--slug", "northwind")
    cli.ok("rate", "set", "creative", "--bill", "165", "--cost", "70", "--from", "2026-01-01")
    app = make_app(store)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, EstimatesScreen))
        screen = app.screen
        assert isinstance(screen, EstimatesScreen)
        # A bad account: refused on the form, nothing written.
        before = dump(cli.db)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NewEstimateForm))
        form = app.screen
        await _fill(pilot, form, {"account": "nowhere", "title": "Spring Launch", "contingency": "10%"})
        await pilot.press("f2")
        await until(pilot, lambda: "Nothing saved" in str(form.query_one("#form-error", Static).render()))
        assert dump(cli.db) == before
        await _fill(pilot, form, {"account": "northwind"})
        await pilot.press("f2")
        await until(pilot, lambda: screen.detail is not None and screen.detail.title == "Spring Launch")
        eid = screen.detail.id
        # A line: a team's hours priced from the rate card; negative hours refused in the field.
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, LineForm))
        form = app.screen
        await _fill(pilot, form, {"team": "creative", "hours": "-4"})
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, LineForm)
        # A team with a price: the same refusal as `estimate line add`.
        await _fill(pilot, form, {"hours": "40", "price": "100"})
        await pilot.press("f2")
        await until(pilot, lambda: "no --price" in str(form.query_one("#form-error", Static).render()))
        await _fill(pilot, form, {"price": ""})
        await pilot.press("f2")
        await until(pilot, lambda: screen.detail is not None and len(screen.detail.lines) == 1)
        with store.read() as s:
            d = detail(s, eid)
        assert d.totals.amount_cents == 40 * 16_500 + 66_000  # 10% contingency
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, LineForm))
        await _fill(pilot, app.screen, {"item": "Media buy", "price": "20000", "cost": "19000"})
        await pilot.press("f2")
        await until(pilot, lambda: screen.detail is not None and len(screen.detail.lines) == 2)
        # New version: v2 copies v1; the diff says nothing changed yet.
        await pilot.press("v")
        await until(pilot, lambda: screen.detail is not None and screen.detail.version == 2)
        assert "the same lines" in _text(screen, "#est-diff")
        # Remove line 2 after a yes: the diff shows it gone.
        await pilot.press("enter")
        table(app, "#est-lines").move_cursor(row=1)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await until(pilot, lambda: screen.detail is not None and len(screen.detail.lines) == 1)
        assert "- Media buy" in _text(screen, "#est-diff")
        with store.read() as s:
            assert len(detail(s, eid, 1).lines) == 2  # v1 kept as it was


async def test_export_and_accept(demo_store: Store, demo_cli: Cli, tmp_path: Path) -> None:
    with demo_store.read() as s:
        draft = next(e for e in list_estimates(s) if e.status == "draft")
        accepted = next(e for e in list_estimates(s) if e.status == "accepted")
    app = make_app(demo_store)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await _open(app, pilot)
        ids = [r.id for r in screen.rows]
        # The accepted one is locked: no line, no accept.
        table(app, "#estimates").move_cursor(row=ids.index(accepted.id))
        await until(pilot, lambda: screen.detail is not None and screen.detail.id == accepted.id)
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, AcceptForm)
        # Export the draft's SOW: the same text as `estimate export`, through the one writer (0600).
        table(app, "#estimates").move_cursor(row=ids.index(draft.id))
        await until(pilot, lambda: screen.detail is not None and screen.detail.id == draft.id)
        out = tmp_path / "sow.md"
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, ExportForm))
        await _fill(pilot, app.screen, {"path": str(out)})
        await pilot.press("f2")
        await until(pilot, lambda: out.exists())
        assert out.read_text(encoding="utf-8") == demo_cli.ok("estimate", "export", str(draft.id))
        assert out.stat().st_mode & 0o777 == 0o600
        # Again to the same file: refused (no --force), the file unchanged.
        out.write_text("mine", encoding="utf-8")
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, ExportForm))
        form = app.screen
        await _fill(pilot, form, {"path": str(out)})
        await pilot.press("f2")
        await until(pilot, lambda: "Nothing saved" in str(form.query_one("#form-error", Static).render()))
        assert out.read_text(encoding="utf-8") == "mine"
        await pilot.press("escape")
        # Accept the draft into a new project.
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, AcceptForm))
        await _fill(pilot, app.screen, {"project": f"{draft.account}/refresh"})
        await pilot.press("f2")
        await until(pilot, lambda: screen.detail is not None and screen.detail.locked)
    shown = demo_cli.ok("project", "show", f"{draft.account}/refresh")
    from amtui.core.money import format_money

    assert format_money(draft.amount_cents, draft.currency) in shown
    e = json.loads(demo_cli.ok("estimate", "show", str(draft.id), "--json"))
    assert e["status"] == "accepted" and e["project"] == f"{draft.account}/refresh"


def _preview(form: LineForm) -> str:
    return str(form.query_one("#form-preview", Static).render())


async def test_line_form_shows_live_totals_that_saving_then_writes(store: Store, cli: Cli) -> None:
    cli.ok("account", "add", "Northwind Outfitters", "--slug", "northwind")
    cli.ok("rate", "set", "creative", "--bill", "165", "--cost", "70", "--from", "2026-01-01")
    cli.ok("estimate", "new", "northwind", "Spring Launch", "--contingency", "10%")
    cli.ok("estimate", "line", "add", "1", "--team", "creative", "--hours", "40")
    app = make_app(store)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await _open(app, pilot)
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, LineForm))
        form = app.screen
        assert isinstance(form, LineForm)
        await until(pilot, lambda: form.base is not None, what="the estimate read for the preview")
        # 10h of creative at $165 / $70, as the rate card prices it; the estimate with it, contingency on top.
        await _fill(pilot, form, {"team": "creative", "hours": "10"})
        await until(pilot, lambda: "This line: $1,650.00" in _preview(form), what=_preview(form))
        text = _preview(form)
        assert "cost $700.00" in text and "margin $950.00" in text
        assert "Estimate after: $9,075.00" in text and "now $7,260.00" in text
        # A team the card has no rate for: said before saving, as `estimate line add` would refuse it.
        before = dump(cli.db)
        await _fill(pilot, form, {"team": "media"})
        refused = "Would be refused: no rate for media"
        await until(pilot, lambda: refused in _preview(form), what=_preview(form))
        await pilot.press("f2")
        await pilot.pause()
        assert dump(cli.db) == before
        await _fill(pilot, form, {"team": "creative"})
        await pilot.press("f2")
        await until(pilot, lambda: screen.detail is not None and len(screen.detail.lines) == 2)
    with store.read() as s:
        assert detail(s, 1).totals.amount_cents == 907_500  # what the preview said
