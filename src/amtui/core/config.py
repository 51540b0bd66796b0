"""Where things live and the few settings a user may change.

Nothing here touches the disk at import: paths are resolved when asked for, so ``--help`` stays cheap and
tests can point everything at a temporary folder through the environment.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from amtui.core.errors import InputError
from amtui.core.money import parse_money

APP_NAME = "amtui"


def data_dir() -> Path:
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def config_path() -> Path:
    env = os.environ.get("AMTUI_CONFIG")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_config_path(APP_NAME, appauthor=False) / "config.toml"


def default_db_path() -> Path:
    return data_dir() / "amtui.db"


def resolve_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--db`` beats ``AMTUI_DB`` beats the platform's user data folder."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get("AMTUI_DB")
    if env:
        return Path(env).expanduser().resolve()
    return default_db_path()


def backup_dir(db_path: Path) -> Path:
    """Backups live in a ``backups`` folder beside the database file."""
    return db_path.parent / "backups"


@dataclass(frozen=True)
class Thresholds:
    """Budget status bands, as fractions of the current budget (EAC over budget)."""

    watch: float = 0.05
    at_risk: float = 0.10


def _person_key(name: str) -> str:
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class CostRates:
    """What an hour costs the agency, by default: per person (``[cost_rates.people]``, by name) and per team
    (``[cost_rates.teams]``), in cents, in the project's currency. Used when time is written without a cost
    rate of its own (``amtui time`` without ``--cost-rate``, the TUI's form, an import row without one)."""

    people: dict[str, int] = field(default_factory=dict)  # keys: the name casefolded, spaces collapsed
    teams: dict[str, int] = field(default_factory=dict)  # keys: the team, lower case

    def rate_for(self, person: str | None, team: str | None) -> int | None:
        """The person's rate, else the team's, else None: a person's own rate wins over the team's."""
        if person and self.people:
            rate = self.people.get(_person_key(person))
            if rate is not None:
                return rate
        if team and self.teams:
            return self.teams.get(team.strip().lower())
        return None


def _cost_rates(data: Any) -> CostRates:
    if not isinstance(data, dict):
        raise ValueError("[cost_rates] must be a table")

    def table(name: str, key: Callable[[str], str]) -> dict[str, int]:
        entries = data.get(name, {})
        if not isinstance(entries, dict):
            raise ValueError(f"[cost_rates] {name} must be a table of name = rate")
        out: dict[str, int] = {}
        for k, v in entries.items():
            if isinstance(v, bool) or not isinstance(v, int | float | str):
                raise ValueError(f"[cost_rates.{name}] {k!r}: not an hourly rate: {v!r}")
            try:
                out[key(str(k))] = parse_money(str(v))
            except InputError as exc:
                raise ValueError(f"[cost_rates.{name}] {k!r}: {exc}") from None
        return out

    return CostRates(people=table("people", _person_key), teams=table("teams", lambda t: t.strip().lower()))


@dataclass(frozen=True)
class Settings:
    thresholds: Thresholds = field(default_factory=Thresholds)
    stale_contact_days: int = 14
    renewal_window_days: int = 60
    co_waiting_days: int = 7
    theme: str = "textual-dark"
    keymap: dict[str, str] = field(default_factory=dict)
    # Automatic backups (before migrations and restores) kept per book; the oldest beyond go.
    backup_keep: int = 20
    cost_rates: CostRates = field(default_factory=CostRates)
    raw: dict[str, Any] = field(default_factory=dict)


@cache
def _load(path: str) -> Settings:
    p = Path(path)
    if not p.exists():
        return Settings()
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"config file {p} is not valid TOML: {exc}") from exc
    th = data.get("thresholds", {})
    today = data.get("today", {})
    try:
        return Settings(
            thresholds=Thresholds(
                watch=float(th.get("watch", Thresholds.watch)),
                at_risk=float(th.get("at_risk", Thresholds.at_risk)),
            ),
            stale_contact_days=int(today.get("stale_contact_days", 14)),
            renewal_window_days=int(today.get("renewal_window_days", 60)),
            co_waiting_days=int(today.get("co_waiting_days", 7)),
            theme=str(data.get("theme", "textual-dark")),
            keymap={str(k): str(v) for k, v in data.get("keymap", {}).items()},
            backup_keep=max(1, int(data.get("backup", {}).get("keep", 20))),
            cost_rates=_cost_rates(data.get("cost_rates", {})),
            raw=data,
        )
    except (TypeError, ValueError) as exc:
        raise InputError(f"config file {p} has a bad value: {exc}") from exc


def settings() -> Settings:
    """The settings from the config file (cached per path); defaults when there is no file."""
    return _load(str(config_path()))
