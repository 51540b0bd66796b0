"""No "internal error" on any input: every write command driven with generated hostile arguments (money,
dates, references, control characters, long and undecodable text) ends in success, or in one line on
stderr with exit 1 or 2 and the book unchanged. Then random action sequences with ``undo #N`` keep
``amtui check`` passing. In process (CliRunner) on a copy of one seeded book per example."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Cli, dump
from tests.hardening.hostile import record

#: Every distinct hostile command line this file runs (the issue asks for at least 500 across the suite).
SEEN: set[tuple[str, ...]] = set()
#: The command lines of the write-command fuzz alone.
WRITES: set[tuple[str, ...]] = set()

SEED = [
    ("account", "add", "Acme", "--slug", "acme"),
    ("contact", "add", "acme", "Dana Ruiz", "--date", "2026-01-05"),
    ("project", "add", "acme/web", "Web", "--budget", "10000"),
    ("invoice", "add", "acme/web", "3000"),
    ("invoice", "send", "INV-2026-0001"),
    ("add-change-order", "acme/web", "Banners", "--amount", "500"),
]

MONEY = (
    st.sampled_from(
        [
            "1000000000.00",
            "1000000000.01",
            "1,000,000,000.01",
            "92233720368547758.07",
            "9" * 30,
            "-5",
            "$-5",
            "EUR 45",
            "abc 45",
            "45 EUR",
            "€45",
            "£12",
            "USD 45",
            "45 usd",
            "1e9",
            "NaN",
            "Infinity",
            "-0",
            "4,5",
            "4.500,00",
            "0x10",
            "١٢٣",
            "４５",
            "",
            " ",
            "\x1b45",
            "45\x00",
            "12.345",
            "+7",
            "--5",
        ]
    )
    | st.text(alphabet="0123456789,.-$€ EUabc", max_size=24)
    | st.integers(-(10**20), 10**20).map(str)
)
DATE = (
    st.sampled_from(
        [
            "0000-01-01",
            "0001-01-01",
            "1899-12-31",
            "1900-01-01",
            "2100-12-31",
            "2101-01-01",
            "9999-12-31",
            "+9999m",
            "-9999m",
            "+9999d",
            "-9999w",
            "2026-02-30",
            "26-1-1",
            "03/04/2026",
            "fri",
            "eom",
            "",
            "\x1b[2J",
            "2026-11-28\x00",
        ]
    )
    | st.dates().map(lambda d: d.isoformat())
    | st.text(max_size=12)
)
REF = st.sampled_from(
    [
        "#99999999999999999999",
        "99999999999999999999",
        "9223372036854775808",
        "-1",
        "0",
        "CO-0",
        "CO-99999999999999999999",
        "CO-1",
        "INV-2026-0001",
        "acme/../web",
        "acme/web",
        "ACME",
        "%",
        "*",
        "' OR 1=1 --",
        "\x1b]0;pwn\x07",
        "\udcff",
        "",
    ]
) | st.integers(-(10**25), 10**25).map(str)
TEXT = st.sampled_from(
    [
        "\x1b]0;owned\x07",
        "\x1b[2J\x1b[H",
        "a\x9bb",
        "a\x7fb",
        "line\nbreak",
        "tab\there",
        "\r",
        "\udcff\udcfe",
        "# Heading\n<script>alert(1)</script>",
        "x" * 201,
        "y" * 6000,
        "‮reversed",
        "\u200b",
        "  ",
        "",
        "[red]markup[/red]",
        "| pipe | table |",
    ]
) | st.text(max_size=40)
HOURS = st.sampled_from(["99999999", "25", "24", "0", "-1", "1:99", "9999h", "1e3", "2.5", ""]) | st.text(
    max_size=8
)

COMMANDS: list[Callable[..., st.SearchStrategy[tuple[str, ...]]]] = [
    lambda: st.tuples(st.just("account"), st.just("add"), TEXT),
    lambda: st.tuples(st.just("account"), st.just("edit"), st.just("acme"), st.just("--name"), TEXT),
    lambda: st.tuples(st.just("contact"), st.just("add"), st.just("acme"), TEXT, st.just("--date"), DATE),
    lambda: st.tuples(
        st.just("contact"), st.just("leave"), st.just("acme"), st.just("Dana Ruiz"), st.just("--date"), DATE
    ),
    lambda: st.tuples(st.just("log"), st.just("acme"), TEXT, st.just("--date"), DATE),
    lambda: st.tuples(
        st.just("project"), st.just("add"), st.just("acme/new"), TEXT, st.just("--budget"), MONEY
    ),
    lambda: st.tuples(st.just("project"), st.just("edit"), st.just("acme/web"), st.just("--budget"), MONEY),
    lambda: st.tuples(st.just("time"), st.just("acme/web"), HOURS, st.just("--date"), DATE),
    lambda: st.tuples(st.just("cost"), st.just("acme/web"), MONEY, st.just("--note"), TEXT),
    lambda: st.tuples(st.just("add-change-order"), st.just("acme/web"), TEXT, st.just("--amount"), MONEY),
    lambda: st.tuples(st.just("invoice"), st.just("add"), st.just("acme/web"), MONEY),
    lambda: st.tuples(
        st.just("invoice"), st.just("paid"), REF, st.just("--amount"), MONEY, st.just("--date"), DATE
    ),
    lambda: st.tuples(st.just("invoice"), st.just("credit"), REF, MONEY),
    lambda: st.tuples(st.just("co"), st.just("send"), REF),
    lambda: st.tuples(st.just("co"), st.just("approve"), REF, st.just("--date"), DATE),
    lambda: st.tuples(st.just("undo"), REF),
    lambda: st.tuples(
        st.just("milestone"), st.just("add"), st.just("acme/web"), TEXT, st.just("--due"), DATE
    ),
    lambda: st.tuples(
        st.just("opp"),
        st.just("add"),
        st.just("acme"),
        TEXT,
        st.just("--value"),
        MONEY,
        st.just("--probability"),
        st.sampled_from(["40", "101", "-1", "1e9", "40%", "x"]),
    ),
]
ANY_COMMAND = st.one_of([make() for make in COMMANDS])


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, _empty_template: Path) -> Path:
    path = tmp_path_factory.mktemp("fuzz") / "seed.db"
    shutil.copyfile(_empty_template, path)
    path.chmod(0o600)
    cli = Cli(path)
    for args in SEED:
        cli.ok(*args)
    return path


def _clean(cli: Cli, args: tuple[str, ...]) -> int:
    """Run ``args``: success, or one clean line with exit 1/2 and the book unchanged. Returns the code."""
    before = dump(cli.db)
    r = cli(*args)
    assert r.code in (0, 1, 2), f"{args!r}: exit {r.code}: {r.stderr!r}"
    assert "Traceback" not in r.stderr + r.stdout and "internal error" not in r.stderr, (args, r.stderr)
    assert "\x1b" not in r.stdout + r.stderr and "\x9b" not in r.stdout + r.stderr, (args, r.stdout)
    if r.code:
        assert len([ln for ln in r.stderr.splitlines() if ln.strip()]) == 1, (args, r.stderr)
        assert dump(cli.db) == before, f"{args!r} was refused but changed the book"
    return r.code


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(args=ANY_COMMAND)
def test_every_write_command_ends_cleanly_on_hostile_arguments(
    seeded: Path, tmp_path_factory: pytest.TempPathFactory, args: tuple[str, ...]
) -> None:
    SEEN.add(args)
    WRITES.add(args)
    record("cli-fuzz", args)
    work = tmp_path_factory.getbasetemp() / "fuzz-work.db"
    shutil.copyfile(seeded, work)
    cli = Cli(work)
    _clean(cli, args)
    assert cli("check").code == 0, f"{args!r} left the book failing check: {cli('check').stdout}"


ACTIONS = st.sampled_from(
    [
        ("invoice", "paid", "INV-2026-0001", "--amount", "500"),
        ("invoice", "paid", "INV-2026-0001", "--amount", "1000"),
        ("invoice", "credit", "INV-2026-0001", "700"),
        ("invoice", "void", "INV-2026-0001"),
        ("invoice", "add", "acme/web", "800", "--change-order", "CO-1"),
        ("invoice", "send", "INV-2026-0002"),
        ("invoice", "void", "INV-2026-0002"),
        ("co", "send", "CO-1"),
        ("co", "approve", "CO-1"),
        ("project", "edit", "acme/web", "--budget", "200"),
        ("contact", "leave", "acme", "Dana Ruiz", "--date", "2026-02-01"),
        ("redo",),
        ("undo",),
    ]
)


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(steps=st.lists(st.tuples(ACTIONS, st.integers(0, 12)), min_size=2, max_size=8))
def test_random_sequences_with_undo_n_keep_check_passing(
    seeded: Path, tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[tuple[str, ...], int]]
) -> None:
    work = tmp_path_factory.getbasetemp() / "fuzz-seq.db"
    shutil.copyfile(seeded, work)
    cli = Cli(work)
    for args, back in steps:
        SEEN.add(args + (str(back),))
        record("cli-sequence", (args, back))
        _clean(cli, args)
        con = sqlite3.connect(work)
        top = con.execute("SELECT max(id) FROM audit_batch").fetchone()[0]
        con.close()
        _clean(cli, ("undo", str(max(1, top - back))))
        r = cli("check")
        assert r.code == 0, f"after {args} and undo #{top - back}: {r.stdout}"


def test_count_the_hostile_inputs() -> None:
    """Runs after the fuzz tests above (file order): they saw this many distinct command lines."""
    print(f"\nhostile CLI inputs exercised: {len(SEEN)}")
    if WRITES:  # the write-command fuzz ran (not deselected): hypothesis repeats few of its examples
        assert len(WRITES) >= 100
