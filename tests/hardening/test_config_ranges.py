"""Config numbers are range-checked when the file is loaded: one line naming the key and the allowed range,
exit 2, no traceback, the book unchanged — a negative ``watch`` no longer makes every project at risk."""

from __future__ import annotations

import pytest

from amtui.core import config
from tests.conftest import Cli, assert_refused, write_config
from tests.hardening.hostile import record

BAD = [
    ("[thresholds]\nwatch = -0.5\n", "[thresholds] watch must be a number from 0 to 1, not -0.5"),
    ("[thresholds]\nwatch = 5\n", "[thresholds] watch must be a number from 0 to 1, not 5"),
    ("[thresholds]\nat_risk = nan\n", "[thresholds] at_risk must be a number from 0 to 1, not nan"),
    ("[thresholds]\nat_risk = inf\n", "[thresholds] at_risk must be a number from 0 to 1"),
    ('[thresholds]\nwatch = "0.1"\n', "[thresholds] watch must be a number from 0 to 1, not '0.1'"),
    ("[thresholds]\nwatch = true\n", "[thresholds] watch must be a number"),
    ("[thresholds]\nwatch = 0.3\nat_risk = 0.2\n", "[thresholds] at_risk (0.2) must be at least watch (0.3)"),
    ("thresholds = 3\n", "[thresholds] must be a table"),
    ("[today]\nstale_contact_days = 0\n", "[today] stale_contact_days must be a whole number from 1 to 365"),
    ("[today]\nstale_contact_days = -3\n", "[today] stale_contact_days must be a whole number from 1 to 365"),
    (
        "[today]\nrenewal_window_days = 100000\n",
        "[today] renewal_window_days must be a whole number from 1 to 730",
    ),
    ("[today]\nco_waiting_days = 2.5\n", "[today] co_waiting_days must be a whole number from 1 to 365"),
    ("[backup]\nkeep = 0\n", "[backup] keep must be a whole number from 1 to 1000"),
    ("[backup]\nkeep = -1\n", "[backup] keep must be a whole number from 1 to 1000"),
    ("[timeline]\napproval_days = 0\n", "[timeline] approval_days must be a whole number from 1 to 365"),
]


@pytest.mark.parametrize(("toml", "fragment"), BAD, ids=[b[1][:40] for b in BAD])
def test_an_out_of_range_setting_is_refused_at_load(cli: Cli, toml: str, fragment: str) -> None:
    record("config", toml)
    cli.ok("account", "add", "Acme", "--slug", "acme")
    cli.ok("project", "add", "acme/web", "Web", "--budget", "1000")
    write_config(toml)
    for args in (("budget",), ("report", "status", "acme")):  # commands that read the settings
        assert_refused(cli, args, 2, fragment)


def test_the_ranges_accept_their_bounds_and_the_defaults() -> None:
    write_config(
        "[thresholds]\nwatch = 0\nat_risk = 1\n[today]\nstale_contact_days = 365\nco_waiting_days = 1\n"
        "[backup]\nkeep = 1000\n"
    )
    s = config.settings()
    assert (s.thresholds.watch, s.thresholds.at_risk, s.stale_contact_days, s.backup_keep) == (
        0,
        1,
        365,
        1000,
    )
    write_config("")
    assert config.settings().thresholds == config.Thresholds()
    assert set(config.RANGES) >= {("thresholds", "watch"), ("thresholds", "at_risk"), ("backup", "keep")}
