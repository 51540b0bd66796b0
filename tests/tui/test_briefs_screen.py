"""The Briefs screen and editor, driven with Pilot on the demo book: the list, typing with live checks,
saving versions, submitting, approving and exporting."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Select, Static, TextArea

from amtui.services.briefs.service import brief_detail
from amtui.store import Store
from amtui.tui.app import AmApp
from amtui.tui.screens.brief_editor import BriefEditorScreen
from amtui.tui.screens.brief_modals import AskModal, NewBriefModal
from amtui.tui.screens.briefs import BriefsScreen

OBJECTIVES = "Business objective and communication objectives"


async def until(pilot: Pilot[None], cond: Callable[[], bool], timeout: float = 5.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if cond():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not met in time")


def detail(store: Store, brief_id: int):  # type: ignore[no-untyped-def]
    with store.read() as s:
        return brief_detail(s, brief_id)


def text_of(screen: BriefEditorScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def open_editor(app: AmApp, pilot: Pilot[None], brief_id: int) -> BriefEditorScreen:
    editor = BriefEditorScreen(brief_id)
    await app.push_screen(editor)
    await until(
        pilot, lambda: bool(editor.sections) and not editor.query_one("#section-text", TextArea).disabled
    )
    return editor


async def test_list_shows_briefs_by_account_and_status(demo_store: Store) -> None:
    app = AmApp(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = BriefsScreen()
        await app.push_screen(screen)
        table = screen.query_one("#briefs", DataTable)
        await until(pilot, lambda: table.row_count == 3)
        rows = [table.get_row_at(i) for i in range(3)]
        assert [(r[1], r[4]) for r in rows] == [
            ("helios", "approved (Marcus Bell)"),
            ("northwind", "draft"),
            ("quokka", "in review"),
        ]
        assert rows[1][6].startswith("✗") and rows[0][5] == "v2"
        await pilot.press("s")  # drafts only
        await until(pilot, lambda: table.row_count == 1)
        assert table.get_row_at(0)[1] == "northwind"
        await pilot.press("s", "s")  # approved only
        await until(pilot, lambda: table.row_count == 1 and table.get_row_at(0)[1] == "helios")
        await pilot.press("s")  # all again
        await until(pilot, lambda: table.row_count == 3)
        table.move_cursor(row=1)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, BriefEditorScreen) and bool(app.screen.sections))
        assert isinstance(app.screen, BriefEditorScreen) and app.screen.brief_id == 3
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)


async def test_typing_updates_the_checks_and_f2_saves(demo_store: Store) -> None:
    app = AmApp(demo_store)
    async with app.run_test(size=(160, 45)) as pilot:
        editor = await open_editor(app, pilot, 3)
        assert "objective-no-number" in text_of(editor, "#checks")
        outline = editor.query_one("#outline", OptionList)
        index = [n for n, _ in editor.sections].index(OBJECTIVES)
        outline.focus()
        outline.highlighted = index
        await until(pilot, lambda: editor.current == index)
        assert text_of(editor, "#section-name") == f"## {OBJECTIVES}"
        assert "non-goals" in text_of(editor, "#section-hint")
        area = editor.query_one("#section-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.press(*" and grow online sales 15% by 2027-06-30")
        assert editor.dirty and "unsaved changes" in text_of(editor, "#brief-head")
        await until(pilot, lambda: "objective-no-number" not in text_of(editor, "#checks"))
        assert "objective-no-metric" not in text_of(editor, "#checks")
        assert "deliverable-no-spec" in text_of(editor, "#checks")
        # Nothing is stored until F2.
        assert "15%" not in detail(demo_store, 3).markdown
        await pilot.press("f2")
        await until(pilot, lambda: "15% by 2027-06-30" in detail(demo_store, 3).markdown)
        d = detail(demo_store, 3)
        assert (d.summary.status, d.summary.version) == ("draft", 1)  # a draft amends its version
        assert "objective-no-number" not in {f.rule for f in d.findings}
        await until(pilot, lambda: not editor.dirty)


async def test_checks_wait_for_a_pause_in_typing(demo_store: Store) -> None:
    app = AmApp(demo_store)
    async with app.run_test(size=(160, 45)) as pilot:
        editor = await open_editor(app, pilot, 3)
        editor.action_section(6)  # Deliverables and specs
        area = editor.query_one("#section-text", TextArea)
        area.load_text(
            "- Hero video, 30s, 16:9, MP4\n- 6 social posts, 1080x1350\n- In-store posters, A2, x20"
        )
        # Not yet: the checks run CHECK_DELAY after the last change.
        assert "deliverable-no-spec" in text_of(editor, "#checks")
        await until(pilot, lambda: "deliverable-no-spec" not in text_of(editor, "#checks"))
        marks = str(editor.query_one("#outline", OptionList).get_option_at_index(6).prompt)
        assert "✓" in marks


async def test_a_reload_does_not_pull_the_editor_back_to_the_section_it_left(demo_store: Store) -> None:
    """A highlight set by a (re)load must not, handled late, yank the editor back to that section."""
    app = AmApp(demo_store)
    async with app.run_test(size=(160, 45)) as pilot:
        editor = await open_editor(app, pilot, 3)
        outline = editor.query_one("#outline", OptionList)
        with editor.prevent(OptionList.OptionHighlighted):
            outline.highlighted = None  # as before the first load
        await pilot.pause()
        editor.show(detail(demo_store, 3))  # the load: highlights section 0
        editor.action_section(6)  # at once, before the app has handled the highlight
        area = editor.query_one("#section-text", TextArea)
        area.load_text("- Hero video, 30s, 16:9, MP4")
        await until(pilot, lambda: "deliverable-no-spec" not in text_of(editor, "#checks"))
        assert editor.current == 6 and editor.sections[6][1] == "- Hero video, 30s, 16:9, MP4"


async def test_submit_then_save_makes_a_version_then_approve(demo_store: Store) -> None:
    app = AmApp(demo_store)
    async with app.run_test(size=(160, 45)) as pilot:
        editor = await open_editor(app, pilot, 2)  # in review
        assert "in review: saving makes v2" in text_of(editor, "#brief-head")
        area = editor.query_one("#section-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.press(*" Updated.")
        await pilot.press("f2")
        await until(pilot, lambda: detail(demo_store, 2).summary.version == 2)
        d = detail(demo_store, 2)
        assert d.summary.status == "in-review" and [v.number for v in d.versions] == [1, 2]
        await until(pilot, lambda: editor.version == 2 and not editor.dirty)
        await pilot.press("f4")
        await until(pilot, lambda: isinstance(app.screen, AskModal))
        await pilot.press(*"Tom Okoro", "enter")
        await until(pilot, lambda: detail(demo_store, 2).summary.status == "approved")
        assert detail(demo_store, 2).summary.approved_by == "Tom Okoro"
        await until(pilot, lambda: "approved v2 is locked" in text_of(editor, "#brief-head"))


async def test_approval_refused_while_checks_block_keeps_the_text(demo_store: Store) -> None:
    app = AmApp(demo_store)
    async with app.run_test(size=(160, 45)) as pilot:
        editor = await open_editor(app, pilot, 3)
        await pilot.press("f3")  # submit a brief with blocking problems
        await pilot.pause(0.5)
        assert detail(demo_store, 3).summary.status == "draft"
        await pilot.press("f4")
        await until(pilot, lambda: isinstance(app.screen, AskModal))
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is editor)
        assert detail(demo_store, 3).summary.status == "draft"


async def test_changing_an_approved_brief_makes_a_new_draft_version(
    demo_store: Store, tmp_path: Path
) -> None:
    app = AmApp(demo_store)
    async with app.run_test(size=(160, 45)) as pilot:
        editor = await open_editor(app, pilot, 1)
        assert "approved v2 is locked: saving makes v3" in text_of(editor, "#brief-head")
        area = editor.query_one("#section-text", TextArea)
        area.focus()
        await pilot.press(*"Note: ")
        await pilot.press("f2")
        await until(pilot, lambda: detail(demo_store, 1).summary.version == 3)
        d = detail(demo_store, 1)
        assert (d.summary.status, d.summary.approved_by) == ("draft", None)
        # Export: F5 asks where.
        target = tmp_path / "ctv.md"
        await pilot.press("f5")
        await until(pilot, lambda: isinstance(app.screen, AskModal))
        app.screen.query_one("#answer", Input).value = str(target)
        await pilot.press("enter")
        await until(pilot, target.exists)
        assert target.read_text() == detail(demo_store, 1).markdown


async def test_new_brief_from_the_list(demo_store: Store) -> None:
    app = AmApp(demo_store)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = BriefsScreen()
        await app.push_screen(screen)
        await until(pilot, lambda: screen.query_one("#briefs", DataTable).row_count == 3)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NewBriefModal))
        modal = app.screen
        modal.query_one("#project", Select).value = "northwind/spring-launch"
        modal.query_one("#template", Select).value = "media"
        await pilot.click("#ok")
        await until(pilot, lambda: isinstance(app.screen, BriefEditorScreen) and bool(app.screen.sections))
        d = detail(demo_store, 4)
        assert (d.summary.project, d.summary.template) == ("northwind/spring-launch", "media")
        assert "Northwind Outfitters" in d.sections[0].body


async def test_a_section_heading_typed_into_a_section_is_not_saved(demo_store: Store) -> None:
    app = AmApp(demo_store)
    async with app.run_test(size=(160, 45)) as pilot:
        editor = await open_editor(app, pilot, 3)
        before = detail(demo_store, 3).markdown
        area = editor.query_one("#section-text", TextArea)
        area.load_text("Summer matters.\n## Sneaky new section")
        await until(pilot, lambda: "cannot save" in text_of(editor, "#checks"))
        await pilot.press("f2")
        await pilot.pause(0.3)
        assert detail(demo_store, 3).markdown == before
        assert editor.sections[editor.current][1] == "Summer matters.\n## Sneaky new section"  # nothing lost


async def test_coming_back_reads_again_only_if_the_book_changed(demo_store: Store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import amtui.services.briefs.service as briefs_service

    reads: list[object] = []
    real = briefs_service.page_briefs

    def counting(*args: object, **kw: object) -> object:
        reads.append(kw.get("status"))
        return real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(briefs_service, "page_briefs", counting)
    app = AmApp(demo_store, poll=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("r")
        screen = app.screen
        table = screen.query_one("#briefs", DataTable)
        await until(pilot, lambda: table.row_count == 3)
        await pilot.pause(0.3)
        before = len(reads)
        await pilot.press("t")
        await pilot.press("r")
        await pilot.pause(0.3)
        assert len(reads) == before  # nothing changed: the list is shown as it was, not read again
        await pilot.press("t")
        app.data_changed(reload_active=True)  # a write while the list is hidden
        await pilot.press("r")
        await until(pilot, lambda: len(reads) > before)
        assert app.screen is screen


async def test_many_briefs_are_read_a_page_at_a_time(demo_store: Store) -> None:
    from amtui.services.base.paging import PAGE_SIZE
    from amtui.services.briefs import service as svc
    from amtui.store import unit_of_work

    with unit_of_work(demo_store, "test") as uow:
        for n in range(PAGE_SIZE + 10):
            svc.new_brief(uow, "helios/always-on-search", title=f"Weekly test brief {n:03d}")
    with demo_store.read() as s:
        every = svc.list_briefs(s)
        page = svc.page_briefs(s, offset=PAGE_SIZE, limit=PAGE_SIZE)
        assert page.total == len(every) and page.rows == every[PAGE_SIZE : 2 * PAGE_SIZE]
        drafts = svc.page_briefs(s, status="draft", limit=5)
        assert drafts.rows == [b for b in every if b.status == "draft"][:5]
        assert drafts.total == sum(1 for b in every if b.status == "draft")
    app = AmApp(demo_store, poll=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("r")
        table = app.screen.query_one("#briefs", DataTable)
        await until(pilot, lambda: table.row_count == PAGE_SIZE)
        title = str(app.screen.query_one("#briefs-title", Static).render())
        assert f"1–{PAGE_SIZE} of {len(every)}" in title
        table.focus()
        await pilot.press("end")
        await until(pilot, lambda: table.row_count == len(every))
        assert [str(r.value) for r in table.rows] == [str(b.id) for b in every]
