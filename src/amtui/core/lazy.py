"""Packages whose names load on first use: ``from pkg import Name`` imports only the module that defines it.

The store and its models use it so that a read one-liner never builds tables or loads SQLAlchemy it does not
need (pydantic builds each table class at import, ~4 ms apiece).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_exports(package: str, namespace: dict[str, Any], home: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: ``home`` maps each public name to its submodule.

    A name is imported once, then kept in ``namespace`` (the package's ``globals()``) so later lookups are
    ordinary attribute reads."""

    def __getattr__(name: str) -> Any:
        module = home.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f"{package}.{module}"), name)
        namespace[name] = value
        return value

    return __getattr__
