"""One whole-number input: every field that takes a number of days (a milestone's move, length, lag and
approval days; a change order's timeline shift, drafted or edited) refuses a non-number in one wording, runs
its own service rule, and saves nothing while it is wrong."""

from __future__ import annotations

from typing import Any

import pytest

from amtui.store import Store
from amtui.tui.screens.co_edit_form import ChangeOrderEditForm
from amtui.tui.screens.co_forms import DraftChangeOrderForm
from amtui.tui.screens.milestone_forms import AddMilestoneForm, EditMilestoneForm, LinkMilestoneForm
from amtui.tui.screens.timeline_forms import MoveMilestoneForm
from amtui.tui.widgets.fields import FormField, WholeInput
from tests.conftest import dump
from tests.tui.helpers import make_app
from tests.tui.test_keys import _change_order
from tests.tui.test_milestone_forms import a_milestone

WORKING_DAYS = "working days"
CASES: list[tuple[Any, str, str, str]] = [
    (lambda: MoveMilestoneForm(18, "Storyboards"), "by", WORKING_DAYS, "3 or -2"),
    (lambda: AddMilestoneForm("northwind/spring-launch"), "days", WORKING_DAYS, "3"),
    (lambda: AddMilestoneForm("northwind/spring-launch"), "lag", WORKING_DAYS, "3"),
    (lambda: AddMilestoneForm("northwind/spring-launch"), "approval_days", WORKING_DAYS, "3"),
    (lambda: LinkMilestoneForm(a_milestone()), "lag", WORKING_DAYS, "3"),
    (lambda: EditMilestoneForm(a_milestone()), "days", WORKING_DAYS, "3"),
    (lambda: DraftChangeOrderForm("northwind/spring-launch"), "days", "days", "5 or -2"),
    (lambda: ChangeOrderEditForm(_change_order()), "days", "days", "5 or -2"),
]


def _field(form: Any, field_id: str) -> FormField:
    return form.query_one(f"#field-{field_id}", FormField)


@pytest.mark.parametrize(("make_form", "field_id", "unit", "example"), CASES)
async def test_a_non_number_is_refused_in_one_wording_and_saves_nothing(
    demo_store: Store, make_form: Any, field_id: str, unit: str, example: str
) -> None:
    before = dump(demo_store.path)
    app = make_app(demo_store)
    async with app.run_test(size=(150, 50)) as pilot:
        form = make_form()
        await app.push_screen(form)
        await pilot.pause()
        field = _field(form, field_id)
        assert isinstance(field.input, WholeInput)
        field.input.value = "soon"
        await pilot.press("f2")
        await pilot.pause()
        assert field.error == f"'soon' is not a whole number of {unit} (e.g. {example})"
        assert app.screen is form  # not saved, not closed
        field.input.value = " 2 "
        assert field.input.parse() == 2
    assert dump(demo_store.path) == before


async def test_each_field_keeps_its_own_rule(demo_store: Store) -> None:
    """The number is checked by the field's own rule: a move of 0 days, a length of 0, a negative lag."""
    app = make_app(demo_store)
    async with app.run_test(size=(150, 50)) as pilot:
        move = MoveMilestoneForm(18, "Storyboards")
        await app.push_screen(move)
        await pilot.pause()
        _field(move, "by").input.value = "0"
        await pilot.pause()
        assert _field(move, "by").error == "0 working days moves nothing"
        _field(move, "by").input.value = "-2"
        await pilot.pause()
        assert _field(move, "by").error == ""
        move.dismiss(None)
        await pilot.pause()
        add = AddMilestoneForm("northwind/spring-launch")
        await app.push_screen(add)
        await pilot.pause()
        _field(add, "days").input.value = "0"
        _field(add, "lag").input.value = "-1"
        await pilot.pause()
        assert "--days must be between 1 and" in _field(add, "days").error
        assert "lag must be between 0 and" in _field(add, "lag").error
