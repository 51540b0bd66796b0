"""The terms parsers, and the one read of a project's terms (the same on a session and on sqlite3)."""

from __future__ import annotations

from datetime import date

import pytest

from amtui.core.errors import InputError
from amtui.services.clients.projects import add_project, edit_project
from amtui.services.money.schedule import project_terms, terms_by_project
from amtui.services.money.terms import LineSpec, check_lines, lines_text, parse_lines, percent_text
from amtui.store import Store, unit_of_work
from tests.conftest import plain_read


def test_parse_lines_reads_dates_milestones_and_labels() -> None:
    assert parse_lines(" 2027-01-15:50%:Kick-off , 2027-03-01 : 50 ") == [
        LineSpec(5000, due_on=date(2027, 1, 15), label="Kick-off"),
        LineSpec(5000, due_on=date(2027, 3, 1)),
    ]
    assert parse_lines("M12:12.5%,m-14:87.5%:Go: live") == [
        LineSpec(1250, milestone_id=12),
        LineSpec(8750, milestone_id=14, label="Go: live"),
    ]
    assert lines_text(parse_lines("M12:12.5%,2027-01-01:87.5%:x")) == "M12 12.5%, 2027-01-01 87.5% (x)"
    assert percent_text(1250) == "12.5%" and percent_text(10_000) == "100%"


@pytest.mark.parametrize(
    ("schedule", "text", "fragment"),
    [
        ("instalments", "2027-01-15:99.99%", "add up to 99.99%, not 100%"),
        ("instalments", "2027-01-15:100%,2027-02-15:0.01%", "add up to 100.01%, not 100%"),
        ("milestones", "M1:50%,2027-01-15:50%", "schedule line 2 (2027-01-15)"),
        ("instalments", "M1:100%", "schedule line 1 (M1)"),
        ("progress", "2027-01-15:100%", "not by progress"),
        (None, "2027-01-15:100%", "for a fixed fee billed by instalments or milestones"),
    ],
)
def test_check_lines_refuses(schedule: str | None, text: str, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        check_lines(schedule, parse_lines(text))


def test_terms_read_the_same_on_a_session_and_on_a_plain_connection(store: Store) -> None:
    from amtui.services.clients.accounts import add_account
    from amtui.services.timeline.milestones import add_milestone

    with unit_of_work(store, "test") as uow:
        add_account(uow, "Acme", slug="acme")
        add_project(uow, "acme/a", "A", budget_cents=100, fee_schedule="deposit", deposit_bp=2500)
        add_project(uow, "acme/b", "B", budget_cents=0, billing="retainer", bill_timing="ARREARS")
        add_project(uow, "acme/c", "C", budget_cents=100)
    with unit_of_work(store, "test") as uow:
        m = add_milestone(uow, "acme/c", "Design", due_on=date(2027, 1, 10))
        edit_project(uow, "acme/c", fee_schedule="milestones", lines=parse_lines(f"M{m.id}:100%:All"))
    with store.read() as s:
        on_session = terms_by_project(s)
        single = [project_terms(s, pid) for pid in sorted(on_session)]
    with plain_read(store) as con:
        on_plain = terms_by_project(con)
        assert terms_by_project(con, []) == {}
    assert on_session == on_plain and single == [on_session[pid] for pid in sorted(on_session)]
    a, b, c = single
    assert (a.fee_schedule, a.deposit_bp, a.co_billing, a.lines) == ("deposit", 2500, "with", ())
    assert (b.bill_timing, b.fee_schedule, b.co_billing) == ("arrears", None, "on-approval")
    assert [(ln.seq, ln.milestone_number, ln.milestone_name, ln.share_bp, ln.label) for ln in c.lines] == [
        (1, f"M{m.id}", "Design", 10_000, "All")
    ]
    assert c.lines[0].milestone_done_on is None
    assert c.text == "fixed fee · by milestones · change orders join the fee"
