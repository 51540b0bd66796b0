"""``import book`` verifies its input as ``restore`` does: a crafted export (overpaid invoices, a status that
disagrees with the balance, a budget below zero, amounts beyond the limit, dates out of range, control
characters) is refused with one line, and the book stays exactly as it was (empty)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli, assert_refused
from tests.hardening.hostile import record


@pytest.fixture
def exported(demo_cli: Cli, tmp_path: Path) -> Path:
    demo_cli.ok("export", "book", str(tmp_path / "b"))
    return tmp_path / "b"


def _edit(folder: Path, table: str, change: Callable[[dict[str, Any]], None], row: int = 0) -> None:
    p = folder / f"{table}.jsonl"
    lines = p.read_text().splitlines()
    data = json.loads(lines[row])
    change(data)
    lines[row] = json.dumps(data, sort_keys=True)
    p.write_text("\n".join(lines) + "\n")


def _set(**values: Any) -> Callable[[dict[str, Any]], None]:
    return lambda row: row.update(values)


CRAFTED = [
    ("payment", _set(amount_cents=999_999_999), "payments-within-invoice"),
    ("invoice", _set(amount_cents=1), "payments-within-invoice"),
    ("project", _set(budget_cents=-5_000_000), "budget"),
    ("project", _set(budget_cents=10**15), "too large"),
    ("invoice", _set(amount_cents=-(10**16)), "too large"),
    ("account", _set(name="Evil\x1b]0;pwned\x07"), "control character"),
    ("account", _set(notes="Line\x1b[2J"), "control character"),
    ("project", _set(name="Web\u009b31m"), "control character"),
    ("project", _set(end_on="9999-01-01"), "out of range"),
    ("interaction", _set(occurred_on="1800-01-01"), "out of range"),
]


@pytest.mark.parametrize(("table", "change", "fragment"), CRAFTED, ids=[f"{t}-{f}" for t, _, f in CRAFTED])
def test_a_crafted_export_is_refused_and_nothing_is_imported(
    exported: Path, tmp_path: Path, table: str, change: Callable[[dict[str, Any]], None], fragment: str
) -> None:
    record("book", (table, fragment, CRAFTED.index((table, change, fragment))))
    _edit(exported, table, change)
    fresh = Cli(tmp_path / "fresh.db")
    assert_refused(fresh, ("import", "book", str(exported)), 2, fragment)
    assert "nothing was imported" in fresh("import", "book", str(exported)).stderr


def test_an_invoice_status_that_disagrees_with_its_payments_is_refused(
    exported: Path, tmp_path: Path
) -> None:
    """Paid in full in the export, its payments removed: "paid" with everything due (invoice-status)."""
    paid = [json.loads(x) for x in (exported / "payment.jsonl").read_text().splitlines()]
    first = paid[0]["invoice_id"]
    rest = [p for p in paid if p["invoice_id"] != first]
    (exported / "payment.jsonl").write_text("".join(json.dumps(p, sort_keys=True) + "\n" for p in rest))
    m = json.loads((exported / "manifest.json").read_text())
    m["tables"]["payment"] = len(rest)
    (exported / "manifest.json").write_text(json.dumps(m))
    fresh = Cli(tmp_path / "fresh.db")
    assert_refused(fresh, ("import", "book", str(exported)), 2, "invoice-status")


def test_the_untouched_export_still_imports_and_checks(exported: Path, tmp_path: Path) -> None:
    fresh = Cli(tmp_path / "fresh.db")
    assert "Imported" in fresh.ok("import", "book", str(exported))
    assert fresh("check").code == 0
