"""The Change orders screen: by status, the draft form's impact preview, send/approve/reject/void, export."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from amtui.services.money import change_orders as co
from amtui.services.money.budget import project_health
from amtui.store import Store, unit_of_work
from amtui.tui.screens.change_orders import STATUS_ORDER, ChangeOrdersScreen
from amtui.tui.screens.co_forms import ChangeOrderActionForm, DraftChangeOrderForm, ExportChangeOrderForm
from amtui.tui.widgets.fields import FormField
from tests.conftest import TODAY, dump
from tests.tui.helpers import cells, make_app, table, until

REF = "northwind/spring-launch"


def _seed(store: Store) -> tuple[str, str]:
    """A draft and an order sent nine days ago, on top of the demo's: their numbers."""
    with unit_of_work(store, "test") as uow:
        draft = co.add_change_order(uow, REF, "Extra banner sizes", amount_cents=2_400_00, days=3)
        sent = co.add_change_order(uow, "helios/ctv-q1-flight", "Spanish variants", amount_cents=3_200_00)
        co.send(uow, sent.change_order.number, on=TODAY - timedelta(days=9))
    return draft.change_order.number, sent.change_order.number


def _count(store: Store) -> int:
    with store.read() as s:
        return len(co.list_change_orders(s))


def _fields(app) -> dict[str, FormField]:  # type: ignore[no-untyped-def]
    return {f.input.id: f for f in app.screen.query(FormField)}


async def test_the_screen_lists_change_orders_by_status(demo_store: Store) -> None:
    draft, sent_no = _seed(demo_store)
    total = _count(demo_store)
    app = make_app(demo_store)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.press("c")
        assert isinstance(app.screen, ChangeOrdersScreen)
        await until(pilot, lambda: table(app, "#cos").row_count == total)
        rows = cells(table(app, "#cos"))
        numbers = [r[0] for r in rows]
        assert numbers.index(sent_no) < numbers.index(draft)  # sent (waiting on the client) first
        statuses = [r[1] for r in rows]
        assert statuses == sorted(statuses, key=lambda x: STATUS_ORDER.index(x))
        sent = rows[numbers.index(sent_no)]
        assert sent[1] == "sent" and sent[4] == "+$3,200.00" and sent[7] == "9d"
        await pilot.press("f")  # only sent
        await until(pilot, lambda: set(r[1] for r in cells(table(app, "#cos"))) == {"sent"})


async def test_draft_form_previews_the_impact_then_saves(demo_store: Store) -> None:
    with demo_store.read() as s:
        h = project_health(s, REF, as_of=TODAY)
    app = make_app(demo_store)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.press("c")
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, DraftChangeOrderForm))
        f = _fields(app)
        f["project"].input.value = REF
        app.screen._read_base(REF)  # type: ignore[attr-defined]
        f["title"].input.value = "Retail POS kit"
        f["amount"].input.value = "4,500"
        f["days"].input.value = "5"
        preview = app.screen.query_one("#form-preview")
        want = f"${(h.current_budget_cents + 4_500_00) // 100:,}"
        await until(pilot, lambda: want in str(preview.render()), what="impact preview")
        assert "(+$4,500.00)" in str(preview.render()) and "end " in str(preview.render())
        before = dump(demo_store.path)
        f["amount"].input.value = "4.500,00"
        await pilot.press("f2")
        assert "use a dot for decimals" in f["amount"].error
        f["amount"].input.value = "4500"
        f["days"].input.value = "five"
        await pilot.press("f2")
        assert "'five' is not a whole number of days (e.g. 5 or -2)" in f["days"].error
        assert dump(demo_store.path) == before
        f["days"].input.value = "5"
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, ChangeOrdersScreen), what="saved")
        await until(pilot, lambda: any(r[3] == "Retail POS kit" for r in cells(table(app, "#cos"))))
        mine = next(r for r in cells(table(app, "#cos")) if r[3] == "Retail POS kit")
        assert mine[1] == "draft" and mine[4] == "+$4,500.00"


async def test_send_approve_and_illegal_moves(demo_store: Store) -> None:
    draft, sent_no = _seed(demo_store)
    total = _count(demo_store)
    with demo_store.read() as s:
        approved_before = project_health(s, REF, as_of=TODAY).approved_change_orders_cents
    app = make_app(demo_store)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.press("c")
        t = table(app, "#cos")
        await until(pilot, lambda: t.row_count == total)
        # Approving a draft is refused by the service, explained on the form, and writes nothing.
        t.move_cursor(row=t.get_row_index(draft))
        before = dump(demo_store.path)
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, ChangeOrderActionForm))
        await pilot.press("f2")
        await until(pilot, lambda: "Nothing saved" in str(app.screen.query_one("#form-error").render()))
        assert dump(demo_store.path) == before
        await pilot.press("escape")
        # Send it, then approve it: the budget grows.
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, ChangeOrderActionForm))
        await pilot.press("f2")
        await until(pilot, lambda: str(t.get_row(draft)[1]) == "sent", what="sent")
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, ChangeOrderActionForm))
        app.screen.query_one("#who").value = "Sam Patel"  # type: ignore[attr-defined]
        await pilot.press("f2")
        await until(pilot, lambda: str(t.get_row(draft)[1]) == "approved", what="approved")
        with demo_store.read() as s:
            after = project_health(s, REF, as_of=TODAY).approved_change_orders_cents
            assert after - approved_before == 2_400_00
        # Reject the sent one.
        t.move_cursor(row=t.get_row_index(sent_no))
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ChangeOrderActionForm))
        await pilot.press("f2")
        await until(pilot, lambda: str(t.get_row(sent_no)[1]) == "rejected", what="rejected")


async def test_export_writes_the_client_document(
    demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, sent_no = _seed(demo_store)
    total = _count(demo_store)
    monkeypatch.chdir(tmp_path)
    app = make_app(demo_store)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.press("c")
        t = table(app, "#cos")
        await until(pilot, lambda: t.row_count == total)
        t.move_cursor(row=t.get_row_index(sent_no))
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, ExportChangeOrderForm))
        await pilot.press("f2")
        await until(pilot, lambda: (tmp_path / f"{sent_no}.md").exists(), what="document")
    text = (tmp_path / f"{sent_no}.md").read_text()
    assert "Spanish variants" in text and "3,200" in text
    assert (tmp_path / f"{sent_no}.md").stat().st_mode & 0o077 == 0


async def test_a_change_order_decided_elsewhere_since_the_form_opened_is_not_decided_again(
    demo_store: Store,
) -> None:
    _draft, sent_no = _seed(demo_store)
    total = _count(demo_store)
    app = make_app(demo_store)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.press("c")
        t = table(app, "#cos")
        await until(pilot, lambda: t.row_count == total)
        t.move_cursor(row=t.get_row_index(sent_no))
        await pilot.press("x")  # reject it …
        await until(pilot, lambda: isinstance(app.screen, ChangeOrderActionForm))
        form = app.screen
        with unit_of_work(demo_store, f"co approve {sent_no}") as uow:  # … while another terminal approves it
            co.approve(uow, sent_no, by="Sam Patel", on=TODAY)
        before = dump(demo_store.path)
        form.query_one("#who").value = "Leah Kim"  # type: ignore[attr-defined]
        await pilot.press("f2")
        error = lambda: str(form.query_one("#form-error").render())  # noqa: E731
        await until(pilot, lambda: "changed since you opened it" in error(), what="the conflict")
        assert "status: sent → approved" in error()
        assert app.screen is form and form.query_one("#who").value == "Leah Kim"  # type: ignore[attr-defined]
    assert dump(demo_store.path) == before
