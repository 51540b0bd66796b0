"""The read one-liners that run on a plain sqlite3 connection refuse bad references as they did on SQLModel:
one line on stderr, exit 1, nothing written."""

from __future__ import annotations

import pytest

from tests.conftest import Cli, assert_refused


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("milestone", "show", "M999"), "no milestone M999"),
        (("milestone", "list", "nobody"), "no project 'nobody'"),  # neither an account nor a project
        (("milestone", "list", "nobody/x"), "no account 'nobody'"),
        (("milestone", "list", "helios/ghost"), "no project"),
        (("timeline", "nobody"), "no project 'nobody'"),
        (("escalation", "list", "nobody"), "no account 'nobody'"),
        (("risks", "nobody"), "no account 'nobody'"),
        (("opp", "list", "nobody"), "no account 'nobody'"),
        (("performance", "nobody"), "no project 'nobody'"),
        (("performance", "helios/ghost"), "no project"),
    ],
)
def test_unknown_references_are_refused_on_the_plain_connection(
    demo_cli: Cli, args: tuple[str, ...], fragment: str
) -> None:
    assert_refused(demo_cli, args, 1, fragment)


@pytest.mark.parametrize(
    "args",
    [
        ("milestone", "list", "--team", "catering"),
        ("milestone", "list", "--status", "someday"),
        ("milestone", "show", "twelve"),
        ("performance", "helios", "--from", "31/12/2026"),
    ],
)
def test_bad_values_are_refused_on_the_plain_connection(demo_cli: Cli, args: tuple[str, ...]) -> None:
    r = demo_cli(*args)
    assert r.code in (1, 2), (args, r.code, r.stderr)
    assert_refused(demo_cli, args, r.code)
