"""The layers stay apart: services never import Textual; the CLI loads only what a command needs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"


def modules_after(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint('\\n'.join(sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env={"PYTHONPATH": str(SRC)}
    )
    assert out.returncode == 0, out.stderr
    return {m.split(".")[0] for m in out.stdout.split()}


def test_importing_the_cli_loads_neither_textual_nor_sqlmodel() -> None:
    mods = modules_after("import amtui.cli.main")
    assert "textual" not in mods
    assert "sqlmodel" not in mods and "sqlalchemy" not in mods
    assert "alembic" not in mods


def test_help_does_not_load_sqlmodel() -> None:
    mods = modules_after(
        "from amtui.cli.main import app\n"
        "try:\n    app(['--help'], prog_name='amtui')\nexcept SystemExit:\n    pass"
    )
    assert "sqlmodel" not in mods and "textual" not in mods


def test_services_models_and_db_never_import_textual() -> None:
    import pkgutil

    import amtui.services

    names = [m.name for m in pkgutil.walk_packages(amtui.services.__path__, "amtui.services.")]
    assert "amtui.services.money.budget" in names  # every domain package is walked, not only the top
    store = [f"amtui.store.{m}" for m in ("files", "schema", "engine", "uow", "bulk", "rows", "models")]
    code = "\n".join(f"import {n}" for n in [*names, "amtui.store", *store, "amtui.demo"])
    assert "textual" not in modules_after(code)


def full_modules_after(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint('\\n'.join(sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env={"PYTHONPATH": str(SRC)}
    )
    assert out.returncode == 0, out.stderr
    return set(out.stdout.split())


def test_command_map_matches_what_each_module_registers() -> None:
    """``COMMANDS`` says which module answers each command; a module that adds one must be listed."""
    from importlib import import_module

    import typer

    from amtui.cli.main import COMMANDS, MODULES

    registered: dict[str, str] = {}
    for name in MODULES:
        probe = typer.Typer()
        import_module(f"amtui.cli.{name}").register(probe)
        for c in probe.registered_commands:
            registered[c.name or (c.callback.__name__ if c.callback else "?")] = name
        for g in probe.registered_groups:
            registered[g.name or "?"] = name
    assert registered == COMMANDS


def test_a_one_liner_builds_only_its_own_command_module() -> None:
    from amtui.cli.main import build, command_of

    assert command_of(["--db", "x.db", "--debug", "time", "acme/x", "2"]) == "time"
    assert command_of(["--db=x.db", "budget", "--json"]) == "budget"
    assert command_of(["--help"]) is None and command_of([]) is None
    only = build("cost")
    names = {c.name for c in only.registered_commands} | {g.name for g in only.registered_groups}
    assert names == {"time", "cost"}
    everything = build(None)
    assert len(everything.registered_commands) + len(everything.registered_groups) > 30
    # An unknown word gets the whole app, so Click can say "No such command" and suggest one.
    assert len(build("tim").registered_commands) == len(everything.registered_commands)


def test_running_a_one_liner_imports_no_other_command_module(db_path: Path) -> None:
    mods = full_modules_after(
        "import sys\nsys.argv = ['amtui', '--db', " + repr(str(db_path)) + ", 'budget']\n"
        "from amtui.cli.main import run\n"
        "try:\n    run()\nexcept SystemExit as e:\n    assert not e.code, e.code"
    )
    assert "amtui.cli.budget" in mods
    # A read one-liner runs its SQL on a plain sqlite3 connection: SQLAlchemy is ~60% of the time otherwise.
    assert not {m for m in mods if m.split(".")[0] in ("sqlalchemy", "sqlmodel", "alembic", "textual")}
    assert not {m for m in mods if m.startswith("amtui.cli.")} & {"amtui.cli.account", "amtui.cli.brief"}


def test_models_load_on_first_use_with_their_foreign_key_targets() -> None:
    mods = full_modules_after("from amtui.store.models import TimeEntry")
    assert {"amtui.store.models.budget", "amtui.store.models.project", "amtui.store.models.account"} <= mods
    assert (
        not {"amtui.store.models.brief", "amtui.store.models.metrics", "amtui.store.models.timeline"} & mods
    )
    every = full_modules_after("from amtui.store.models import load_all\nload_all()")
    assert {"amtui.store.models.brief", "amtui.store.models.metrics", "amtui.store.models.timeline"} <= every


def test_a_write_one_liner_defines_only_the_tables_it_touches(db_path: Path) -> None:
    """pydantic builds each table class at import (~4 ms each): a write loads its own tables and the audit."""
    mods = full_modules_after(
        "import sys\nsys.argv = ['amtui', '--db', " + repr(str(db_path)) + ", 'account', 'add', 'Acme']\n"
        "from amtui.cli.main import run\n"
        "try:\n    run()\nexcept SystemExit as e:\n    assert not e.code, e.code"
    )
    models = {m for m in mods if m.startswith("amtui.store.models.")}
    assert {"amtui.store.models.account", "amtui.store.models.audit"} <= models
    assert not models & {
        "amtui.store.models.brief",
        "amtui.store.models.metrics",
        "amtui.store.models.timeline",
    }
    assert not {m for m in mods if m.startswith("amtui.cli.")} - {
        "amtui.cli.main",
        "amtui.cli._common",
        "amtui.cli.account",
    }


def test_reconcile_runs_without_sqlalchemy_or_sqlmodel(demo_path: Path) -> None:
    """``amtui reconcile`` reads through a plain sqlite3 connection: importing SQLAlchemy and SQLModel would
    cost more than the whole reconciliation of a 200,000-entry book."""
    for args in (["reconcile"], ["reconcile", "helios", "--json"]):
        mods = full_modules_after(
            "import sys\nsys.argv = ['amtui', '--db', " + repr(str(demo_path)) + ", *" + repr(args) + "]\n"
            "from amtui.cli.main import run\n"
            "try:\n    run()\nexcept SystemExit as e:\n    assert not e.code, e.code"
        )
        assert "amtui.services.money.reconcile" in mods and "amtui.services.money.budget" in mods
        loaded = {m.split(".")[0] for m in mods}
        assert not {"sqlalchemy", "sqlmodel"} & loaded, args


@pytest.mark.parametrize(
    "args",
    [
        ["milestone", "list", "--json"],
        ["milestone", "show", "M1"],
        ["timeline", "helios"],
        ["escalation", "list", "--open"],
        ["risks", "--json"],
        ["opp", "list"],
        ["performance", "helios", "--json"],
        ["todo", "list", "--csv"],
    ],
)
def test_read_one_liners_run_without_sqlalchemy_or_sqlmodel(demo_path: Path, args: list[str]) -> None:
    """Milestones, escalations, follow-ups, the pipeline and performance are SQL text on a plain sqlite3
    connection, as for ``budget`` and ``report status``: importing SQLAlchemy and SQLModel would be most of
    their time."""
    mods = full_modules_after(
        "import sys\nsys.argv = ['amtui', '--db', " + repr(str(demo_path)) + ", *" + repr(args) + "]\n"
        "from amtui.cli.main import run\n"
        "try:\n    run()\nexcept SystemExit as e:\n    assert not e.code, e.code"
    )
    loaded = {m.split(".")[0] for m in mods}
    assert not {"sqlalchemy", "sqlmodel"} & loaded, args


@pytest.mark.parametrize(
    "args",
    [
        ["add-change-order", "helios/always-on-search", "Extra", "--amount", "500"],
        ["time", "helios/always-on-search", "2h"],
    ],
)
def test_writes_about_projects_do_not_build_the_contact_tables(demo_path: Path, args: list[str]) -> None:
    """Contacts, who was primary when and the interaction log live in their own module (~10 ms of pydantic
    table building that a change order or an hour logged does not need)."""
    mods = full_modules_after(
        "import sys\nsys.argv = ['amtui', '--db', " + repr(str(demo_path)) + ", *" + repr(args) + "]\n"
        "from amtui.cli.main import run\n"
        "try:\n    run()\nexcept SystemExit as e:\n    assert not e.code, e.code"
    )
    assert "amtui.store.models.project" in mods
    assert "amtui.store.models.contact" not in mods
