"""The registry of hostile inputs the test suite actually exercises, counted exactly.

Every refusal test records what it ran (``record(kind, case)``): ``assert_refused`` (tests/conftest.py)
records each refused command line everywhere in the suite, and the hardening tests record their fuzzed
command lines, mutated import files, tampered backups and exports, config files, hostile names and output
cases. A case counts once however often it runs (a set of ``(kind, case)``). Each test process writes its
set beside the session's temporary folder when it ends. ``python -m pytest tests/hardening`` asserts the
count in ``test_zz_hostile_count.py`` (run last); a run on several workers (``make test``) adds up the
workers' sets in the controller at the session's end (tests/conftest.py) and fails below :data:`MINIMUM`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

MINIMUM = 500
CASES: set[tuple[str, str]] = set()


def record(kind: str, case: object) -> None:
    """Count ``case`` (any value; its ``repr`` identifies it) as one distinct hostile input of ``kind``."""
    CASES.add((kind, case if isinstance(case, str) else repr(case)))


def by_kind(cases: set[tuple[str, str]] | None = None) -> dict[str, int]:
    out: dict[str, int] = {}
    for kind, _ in cases if cases is not None else CASES:
        out[kind] = out.get(kind, 0) + 1
    return dict(sorted(out.items()))


def save(folder: Path) -> None:
    """This process's cases, for the controller of a multi-worker run to add up."""
    if CASES:
        (folder / f"hostile-{os.getpid()}.json").write_text(json.dumps(sorted(CASES)))


def load(folder: Path) -> set[tuple[str, str]]:
    """Every case the processes of this session saved under ``folder`` (one level down too: workers)."""
    out: set[tuple[str, str]] = set()
    for p in [*folder.glob("hostile-*.json"), *folder.glob("*/hostile-*.json")]:
        out.update((k, c) for k, c in json.loads(p.read_text()))
    return out
