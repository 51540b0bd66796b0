"""Where things live and the few settings a user may change.

Nothing here touches the disk at import: paths are resolved when asked for, so ``--help`` stays cheap and
tests can point everything at a temporary folder through the environment.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
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
    environ = os.environ
    return _platform_config(environ.get("XDG_CONFIG_HOME"), environ.get("HOME"), environ.get("APPDATA"))


@lru_cache(maxsize=8)
def _platform_config(_xdg: str | None, _home: str | None, _appdata: str | None) -> Path:
    """The platform's config file, once per environment: :func:`settings` is called once per project in
    a whole-book read, and platformdirs took ~0.3 ms a call (a third of the budget health's time)."""
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


#: The URL schemes that name a team database on PostgreSQL instead of a book file (``amtui.store.dialect``).
TEAM_URL_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def resolve_db_target(explicit: str | None = None) -> Path | str:
    """Like :func:`resolve_db_path`, but a team database's URL (``--db`` or ``AMTUI_DB``) is kept as text."""
    value = explicit if explicit else os.environ.get("AMTUI_DB")
    if value and value.strip().lower().startswith(TEAM_URL_SCHEMES):
        return value.strip()
    return resolve_db_path(explicit)


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


DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MON_FRI = frozenset(range(5))


def parse_weekdays(names: Iterable[object]) -> frozenset[int]:
    """``["mon", "tue", …]`` (or full names) as weekday numbers (Monday = 0); a bad name is refused."""
    if isinstance(names, str):
        raise ValueError('[calendar] working_days must be a list of days, e.g. ["mon", "tue"]')
    out: set[int] = set()
    for raw in names:
        key = str(raw).strip().lower()[:3]
        if key not in DAY_NAMES:
            raise ValueError(f"[calendar] working_days: not a day of the week: {raw!r}")
        out.add(DAY_NAMES.index(key))
    if not out:
        raise ValueError("[calendar] working_days is empty")
    return frozenset(out)


def _holidays(values: object) -> frozenset[date]:
    if not isinstance(values, list):
        raise ValueError("[calendar] holidays must be a list of dates, e.g. [2026-12-25]")
    out: set[date] = set()
    for v in values:
        try:
            out.add(v if isinstance(v, date) else date.fromisoformat(str(v)))
        except ValueError:
            raise ValueError(f"[calendar] holidays: not a date: {v!r}") from None
    return frozenset(out)


def _capacity(data: object) -> dict[str, int]:
    if not isinstance(data, dict):
        raise ValueError("[capacity] must be a table of team = hours per week")
    out: dict[str, int] = {}
    for k, v in data.items():
        if isinstance(v, bool) or not isinstance(v, int | float) or v < 0:
            raise ValueError(f"[capacity] {k!r}: not a number of hours per week: {v!r}")
        out[str(k).strip().lower()] = round(v * 60)
    return out


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
    # The working calendar (``[calendar] working_days``, ``holidays``): what the scheduler counts in.
    working_days: frozenset[int] = MON_FRI
    holidays: frozenset[date] = field(default_factory=frozenset)
    # Working days a client takes to approve unless told otherwise (``[timeline] approval_days``).
    approval_days: int = 5
    # Minutes per week each team can deliver (``[capacity] creative = 120``, in hours), for ``amtui load``.
    capacity_minutes: dict[str, int] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)


#: The allowed range of every number in the config file, (section, key) → (lowest, highest): checked when
#: the file is loaded, so a negative ``watch`` (which made every project at risk) is refused, not used.
RANGES: dict[tuple[str, str], tuple[float, float]] = {
    ("thresholds", "watch"): (0.0, 1.0),
    ("thresholds", "at_risk"): (0.0, 1.0),
    ("today", "stale_contact_days"): (1, 365),
    ("today", "renewal_window_days"): (1, 730),
    ("today", "co_waiting_days"): (1, 365),
    ("timeline", "approval_days"): (1, 365),
    ("backup", "keep"): (1, 1000),
}


def _ranged(table: dict[str, Any], section: str, key: str, default: float) -> float:
    """``table[key]`` (else ``default``) as a number within :data:`RANGES`; ValueError naming the key and
    the allowed range otherwise (whole numbers where the default is one)."""
    lo, hi = RANGES[(section, key)]
    value = table.get(key, default)
    whole = isinstance(default, int)
    ok_type = isinstance(value, int) if whole else isinstance(value, int | float)
    if isinstance(value, bool) or not ok_type or not lo <= value <= hi:  # NaN fails the comparison too
        kind = "a whole number" if whole else "a number"
        raise ValueError(f"[{section}] {key} must be {kind} from {lo:g} to {hi:g}, not {value!r}")
    return float(value) if not whole else value


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
    cal = data.get("calendar", {})
    try:
        if not isinstance(cal, dict):
            raise ValueError("[calendar] must be a table")
        for section in ("thresholds", "today", "timeline", "backup"):
            if not isinstance(data.get(section, {}), dict):
                raise ValueError(f"[{section}] must be a table")
        watch = _ranged(th, "thresholds", "watch", Thresholds.watch)
        at_risk = _ranged(th, "thresholds", "at_risk", Thresholds.at_risk)
        if at_risk < watch:
            raise ValueError(f"[thresholds] at_risk ({at_risk:g}) must be at least watch ({watch:g})")
        return Settings(
            thresholds=Thresholds(watch=watch, at_risk=at_risk),
            stale_contact_days=int(_ranged(today, "today", "stale_contact_days", 14)),
            renewal_window_days=int(_ranged(today, "today", "renewal_window_days", 60)),
            co_waiting_days=int(_ranged(today, "today", "co_waiting_days", 7)),
            theme=str(data.get("theme", "textual-dark")),
            keymap={str(k): str(v) for k, v in data.get("keymap", {}).items()},
            backup_keep=int(_ranged(data.get("backup", {}), "backup", "keep", 20)),
            cost_rates=_cost_rates(data.get("cost_rates", {})),
            working_days=parse_weekdays(cal.get("working_days", DAY_NAMES[:5])),
            holidays=_holidays(cal.get("holidays", [])),
            approval_days=int(_ranged(data.get("timeline", {}), "timeline", "approval_days", 5)),
            capacity_minutes=_capacity(data.get("capacity", {})),
            raw=data,
        )
    except (TypeError, ValueError) as exc:
        raise InputError(f"config file {p} has a bad value: {exc}") from exc


def settings() -> Settings:
    """The settings from the config file (cached per path); defaults when there is no file."""
    return _load(str(config_path()))
