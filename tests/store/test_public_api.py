"""``amtui.store`` is the store's public API: every name resolves to its one home, lazily, and cheaply."""

from __future__ import annotations

import ast
from importlib import import_module
from pathlib import Path

import pytest

import amtui.store
from tests.test_import_hygiene import full_modules_after

SRC = Path(__file__).resolve().parents[2] / "src" / "amtui"


def test_every_public_name_is_the_object_of_its_home_module() -> None:
    assert amtui.store.__all__
    for name in amtui.store.__all__:
        home = import_module(f"amtui.store.{amtui.store._HOME[name]}")
        assert getattr(amtui.store, name) is getattr(home, name), name


def test_what_mypy_sees_is_what_runs() -> None:
    """The ``TYPE_CHECKING`` imports (what mypy checks callers against) name the homes of the lazy map."""
    tree = ast.parse((SRC / "store" / "__init__.py").read_text(encoding="utf-8"))
    typed: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for imp in node.body:
                assert isinstance(imp, ast.ImportFrom) and imp.module
                typed.update({a.name: imp.module.removeprefix("amtui.store.") for a in imp.names})
    assert typed == amtui.store._HOME


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'db'"):
        amtui.store.db  # noqa: B018 - the old module is gone, with no shim


def test_importing_the_store_or_its_read_path_loads_no_sqlalchemy() -> None:
    cheap = full_modules_after("import amtui.store")
    assert not {m for m in cheap if m.startswith("amtui.store.")}
    reads = full_modules_after("from amtui.store import prepare_file, read_connection, schema_state")
    assert {"amtui.store.engine", "amtui.store.schema", "amtui.store.files"} <= reads
    assert not {m.split(".")[0] for m in reads} & {"sqlalchemy", "sqlmodel", "alembic", "textual"}


def test_the_cli_and_the_tui_reach_the_store_only_through_the_package() -> None:
    """Services may use ``amtui.store.engine`` and friends; the front ends use ``amtui.store`` (and, for now,
    the models they already had)."""
    offenders: list[str] = []
    for folder in ("cli", "tui"):
        for path in sorted((SRC / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                mods: list[str] = []
                if isinstance(node, ast.ImportFrom) and node.module:
                    mods = [node.module]
                elif isinstance(node, ast.Import):
                    mods = [a.name for a in node.names]
                for mod in mods:
                    if mod.startswith("amtui.store.") and not mod.startswith("amtui.store.models"):
                        offenders.append(f"{path.relative_to(SRC)}: {mod}")
    assert offenders == []
