"""The layout's own rules, read from the source: module size, where imports may be deferred, read modules.

The layer contracts themselves are import-linter's (``[tool.importlinter]`` in pyproject.toml, run by
``make test``); these are the rules it cannot express.
"""

from __future__ import annotations

import ast
from fnmatch import fnmatch
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PKG = SRC / "amtui"
MAX_LINES = 400
#: A module over MAX_LINES says why in its docstring, with this phrase.
LONG_REASON = "Longer than 400 lines because"

#: Where an import may sit inside a function instead of at the top of the module, and why. A deferral
#: anywhere else fails the test below: add the module here with its reason, or import at the top.
DEFERRALS: dict[str, str] = {
    "amtui.launch": "the bare TUI launch must not import Typer; a one-liner must not import Textual",
    "amtui.cli.*": "each command imports its services when it runs: `--help` and other commands stay fast",
    "amtui.tui.*": "screens and forms import services inside workers: the first frame paints before "
    "SQLAlchemy is imported",
    "amtui.store.*": "Alembic only when a file is behind; SQLAlchemy not for plain sqlite3 reads",
    "amtui.core.config": "platformdirs only when a path is asked for",
    "amtui.demo*": "the demo's steps load the services they write through",
    "amtui.exporters.*": "the chart and document exporters load their services on use",
    "amtui.services": "the invariants guard is registered on import and loads the checks (and SQLAlchemy) "
    "only when a unit of work commits",
    "amtui.services.*": "a service that serves a plain-SQL read one-liner imports its ORM write paths, and "
    "services of other domains it consults, on use (budget ↔ timeline ↔ overview would otherwise form "
    "import cycles and load SQLAlchemy for reads)",
}
#: Libraries whose import is heavy enough that a module-level import in a read module is a defect.
ORM = ("sqlalchemy", "sqlmodel", "alembic")


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(SRC).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if "migrations" in parts and "versions" in parts:
            continue  # generated revisions: data, not design
        found[".".join(parts)] = path
    return found


def top_level_imports(tree: ast.Module) -> list[str]:
    """Modules imported at module level, outside ``if TYPE_CHECKING:`` blocks."""
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for sub in ast.walk(node) if isinstance(node, (ast.If, ast.Try)) else [node]:
            if isinstance(sub, ast.Import):
                names += [a.name for a in sub.names]
            elif isinstance(sub, ast.ImportFrom) and sub.module and not sub.level:
                names.append(sub.module)
    return names


def function_level_imports(tree: ast.Module) -> list[tuple[int, str]]:
    found = []
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(fn):
                if isinstance(node, ast.Import):
                    found += [(node.lineno, a.name) for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    found.append((node.lineno, node.module))
    return found


def test_no_module_is_over_400_lines_without_a_reason_at_its_top() -> None:
    long = []
    for name, path in modules().items():
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > MAX_LINES and LONG_REASON not in (ast.get_docstring(ast.parse(text)) or ""):
            long.append(f"{name} ({text.count(chr(10))} lines)")
    assert long == [], f"split these, or say why at the top ({LONG_REASON!r}): {long}"


def test_imports_are_deferred_only_where_a_reason_is_listed() -> None:
    unlisted = []
    for name, path in modules().items():
        if any(fnmatch(name, pattern) for pattern in DEFERRALS):
            continue
        for line, mod in function_level_imports(ast.parse(path.read_text(encoding="utf-8"))):
            unlisted.append(f"{name}:{line} imports {mod}")
    assert unlisted == [], f"function-level imports with no listed reason: {unlisted}"


def test_every_listed_deferral_still_names_a_module() -> None:
    names = modules()
    stale = [p for p in DEFERRALS if not any(fnmatch(n, p) for n in names)]
    assert stale == []


#: The read modules: SQL text on the store's runner, behind the one-liners that run on plain sqlite3.
READ_MODULES = (
    "amtui.store.sql",
    "amtui.services.base.refs",
    "amtui.services.money.rules",
    "amtui.services.money.budget",
    "amtui.services.money.budget_health",
    "amtui.services.money.reconcile",
    "amtui.services.money.schedule",
    "amtui.services.timeline.read",
    "amtui.services.growth.performance",
    "amtui.services.overview.reports",
    "amtui.services.estimates.read",
    "amtui.services.estimates.rates",
    "amtui.services.estimates.lines",
    "amtui.services.estimates.sow",
    # Today's providers and the reads behind them (the TUI's first screen, ``amtui today``).
    "amtui.services.overview.today",
    "amtui.services.overview.today_delivery",
    "amtui.services.overview.today_estimates",
    "amtui.services.overview.today_followups",
    "amtui.services.money.invoice_read",
    "amtui.services.timeline.alerts",
)


def test_read_modules_do_not_import_the_orm_at_module_level() -> None:
    """Importing a read module stays cheap: no SQLAlchemy, SQLModel or Alembic, no table (choices: tuples)."""
    found = modules()
    heavy = []
    for name in READ_MODULES:
        imports = top_level_imports(ast.parse(found[name].read_text(encoding="utf-8")))
        heavy += [f"{name} imports {m}" for m in imports if m.split(".")[0] in ORM]
        tables = [
            m for m in imports if m.startswith("amtui.store.models") and m != "amtui.store.models.choices"
        ]
        heavy += [f"{name} imports {m}" for m in tables]
    assert heavy == []
