"""The exact count of distinct hostile inputs exercised (see tests/hardening/hostile.py): at least 500.

Runs after every other test of the process (``pytest_collection_modifyitems`` in tests/conftest.py puts it
last). In a single-process run of the hardening tests it asserts here; on several workers, where each process
sees only its own files, the controller adds the workers' sets up at the session's end and asserts there."""

from __future__ import annotations

import os

import pytest

from tests.hardening import hostile

HARDENING = {
    "test_config_ranges.py",
    "test_export_escaping.py",
    "test_files.py",
    "test_fuzz_cli.py",
    "test_guards.py",
    "test_import_book_verify.py",
    "test_importers_strict.py",
    "test_restore_verify.py",
    "test_tui_labels.py",
}


def test_at_least_500_distinct_hostile_inputs(request: pytest.FixtureRequest) -> None:
    ran = {item.path.name for item in request.session.items}
    if os.environ.get("PYTEST_XDIST_WORKER") or not HARDENING <= ran or request.config.option.keyword:
        pytest.skip("not every hardening test ran in this process: the session's end counts them all")
    counts = hostile.by_kind()
    print(f"\ndistinct hostile inputs exercised: {len(hostile.CASES)} {counts}")
    assert len(hostile.CASES) >= hostile.MINIMUM, counts
    # Real cases of every family, not one family padded out.
    assert {"cli-fuzz", "import-file", "refused", "restore", "book", "config", "export"} <= set(counts)
