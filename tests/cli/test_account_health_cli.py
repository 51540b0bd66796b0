"""``amtui account show`` carries the account's health and what each factor cost, in JSON and in text."""

from __future__ import annotations

import json

from amtui.services.overview import health
from tests.conftest import TODAY, Cli, assert_refused


def _show(cli: Cli, slug: str) -> dict[str, object]:
    return json.loads(cli.ok("account", "show", slug, "--as-of", TODAY.isoformat(), "--json"))


def test_show_json_has_health_and_what_each_factor_cost(demo_cli: Cli) -> None:
    d = _show(demo_cli, "helios")
    factors = d["health_factors"]
    assert isinstance(factors, list) and {f["key"] for f in factors} >= {"budget", "escalations", "contact"}
    assert all({"label", "cost", "weight", "detail"} <= set(f) for f in factors)
    assert d["health"] == 100 - sum(f["cost"] for f in factors)
    assert 0 <= d["health"] < 100 and d["health_band"] == health.band(d["health"])  # type: ignore[arg-type]
    esc = next(f for f in factors if f["key"] == "escalations")
    assert esc["cost"] > 0 and "1 open" in esc["detail"]
    # Resolving the escalation gives its points back.
    demo_cli.ok(
        "escalation", "resolve", "ESC-1", "--resolution", "CPA back under $48", "--date", TODAY.isoformat()
    )
    after = _show(demo_cli, "helios")
    assert after["health"] == d["health"] + esc["cost"]
    assert next(f for f in after["health_factors"] if f["key"] == "escalations")["cost"] == 0  # type: ignore[union-attr]


def test_show_text_lists_the_factors(demo_cli: Cli) -> None:
    d = _show(demo_cli, "northwind")
    text = demo_cli.ok("account", "show", "northwind", "--as-of", TODAY.isoformat())
    assert f"Health {d['health']}/100 ({d['health_band']}) as of 2026-11-28" in text
    for f in d["health_factors"]:  # type: ignore[union-attr]
        assert f"{f['label']}: {f['detail']}" in text
    primary = next(f for f in d["health_factors"] if f["key"] == "primary_left")  # type: ignore[union-attr]
    assert primary["cost"] > 0 and f"-{primary['cost']} Primary contact" in text


def test_show_refuses_a_bad_as_of(demo_cli: Cli) -> None:
    assert_refused(demo_cli, ("account", "show", "helios", "--as-of", "someday"), 2)
