"""The Timeline screen driven with Pilot on the demo book: bars, filters, keyboard moves, detail."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import DataTable, Select, Static

from amtui.services.timeline import milestones as timeline
from amtui.services.timeline.workdays import calendar_for
from amtui.store import Store
from amtui.tui.app import AmApp
from amtui.tui.screens.timeline import MilestoneDetail, TimelineScreen
from tests.conftest import TODAY


async def until(pilot: Pilot[None], check: Callable[[], bool], what: str) -> None:
    for _ in range(100):
        if check():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def by_name(store: Store, project: str) -> dict[str, timeline.MilestoneInfo]:
    with store.read() as s:
        return {m.name: m for m in timeline.list_milestones(s, project, today=TODAY)}


async def open_timeline(pilot: Pilot[None], app: AmApp) -> tuple[TimelineScreen, DataTable[object]]:
    screen = TimelineScreen(today=TODAY)
    app.push_screen(screen)
    await pilot.pause()
    table = screen.query_one("#timeline", DataTable)
    await until(pilot, lambda: table.row_count > 0 and not table.loading, "the timeline to load")
    return screen, table


def status(screen: TimelineScreen) -> str:
    return str(screen.query_one("#timeline-status", Static).render())


async def test_rows_are_grouped_by_project_with_bars_and_today(demo_store: Store) -> None:
    app = AmApp(demo_store)
    async with app.run_test(size=(180, 50)) as pilot:
        screen, table = await open_timeline(pilot, app)
        with demo_store.read() as s:
            everything = timeline.list_milestones(s, today=TODAY)
        keys = [str(r.value) for r in table.rows]
        projects = sorted({m.project for m in everything})
        assert len(keys) == len(everything) + len(projects)
        assert [k for k in keys if k.startswith("p:")] == [f"p:{p}" for p in projects]
        # Each project's header row comes right before its milestones.
        first = keys.index("p:northwind/spring-launch")
        spring = [m for m in everything if m.project == "northwind/spring-launch"]
        assert keys[first + 1 : first + 1 + len(spring)] == [f"m{m.id}" for m in spring]
        late = next(m for m in everything if m.name == "Media flight booked")
        chart = table.get_row(f"m{late.id}")[6]
        assert "◆···" in chart.plain  # due three days ago, not done: late up to today
        storyboards = next(m for m in everything if m.name == "Storyboards")
        assert table.get_row(f"m{storyboards.id}")[5] == f"M{storyboards.after[0].id}"  # dependencies visible
        header = str(table.columns[next(k for k in table.columns if k.value == "chart")].label)
        assert "▼" in header
        assert f"{len(everything)} milestones · 4 late" in status(screen)


async def test_keyboard_moves_a_milestone_and_its_dependents_follow(demo_store: Store) -> None:
    app = AmApp(demo_store)
    async with app.run_test(size=(180, 50)) as pilot:
        screen, table = await open_timeline(pilot, app)
        before = by_name(demo_store, "northwind/spring-launch")
        sb = before["Storyboards"]
        table.move_cursor(row=table.get_row_index(f"m{sb.id}"))
        await pilot.press("right_square_bracket")
        await until(pilot, lambda: "follow" in status(screen), "the move")
        after = by_name(demo_store, "northwind/spring-launch")
        cal = calendar_for()  # the default working week, Monday to Friday: moves count working days
        for name in ("Storyboards", "Storyboard review", "Production shoot", "Edit and finishing"):
            assert cal.working_days_between(before[name].due_on, after[name].due_on) == 1, name
            assert cal.is_working(after[name].due_on), name
        # Launch follows only as far as its slack runs out, and never onto a weekend.
        assert cal.working_days_between(before["Launch"].due_on, after["Launch"].due_on) in (0, 1)
        assert cal.is_working(after["Launch"].due_on)
        review = before["Storyboard review"]
        assert f"follow: M{review.id}" in status(screen)
        # The cursor stays on the milestone that moved, so a week more (5 working days) is one more key.
        moved_to = after["Storyboards"].due_on.strftime("%b %d")
        await until(pilot, lambda: table.get_row(f"m{sb.id}")[3].plain == moved_to, "the reload")
        await pilot.press("right_curly_bracket")
        await until(
            pilot,
            lambda: (
                by_name(demo_store, "northwind/spring-launch")["Storyboards"].due_on
                != after["Storyboards"].due_on
            ),
            "the week move",
        )
        now = by_name(demo_store, "northwind/spring-launch")["Storyboards"].due_on
        assert cal.working_days_between(sb.due_on, now) == 6

        # The review cannot come earlier: it is at the earliest its storyboards allow. Nothing moves.
        table.move_cursor(row=table.get_row_index(f"m{review.id}"))
        snapshot = by_name(demo_store, "northwind/spring-launch")
        await pilot.press("left_square_bracket")
        await until(pilot, lambda: "can start" in status(screen), "the refusal")
        assert by_name(demo_store, "northwind/spring-launch") == snapshot


async def test_filters_by_account_and_team(demo_store: Store) -> None:
    app = AmApp(demo_store)
    async with app.run_test(size=(180, 50)) as pilot:
        screen, table = await open_timeline(pilot, app)
        screen.query_one("#filter-account", Select).value = "quokka"
        await until(
            pilot,
            lambda: (
                all("quokka" in str(r.value) or str(r.value).startswith("m") for r in table.rows)
                and table.row_count == 11
            ),
            "the account filter",
        )
        project = screen.query_one("#filter-project", Select)
        assert [str(v) for _, v in project._options if isinstance(v, str)] == [
            "quokka/abm-pilot",
            "quokka/demand-gen",
        ]
        project.value = "quokka/abm-pilot"
        await until(pilot, lambda: table.row_count == 6, "the project filter")
        screen.query_one("#filter-team", Select).value = "client"
        await until(pilot, lambda: table.row_count == 2, "the team filter")
        (ms,) = [r for r in by_name(demo_store, "quokka/abm-pilot").values() if r.team == "client"]
        assert str(list(table.rows)[1].value) == f"m{ms.id}"


async def test_enter_opens_the_milestone_detail(demo_store: Store) -> None:
    app = AmApp(demo_store)
    async with app.run_test(size=(180, 50)) as pilot:
        screen, table = await open_timeline(pilot, app)
        ios = by_name(demo_store, "helios/ctv-q1-flight")["Publisher IOs signed"]
        table.move_cursor(row=table.get_row_index(f"m{ios.id}"))
        table.focus()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MilestoneDetail), "the detail")
        body = str(app.screen.query_one("#milestone-detail-body", Static).render())
        assert f"M{ios.id} Publisher IOs signed" in body and "blocked" in body
        assert "Waiting for Helios legal" in body and "approval, 5 days agreed" in body
        flight = by_name(demo_store, "helios/ctv-q1-flight")["Flight live"]
        assert f"Followed  M{flight.id}" in body
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "the detail to close")


async def test_a_big_book_shows_the_first_rows_and_asks_for_a_filter(store: Store) -> None:
    from datetime import timedelta

    from amtui.services.clients import accounts, projects
    from amtui.store import unit_of_work
    from amtui.tui.screens import timeline as screen_module

    with unit_of_work(store, "setup") as uow:
        accounts.add_account(uow, "Acme", slug="acme")
        projects.add_project(uow, "acme/big", "Big", budget_cents=0)
        for i in range(12):
            timeline.add_milestone(uow, "acme/big", f"Step {i}", due_on=TODAY + timedelta(days=i))
    app = AmApp(store)
    old, screen_module.MAX_ROWS = screen_module.MAX_ROWS, 5
    try:
        async with app.run_test(size=(180, 50)) as pilot:
            screen, table = await open_timeline(pilot, app)
            assert table.row_count == 6  # the project row and five milestones
            assert "first 5 of 12 milestones (filter to narrow)" in status(screen)
    finally:
        screen_module.MAX_ROWS = old


async def test_open_ref_finds_a_milestone_and_outside_writes_show_up(demo_store: Store) -> None:
    from textual.message import Message

    from amtui.store import unit_of_work

    class DataChanged(Message):
        """Stands in for the shell's message of the same name."""

    app = AmApp(demo_store)
    async with app.run_test(size=(180, 50)) as pilot:
        screen, table = await open_timeline(pilot, app)
        screen.query_one("#filter-account", Select).value = "bramble"
        await until(pilot, lambda: table.row_count == 6, "the account filter")
        launch = by_name(demo_store, "quokka/abm-pilot")["Campaign live"]
        screen.open_ref(f"M{launch.id}")
        await until(pilot, lambda: table.row_count > 6, "the filters to clear")

        def cursor_key() -> str:
            return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

        await until(pilot, lambda: cursor_key() == f"m{launch.id}", "the cursor on the milestone")
        assert screen.query_one("#filter-account", Select).value == Select.NULL
        # A one-liner elsewhere marks it started; the shell tells the screen, which reloads.
        with unit_of_work(demo_store, "amtui milestone start") as uow:
            timeline.start_milestone(uow, launch.id, on=TODAY)
        screen.post_message(DataChanged())
        await until(pilot, lambda: table.get_row(f"m{launch.id}")[4].plain == "in-progress", "the reload")
        assert cursor_key() == f"m{launch.id}"


async def test_start_and_done_keys(demo_store: Store) -> None:
    app = AmApp(demo_store)
    async with app.run_test(size=(180, 50)) as pilot:
        screen, table = await open_timeline(pilot, app)
        brief = by_name(demo_store, "northwind/summer-campaign")["Summer brief"]
        table.move_cursor(row=table.get_row_index(f"m{brief.id}"))
        await pilot.press("s")
        await until(pilot, lambda: table.get_row(f"m{brief.id}")[4].plain == "in-progress", "start")
        await pilot.press("y")
        await until(pilot, lambda: table.get_row(f"m{brief.id}")[4].plain == "done", "done")
        done = by_name(demo_store, "northwind/summer-campaign")["Summer brief"]
        assert (done.status, done.started_on, done.done_on) == ("done", TODAY, TODAY)
        await pilot.press("y")
        await until(pilot, lambda: "done already" in status(screen), "the refusal")


async def test_a_long_timeline_goes_in_a_page_at_a_time(demo_store: Store) -> None:
    from datetime import timedelta

    from amtui.store import unit_of_work
    from amtui.tui.screens.timeline import PAGE

    with unit_of_work(demo_store, "test") as uow:
        for n in range(PAGE + 40):
            timeline.add_milestone(
                uow, "northwind/spring-launch", f"Weekly report {n:03d}", due_on=TODAY + timedelta(days=n)
            )
    app = AmApp(demo_store)
    async with app.run_test(size=(180, 50)) as pilot:
        screen, table = await open_timeline(pilot, app)
        with demo_store.read() as s:
            everything = timeline.list_milestones(s, today=TODAY)
        milestone_rows = lambda: sum(1 for r in table.rows if str(r.value).startswith("m"))  # noqa: E731
        assert milestone_rows() == PAGE
        assert f"{len(everything)} milestones" in status(screen)
        await pilot.press("ctrl+end")
        await until(pilot, lambda: milestone_rows() == min(len(everything), 2 * PAGE), "the next page")
        shown = [str(r.value) for r in table.rows if str(r.value).startswith("m")]
        assert shown == [f"m{m.id}" for m in everything[: len(shown)]]


async def test_the_critical_path_is_marked_as_milestone_list_json_says(
    demo_store: Store, demo_path: object
) -> None:
    import json
    from pathlib import Path

    from tests.conftest import Cli

    listed = json.loads(Cli(Path(str(demo_path))).ok("milestone", "list", "--json"))
    critical = {f"m{r['id']}" for r in listed if r["critical"]}
    assert critical and len(critical) < len(listed)  # some on the path, not all
    app = AmApp(demo_store)
    async with app.run_test(size=(180, 50)) as pilot:
        _, table = await open_timeline(pilot, app)
        marked = {str(r.value) for r in table.rows if "★" in str(table.get_row(r.value)[0])}
        shown = {str(r.value) for r in table.rows if str(r.value).startswith("m")}
    assert marked == critical & shown


async def test_the_move_form_previews_what_follows_then_saves_it(demo_store: Store) -> None:
    from textual.widgets import Input

    from amtui.tui.screens.timeline_forms import MoveMilestoneForm

    before = by_name(demo_store, "northwind/spring-launch")
    first = min(
        (m for m in before.values() if m.status != "done" and m.after == ()), key=lambda m: (m.due_on, m.id)
    )
    from amtui.store import unit_of_work

    app = AmApp(demo_store)
    async with app.run_test(size=(180, 50)) as pilot:
        screen, table = await open_timeline(pilot, app)
        table.move_cursor(row=table.get_row_index(f"m{first.id}"))
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, MoveMilestoneForm), "the form")
        form = app.screen
        form.query_one("#by", Input).value = "zero"
        await pilot.pause()
        assert "whole number" in str(form.query_one("#field-by").query_one(".field-error", Static).render())
        form.query_one("#by", Input).value = "3"
        preview = form.query_one("#form-preview", Static)
        await until(pilot, lambda: f"M{first.id}" in str(preview.render()), "the preview")
        text = str(preview.render())
        with unit_of_work(demo_store, "dry") as uow:
            dry = timeline.move_milestone(uow, first.id, by_days=3, dry_run=True)
        assert f"due {dry.milestone.old_due} → {dry.milestone.new_due}" in text
        for d in dry.dependents[:8]:
            assert f"{d.label} {d.name}: {d.old_due} → {d.new_due}" in text
        assert by_name(demo_store, "northwind/spring-launch") == before  # a preview writes nothing
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, MoveMilestoneForm), "the save")
        await until(
            pilot,
            lambda: (
                by_name(demo_store, "northwind/spring-launch")[first.name].due_on == dry.milestone.new_due
            ),
            "the move",
        )
    after = by_name(demo_store, "northwind/spring-launch")
    assert after[first.name].due_on == dry.milestone.new_due
    for d in dry.dependents:
        assert after[d.name].due_on == d.new_due
