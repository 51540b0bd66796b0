"""No import cycle in the package: every module of ``src/amtui`` can be imported on its own, in any order.

The graph is built from each module's *module-level* imports (read with ``ast``, nothing is imported): an
import inside a function runs when the function does, and one under ``if TYPE_CHECKING:`` never runs, so
neither can close a cycle at import time. A strongly connected component of more than one module is a
cycle; there must be none.
"""

from __future__ import annotations

import ast
from pathlib import Path

import amtui

ROOT = Path(amtui.__file__).parent


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _top_level_imports(body: list[ast.stmt]) -> list[ast.Import | ast.ImportFrom]:
    """Imports that run when the module is imported: not in functions/classes' methods, not type-only."""
    found: list[ast.Import | ast.ImportFrom] = []
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                found += _top_level_imports(node.body)
            found += _top_level_imports(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)):
                found += _top_level_imports(block)
        elif isinstance(node, ast.With):
            found += _top_level_imports(node.body)
        elif isinstance(node, ast.ClassDef):
            found += _top_level_imports(node.body)  # a class body runs at import
    return found


def import_graph() -> dict[str, set[str]]:
    """Module → the amtui modules it imports at module level."""
    paths = {module_name(p): p for p in ROOT.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in _top_level_imports(ast.parse(path.read_text(encoding="utf-8")).body):
            if isinstance(node, ast.Import):
                candidates = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join([*anchor, *([base] if base else [])])
                # ``from a import b`` needs the module a.b when there is one, else the name b from a.
                # (A package is imported before each of its modules anyway: that edge is not a cycle.)
                candidates = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in paths else base
                    for alias in node.names
                ]
            for target in candidates:
                # Importing a.b.c runs a and a.b first: the target module is the longest known prefix.
                while target and target not in paths:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    targets.add(target)
        graph[name] = targets
    return graph


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm (iterative): every strongly connected component of ``graph``."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, list[str]]] = [(root, sorted(graph[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, todo = work[-1]
            if todo:
                nxt = todo.pop()
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, sorted(graph.get(nxt, ()))))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
    return components


def test_the_checker_finds_a_cycle() -> None:
    """The checker itself: a two-module loop and a self-contained chain."""
    graph = {"a": {"b"}, "b": {"a", "c"}, "c": set(), "d": {"c"}}
    assert sorted(c for c in strongly_connected(graph) if len(c) > 1) == [["a", "b"]]


def test_the_graph_sees_the_package() -> None:
    """The graph is not empty by accident: known module-level edges are in it, type-only ones are not."""
    graph = import_graph()
    assert "amtui.core.clock" in graph
    assert "amtui.tui.registry" in graph["amtui.tui.app"]
    assert "amtui.tui.app" not in graph["amtui.tui.screens.base"]  # under TYPE_CHECKING only


def test_no_import_cycles() -> None:
    cycles = [c for c in strongly_connected(import_graph()) if len(c) > 1]
    assert cycles == [], "import cycles at module level:\n" + "\n".join(" ↔ ".join(c) for c in cycles)
