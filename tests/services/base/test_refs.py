"""One table of references, run through every surface that takes them: the resolver on a SQLModel session
and on a plain sqlite3 connection, and the CLI commands that take each kind. Every surface must name the same
projects (or number), or refuse with the same one-line error and exit code (1 not found or ambiguous, 2
malformed); the expected values below are the rule itself, and every consumer is held to what the resolver
answers, never to a copy of its algorithm."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from amtui.core.errors import AmtuiError, ConflictError, InputError, NotFoundError
from amtui.services.base import refs
from amtui.store import open_store, read_connection, unit_of_work
from amtui.store.sql import Db
from tests.conftest import TODAY, Cli, assert_refused

HELIOS = {"helios/always-on-search", "helios/ctv-q1-flight", "helios/social-retainer"}
QUOKKA = {"quokka/abm-pilot", "quokka/demand-gen"}


@pytest.fixture(scope="module")
def book(_demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo book plus the awkward cases: a slug two accounts share, a project named like an account, and
    an archived project."""
    from amtui.services.clients.accounts import add_account
    from amtui.services.clients.followups import add_follow_up
    from amtui.services.clients.projects import add_project, edit_project

    path = tmp_path_factory.mktemp("refs") / "refs.db"
    shutil.copyfile(_demo_template, path)
    path.chmod(0o600)
    store = open_store(path)
    try:
        with unit_of_work(store, "test") as uow:
            add_account(uow, "Twin A", slug="twin-a")
            add_account(uow, "Twin B", slug="twin-b")
            add_project(uow, "twin-a/shared", "Shared", budget_cents=0)
            add_project(uow, "twin-b/shared", "Shared", budget_cents=0)
            add_project(uow, "bramble/quokka", "Named like an account", budget_cents=0)
            add_project(uow, "bramble/old-site", "Old site", budget_cents=0)
            edit_project(uow, "bramble/old-site", status="archived")
        with unit_of_work(store, "test") as uow:
            for title in ("Send the recap", "Chase the PO", "Book the QBR"):  # T-1 … T-3
                add_follow_up(uow, "helios", title, due_on=TODAY, today=TODAY)
    finally:
        store.close()
    return path


@pytest.fixture
def handles(book: Path) -> Iterator[dict[str, Db]]:
    store = open_store(book)
    try:
        with store.read() as session, read_connection(book) as con:
            yield {"session": session, "sqlite3": con}
    finally:
        store.close()


Answer = set[str] | tuple[type[AmtuiError], int, str]


def _answer(lookup: Callable[[Db, str], set[str]], db: Db, ref: str) -> Answer:
    """What a lookup names, or how it refuses: (error class, exit code, message)."""
    try:
        return lookup(db, ref)
    except AmtuiError as exc:
        return type(exc), exc.exit_code, str(exc)


def _scope(db: Db, ref: str) -> set[str]:
    return {f"{slug}/{p.slug}" for p, slug in refs.scope(db, ref).projects}


def _project(db: Db, ref: str) -> set[str]:
    p, slug = refs.find_project(db, ref)
    return {f"{slug}/{p.slug}"}


def _matches(got: Answer, want: object) -> bool:
    if isinstance(want, set):
        return got == want
    cls, code, fragment = want  # type: ignore[misc]
    return isinstance(got, tuple) and got[:2] == (cls, code) and fragment in got[2]


def _refused(cli: Cli, args: tuple[str, ...], code: int, message: str) -> None:
    """The CLI refuses with exactly the resolver's message: one line, the exit code, nothing written."""
    assert_refused(cli, args, code)
    assert cli(*args).stderr.strip() == f"amtui: {message}", args


def _json(cli: Cli, *args: str) -> Any:
    return json.loads(cli.ok(*args, "--json"))


# (reference, what it names where a command takes "an account or a project", what it names as a project):
# a set of account/project refs, or (error class, exit code, a fragment of the message).
NOT_FOUND, CONFLICT, MALFORMED = (NotFoundError, 1), (ConflictError, 1), (InputError, 2)
CASES = [
    ("helios", HELIOS, (*NOT_FOUND, "no project 'helios'; reference a project as account/project")),
    ("helios/ctv-q1-flight", {"helios/ctv-q1-flight"}, {"helios/ctv-q1-flight"}),
    ("spring-launch", {"northwind/spring-launch"}, {"northwind/spring-launch"}),
    ("shared", (*CONFLICT, "ambiguous: twin-a/shared, twin-b/shared"), (*CONFLICT, "twin-a/shared, twin-b")),
    ("quokka", QUOKKA, {"bramble/quokka"}),  # an account wins where a command takes either
    ("nobody", (*NOT_FOUND, "no account or project 'nobody'"), (*NOT_FOUND, "no project 'nobody'")),
    ("nope/site", (*NOT_FOUND, "no account 'nope'"), (*NOT_FOUND, "no account 'nope'")),
    ("helios/ghost", (*NOT_FOUND, "no project 'ghost' in account 'helios'"), (*NOT_FOUND, "'ghost' in")),
    ("  Helios ", HELIOS, (*NOT_FOUND, "no project '  Helios '")),
    (" HELIOS/CTV-Q1-Flight ", {"helios/ctv-q1-flight"}, {"helios/ctv-q1-flight"}),
    ("bramble/old-site", {"bramble/old-site"}, {"bramble/old-site"}),  # archived, but named: found
    ("", (*MALFORMED, "empty reference"), (*MALFORMED, "empty project reference")),
    ("   ", (*MALFORMED, "empty reference"), (*MALFORMED, "empty project reference")),
]
IDS = [repr(c[0]) for c in CASES]
# The list commands that take an account or a project; each row names its project as account/project.
LISTS = ("milestone", "co", "kpi", "brief")


@pytest.mark.parametrize(("ref", "as_scope", "as_project"), CASES, ids=IDS)
def test_the_resolver_answers_the_same_on_a_session_and_on_sqlite3(
    handles: dict[str, Db], ref: str, as_scope: object, as_project: object
) -> None:
    answers = {name: (_answer(_scope, db, ref), _answer(_project, db, ref)) for name, db in handles.items()}
    assert answers["session"] == answers["sqlite3"]
    scope, project = answers["sqlite3"]
    assert _matches(scope, as_scope), (ref, scope)
    assert _matches(project, as_project), (ref, project)


@pytest.mark.parametrize(("ref", "as_scope", "as_project"), CASES, ids=IDS)
def test_every_command_names_what_the_resolver_names(
    book: Path, ref: str, as_scope: object, as_project: object
) -> None:
    """``budget``, ``performance`` and the lists of milestones, change orders, KPI targets and briefs take an
    account or a project; ``project show`` takes a project: each names what the resolver names, or refuses
    with its exact error."""
    cli = Cli(book)
    with read_connection(book) as con:
        scope, project = _answer(_scope, con, ref), _answer(_project, con, ref)
    if isinstance(scope, set):
        assert {h["project"] for h in _json(cli, "budget", ref)} == scope
        with_metrics = {p["project"] for p in _json(cli, "performance")["projects"]}
        assert {p["project"] for p in _json(cli, "performance", ref)["projects"]} == scope & with_metrics
        for group in LISTS:
            every = _json(cli, group, "list")
            assert _json(cli, group, "list", ref) == [r for r in every if r["project"] in scope], group
    else:
        for args in [("budget", ref), ("performance", ref), *((group, "list", ref) for group in LISTS)]:
            _refused(cli, args, scope[1], scope[2])
    if isinstance(project, set):
        assert {_json(cli, "project", "show", ref)["ref"]} == project
    else:
        _refused(cli, ("project", "show", ref), project[1], project[2])


def test_the_table_covers_something_each_command_lists(book: Path) -> None:
    """The scope cases above are not vacuous: helios has something in every list."""
    cli = Cli(book)
    assert _json(cli, "performance", "helios")["projects"]
    for group in LISTS:
        assert _json(cli, group, "list", "helios"), group


# (reference, kind, the number it names, or the exact error)
NUMBERS = [
    ("CO-3", refs.CHANGE_ORDER, 3),
    ("co-3", refs.CHANGE_ORDER, 3),
    ("3", refs.CHANGE_ORDER, 3),
    (" co3 ", refs.CHANGE_ORDER, 3),
    ("CO-x", refs.CHANGE_ORDER, "not a change order reference: 'CO-x'; expected e.g. CO-7"),
    ("", refs.CHANGE_ORDER, "not a change order reference: ''; expected e.g. CO-7"),
    ("M12", refs.MILESTONE, 12),
    ("m-12", refs.MILESTONE, 12),
    ("12", refs.MILESTONE, 12),
    ("twelve", refs.MILESTONE, "not a milestone reference: 'twelve'; expected e.g. M12 or 12"),
    ("CO-12", refs.MILESTONE, "not a milestone reference: 'CO-12'; expected e.g. M12 or 12"),
    ("ESC-2", refs.ESCALATION, 2),
    ("esc2", refs.ESCALATION, 2),
    ("ESC-", refs.ESCALATION, "not an escalation reference: 'ESC-'; expected e.g. ESC-2 or 2"),
    ("OPP-1", refs.OPPORTUNITY, 1),
    ("OPP-0", refs.OPPORTUNITY, 0),
    ("OPP-1.5", refs.OPPORTUNITY, "not an opportunity reference: 'OPP-1.5'; expected e.g. OPP-3 or 3"),
    ("", refs.OPPORTUNITY, "not an opportunity reference: ''; expected e.g. OPP-3 or 3"),
    ("T-3", refs.FOLLOW_UP, 3),
    ("t3", refs.FOLLOW_UP, 3),
    ("3", refs.FOLLOW_UP, 3),
    ("T-x", refs.FOLLOW_UP, "not a follow-up reference: 'T-x'; expected e.g. T-4 or 4"),
    ("ESC-3", refs.FOLLOW_UP, "not a follow-up reference: 'ESC-3'; expected e.g. T-4 or 4"),
]


def _number_command(kind: refs.NumberRef, ref: str) -> tuple[str, ...]:
    """The CLI command that takes this kind of number (a write for the kinds that have no ``show``)."""
    return {
        "co": ("co", "show", ref, "--json"),
        "m": ("milestone", "show", ref, "--json"),
        "esc": ("escalation", "resolve", ref, "--resolution", "Handled"),
        "opp": ("opp", "lost", ref, "--reason", "Budget"),
        "t": ("todo", "done", ref),
    }[kind.prefix]


def _named_by_output(kind: refs.NumberRef, stdout: str) -> int:
    if kind.prefix == "co":
        return int(json.loads(stdout)["change_order"]["number"].removeprefix("CO-"))
    if kind.prefix == "m":
        return int(json.loads(stdout)["id"])
    return int(stdout.split()[0].split("-")[1])  # "ESC-2 resolved …", "OPP-1 lost: …", "T-3 done on …"


@pytest.mark.parametrize(("ref", "kind", "want"), NUMBERS, ids=[f"{k.prefix}:{r!r}" for r, k, _ in NUMBERS])
def test_numbered_references_parse_once_for_every_command(
    book: Path, tmp_path: Path, ref: str, kind: refs.NumberRef, want: int | str
) -> None:
    copy = tmp_path / "book.db"
    shutil.copyfile(book, copy)
    copy.chmod(0o600)
    cli = Cli(copy)
    args = _number_command(kind, ref)
    if isinstance(want, str):
        with pytest.raises(InputError) as exc:
            kind.parse(ref)
        assert str(exc.value) == want
        _refused(cli, args, 2, want)
        return
    assert kind.parse(ref) == want
    if want == 0:  # well formed, names nothing: not found, in that kind's words
        _refused(cli, args, 1, "no opportunity OPP-0")
        return
    assert _named_by_output(kind, cli.ok(*args)) == want


def test_the_orm_lookups_return_the_rows_the_resolver_names(book: Path) -> None:
    """The write paths' ``get_*`` are the resolver plus ``session.get``: same row, same refusals."""
    store = open_store(book)
    try:
        with store.read() as s:
            p = refs.get_project(s, " Helios/CTV-Q1-Flight ")
            assert (p.id, refs.project_ref(s, p)) == (
                refs.find_project(s, "helios/ctv-q1-flight")[0].id,
                "helios/ctv-q1-flight",
            )
            assert refs.get_account(s, "QUOKKA").id == refs.account_id(s, "quokka")
            assert refs.get_change_order(s, "co-3").number == 3
            with pytest.raises(NotFoundError, match=r"no account 'heliox'; did you mean helios\?"):
                refs.get_account(s, "heliox")
            with pytest.raises(ConflictError, match="twin-a/shared, twin-b/shared"):
                refs.get_project(s, "shared")
            with pytest.raises(NotFoundError, match="no change order CO-99"):
                refs.get_change_order(s, "CO-99")
    finally:
        store.close()
