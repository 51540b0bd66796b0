"""The Timeline's milestone forms driven with Pilot on the demo book: add, link, unlink and edit save exactly
what the one-liner they record saves, preview what moves before saving (and write nothing doing it),
explain bad input under the field, and refuse when the milestone changed since the form opened. The load
strip under the Gantt holds to ``amtui load --json``."""

from __future__ import annotations

import json
import shlex
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static

from amtui.services.timeline import milestones as timeline
from amtui.services.timeline.read import Dependency, MilestoneInfo
from amtui.store import Store, unit_of_work
from amtui.tui.app import AmApp
from amtui.tui.screens.forms import FormScreen
from amtui.tui.screens.milestone_forms import (
    AddMilestoneForm,
    EditMilestoneForm,
    LinkMilestoneForm,
    UnlinkMilestoneForm,
)
from amtui.tui.screens.timeline import TimelineScreen
from amtui.tui.widgets.load_strip import LoadStrip
from tests.conftest import TODAY, Cli, dump, write_config
from tests.tui.helpers import make_app, until


def a_milestone(**kw: Any) -> MilestoneInfo:
    """A milestone as a form is opened on (the typing tests never save it)."""
    stamp = datetime(2026, 11, 1, tzinfo=UTC)
    fields: dict[str, Any] = dict(
        id=18, label="M18", project="northwind/spring-launch", project_name="Spring Launch",
        account="northwind", name="Storyboards", team="creative", owner="Ana Diaz",
        start_on=date(2026, 11, 23), due_on=date(2026, 12, 2), status="in-progress", weight=None,
        estimated_minutes=None, client_approval=False, approval_days=None, started_on=None,
        blocked_on=None, done_on=None, note=None, after=(Dependency(17, "M17", 0),),
        overdue_days=0, created_at=stamp, updated_at=stamp,
    )  # fmt: skip
    fields.update(kw)
    return MilestoneInfo(**fields)


def by_name(store: Store, project: str = "northwind/spring-launch") -> dict[str, MilestoneInfo]:
    with store.read() as s:
        return {m.name: m for m in timeline.list_milestones(s, project, today=TODAY)}


def plan_rows(path: Path) -> list[tuple[Any, ...]]:
    """The milestones and dependencies as saved, without the clock's stamps."""
    con = sqlite3.connect(path)
    try:
        cols = [
            r[1]
            for r in con.execute("PRAGMA table_info(milestone)")
            if r[1] not in ("created_at", "updated_at")
        ]
        ms = con.execute(f"SELECT {', '.join(cols)} FROM milestone ORDER BY id").fetchall()
        deps = con.execute(
            "SELECT predecessor_id, successor_id, lag_days FROM milestone_dependency ORDER BY 1, 2"
        ).fetchall()
        return [*ms, *deps]
    finally:
        con.close()


def last_command(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return str(con.execute("SELECT command FROM audit_batch ORDER BY id DESC LIMIT 1").fetchone()[0])
    finally:
        con.close()


def snapshot(path: Path, dest: Path) -> Path:
    """A copy of the book as it is now (the write-ahead log included: sqlite's backup, not a file copy)."""
    dest.unlink(missing_ok=True)
    src, out = sqlite3.connect(path), sqlite3.connect(dest)
    try:
        src.backup(out)
    finally:
        src.close()
        out.close()
    return dest


def the_one_liner_on_a_copy(before: Path, recorded: str, tmp_path: Path) -> list[tuple[Any, ...]]:
    """Run the recorded one-liner (``tui: milestone …``) with the CLI on a copy of the book as it was."""
    copy = snapshot(before, tmp_path / "cli-copy.db")
    assert recorded.startswith("tui: ")
    Cli(copy).ok(*shlex.split(recorded.removeprefix("tui: ")))
    return plan_rows(copy)


async def open_form(pilot: Pilot[None], app: AmApp, form: FormScreen) -> FormScreen:
    await app.push_screen(form)
    await pilot.pause()
    return form


async def fill(pilot: Pilot[None], form: FormScreen, **values: str) -> None:
    for key, value in values.items():
        form.query_one(f"#{key}", Input).value = value
    await pilot.pause()


def preview(form: FormScreen) -> str:
    return str(form.query_one("#form-preview", Static).render())


async def until_previewed(pilot: Pilot[None], form: FormScreen) -> str:
    await until(
        pilot, lambda: "Saving would do this" in preview(form) or "refused" in preview(form), what="preview"
    )
    return preview(form)


def field_error(form: FormScreen, key: str) -> str:
    return str(form.query_one(f"#field-{key} .field-error", Static).render())


async def save(pilot: Pilot[None], app: AmApp, form: FormScreen) -> None:
    await pilot.press("f2")
    await until(pilot, lambda: app.screen is not form, what="the form to save and close")


async def test_add_previews_and_saves_what_the_one_liner_saves(
    demo_store: Store, demo_path: Path, tmp_path: Path
) -> None:
    before = snapshot(demo_path, tmp_path / "before.db")
    shoot = by_name(demo_store)["Production shoot"]
    app = make_app(demo_store)
    async with app.run_test(size=(150, 50)) as pilot:
        form = await open_form(pilot, app, AddMilestoneForm("northwind/spring-launch"))
        await fill(pilot, form, name="Shoot selects", team="creative", owner="Ana Diaz", after=shoot.label,
                   lag="1", days="4", hours="12h30m", fixed="yes")  # fmt: skip
        text = await until_previewed(pilot, form)
        assert "New milestone" in text and "Shoot selects on northwind/spring-launch" in text
        assert f"after {shoot.label}" in text and "No dependent needs to move." in text
        assert dump(demo_path) == dump(before)  # the preview wrote nothing
        await save(pilot, app, form)
    recorded = last_command(demo_path)
    assert recorded == (
        f"tui: milestone add northwind/spring-launch 'Shoot selects' --team creative --owner 'Ana Diaz' "
        f"--after {shoot.label} --lag 1 --days 4 --hours 12h30m --fixed"
    )
    added = by_name(demo_store)["Shoot selects"]
    assert added.estimated_minutes == 750 and added.fixed and [d.label for d in added.after] == [shoot.label]
    assert plan_rows(demo_path) == the_one_liner_on_a_copy(before, recorded, tmp_path)


async def test_add_explains_bad_input_under_the_field_and_saves_nothing(
    demo_store: Store, demo_path: Path
) -> None:
    before = dump(demo_path)
    app = make_app(demo_store)
    async with app.run_test(size=(150, 50)) as pilot:
        form = await open_form(pilot, app, AddMilestoneForm())
        await fill(pilot, form, project="northwind/spring-launch", name="Bad", lag="soon", days="0",
                   due="the 40th", team="legal")  # fmt: skip
        assert "'soon' is not a whole number" in field_error(form, "lag")
        assert "--days must be between 1 and 1000 working days, not 0" in field_error(form, "days")
        assert "unknown team" in field_error(form, "team")
        assert field_error(form, "due")
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen is form
        assert "Nothing saved" in str(form.query_one("#form-error", Static).render())
        # Fields that parse but a rule of the service refuses: the preview says why, the save saves nothing.
        await fill(pilot, form, lag="", days="", due="", team="account", after="M18", start="2026-11-02")
        assert "Would be refused" in await until_previewed(pilot, form)
        await pilot.press("f2")
        await until(pilot, lambda: "Nothing saved" in str(form.query_one("#form-error", Static).render()))
        assert app.screen is form
    assert dump(demo_path) == before


async def test_edit_previews_the_dependents_that_move_then_saves_what_the_one_liner_saves(
    demo_store: Store, demo_path: Path, tmp_path: Path
) -> None:
    before = snapshot(demo_path, tmp_path / "before.db")
    ms = by_name(demo_store)
    sb = ms["Storyboards"]
    app = make_app(demo_store)
    async with app.run_test(size=(150, 50)) as pilot:
        form = await open_form(pilot, app, EditMilestoneForm(sb))
        await fill(pilot, form, name="Storyboards v2", owner="", days="35", hours="30")
        text = await until_previewed(pilot, form)
        # The same service as the save, rolled back: each dependent that follows, old → new.
        for name in ("Storyboard review", "Production shoot", "Edit and finishing"):
            m = ms[name]
            assert f"{m.label} {m.name}: {m.due_on} →" in text, name
        assert (
            "dependents follow" in text and "past the plan's edges" in text
        )  # the launch slips past the end
        assert dump(demo_path) == dump(before)
        await save(pilot, app, form)
    recorded = last_command(demo_path)
    assert (
        recorded == f"tui: milestone edit {sb.label} --name 'Storyboards v2' --owner '' --days 35 --hours 30h"
    )
    after = by_name(demo_store)
    assert after["Storyboards v2"].owner is None
    assert after["Production shoot"].due_on > ms["Production shoot"].due_on
    assert plan_rows(demo_path) == the_one_liner_on_a_copy(before, recorded, tmp_path)


async def test_edit_refuses_when_the_milestone_changed_since_it_opened(
    demo_store: Store, demo_path: Path
) -> None:
    sb = by_name(demo_store)["Storyboards"]
    app = make_app(demo_store)
    async with app.run_test(size=(150, 50)) as pilot:
        form = await open_form(pilot, app, EditMilestoneForm(sb))
        # Another terminal: `amtui milestone edit M18 --owner Sam` while the form is open.
        with unit_of_work(demo_store, "amtui milestone edit M18 --owner Sam") as uow:
            timeline.edit_milestone(uow, sb.id, owner="Sam")
        before = dump(demo_path)
        await fill(pilot, form, name="Mine")
        await pilot.press("f2")
        error = form.query_one("#form-error", Static)
        await until(pilot, lambda: "changed since you opened it" in str(error.render()), what="the refusal")
        assert "owner: Ana Diaz → Sam" in str(error.render())
        assert app.screen is form and form.query_one("#name", Input).value == "Mine"  # the input is kept
    assert dump(demo_path) == before


async def test_link_and_unlink_preview_what_moves_and_save_the_one_liners(
    demo_store: Store, demo_path: Path, tmp_path: Path
) -> None:
    ms = by_name(demo_store)
    media, shoot = ms["Media flight booked"], ms["Production shoot"]
    before = snapshot(demo_path, tmp_path / "before.db")
    app = make_app(demo_store)
    async with app.run_test(size=(150, 50)) as pilot:
        form = await open_form(pilot, app, LinkMilestoneForm(shoot))
        await fill(pilot, form, after=media.label, lag="9")
        text = await until_previewed(pilot, form)
        assert f"comes after {ms['Storyboard review'].label}, {media.label} +9d" in text
        edit = ms["Edit and finishing"]
        assert f"{shoot.label} Production shoot: due {shoot.due_on} →" in text  # its own move
        assert f"{edit.label} Edit and finishing: {edit.due_on} →" in text  # a dependent that follows
        assert dump(demo_path) == dump(before)
        await save(pilot, app, form)
        linked = last_command(demo_path)
        assert linked == f"tui: milestone link {shoot.label} --after {media.label} --lag 9"
        assert plan_rows(demo_path) == the_one_liner_on_a_copy(before, linked, tmp_path)

        snapshot(demo_path, before)
        moved = by_name(demo_store)["Production shoot"]
        form = await open_form(pilot, app, UnlinkMilestoneForm(moved))
        await fill(pilot, form, after=media.label.lower())
        text = await until_previewed(pilot, form)
        assert f"no longer waits for {media.label}" in text and f"due {moved.due_on} →" in text
        await save(pilot, app, form)
    unlinked = last_command(demo_path)
    assert unlinked == f"tui: milestone unlink {shoot.label} --after {media.label}"
    assert plan_rows(demo_path) == the_one_liner_on_a_copy(before, unlinked, tmp_path)
    assert by_name(demo_store)["Production shoot"].due_on == shoot.due_on  # back to its plan


async def test_the_keys_open_the_forms_on_the_highlighted_milestone(demo_store: Store) -> None:
    sb = by_name(demo_store)["Storyboards"]
    app = make_app(demo_store)
    async with app.run_test(size=(180, 50)) as pilot:
        screen = TimelineScreen(today=TODAY)
        app.push_screen(screen)
        await pilot.pause()
        table = screen.query_one("#timeline")
        await until(pilot, lambda: sb.id in screen.rows and not table.loading, what="the timeline")
        table.move_cursor(row=table.get_row_index(f"m{sb.id}"))  # type: ignore[attr-defined]
        for key, kind in (("n", AddMilestoneForm), ("k", LinkMilestoneForm), ("x", UnlinkMilestoneForm),
                          ("d", EditMilestoneForm)):  # fmt: skip
            await pilot.press(key)
            await until(pilot, lambda k=kind: isinstance(app.screen, k), what=f"{key} opens {kind.__name__}")
            if kind is AddMilestoneForm:
                assert app.screen.query_one("#project", Input).value == "northwind/spring-launch"
            if kind is UnlinkMilestoneForm:
                assert app.screen.query_one("#after", Input).value == sb.after[0].label
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is screen, what="the form to close")


async def test_the_load_strip_holds_to_amtui_load_json(demo_store: Store, demo_path: Path) -> None:
    write_config("[capacity]\nproduction = 40\ncreative = 20\n")
    data = json.loads(Cli(demo_path).ok("load", "--json"))
    app = make_app(demo_store)
    async with app.run_test(size=(180, 50)) as pilot:
        screen = TimelineScreen(today=TODAY)
        app.push_screen(screen)
        await pilot.pause()
        strip = screen.query_one("#timeline-load", LoadStrip)
        await until(pilot, lambda: str(strip.render()).startswith("Load"), what="the load strip")
        lines = str(strip.render()).splitlines()
    header = lines[0].split()
    assert header[:2] == ["Load", "capacity"]
    assert [" ".join(header[2:][i : i + 2]) for i in range(0, len(header) - 2, 2)] == [
        date.fromisoformat(w).strftime("%b %d") for w in data["weeks"]
    ]
    assert [ln.split()[0] for ln in lines[1:]] == [t["team"] for t in data["teams"]]
    overs = 0
    for line, team in zip(lines[1:], data["teams"], strict=True):
        cap = team["capacity_hours"]
        cells = line.split()[2:]
        assert line.split()[1] == (f"{cap}h" if cap is not None else "—")
        want = [f"{w['hours']}h" + ("▲" if w["over"] else "") for w in team["weeks"]]
        assert cells == want, team["team"]
        overs += sum(w["over"] for w in team["weeks"])
    assert overs > 0  # production is over its 40 hours in a week: marked ▲
