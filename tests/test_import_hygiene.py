"""The layers stay apart: services never import Textual; the CLI loads only what a command needs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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

    names = [f"amtui.services.{m.name}" for m in pkgutil.iter_modules(amtui.services.__path__)]
    code = "\n".join(f"import {n}" for n in [*names, "amtui.models", "amtui.db", "amtui.demo"])
    assert "textual" not in modules_after(code)
