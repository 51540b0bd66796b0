"""The idle collector: full collections wait for a pause between keys, and never wait forever."""

from __future__ import annotations

import gc

import pytest

from amtui.tui.collector import IdleCollector


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Young:
    """A stand-in for the interpreter's count of generation-1 collections."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> int:
        return self.count


@pytest.fixture
def spied(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    monkeypatch.setattr(gc, "collect", lambda *a: calls.append("collect") or 0)
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(gc, "unfreeze", lambda: calls.append("unfreeze"))
    return calls


def make(frozen: Young | None = None) -> tuple[IdleCollector, Clock, Young]:
    clock, young = Clock(), Young()
    return IdleCollector(clock=clock, young=young, frozen=frozen or Young()), clock, young


def test_nothing_runs_until_enough_young_collections_have_happened(spied: list[str]) -> None:
    c, clock, young = make()
    clock.now += 60  # long idle, but nothing allocated
    young.count = IdleCollector.DUE - 1
    assert c.tick() is False
    young.count = IdleCollector.DUE
    assert c.tick() is True
    assert spied == ["collect", "freeze"]  # what survives is frozen: the next one scans only new objects


def test_a_due_collection_waits_while_the_user_is_typing(spied: list[str]) -> None:
    c, clock, young = make()
    young.count = IdleCollector.DUE + 5
    c.input_seen()
    clock.now += IdleCollector.IDLE / 2
    assert c.tick() is False
    c.input_seen()  # another key
    clock.now += IdleCollector.IDLE - 0.01
    assert c.tick() is False
    clock.now += 0.02
    assert c.tick() is True
    assert spied == ["collect", "freeze"]
    assert c.full_collections == 1


def test_after_a_collection_the_count_starts_again(spied: list[str]) -> None:
    c, clock, young = make()
    young.count = IdleCollector.DUE
    clock.now += 10
    assert c.tick() is True
    assert c.tick() is False  # no young collections since
    young.count += IdleCollector.DUE
    assert c.tick() is True
    assert c.full_collections == 2


def test_a_user_who_never_pauses_still_gets_a_collection(spied: list[str]) -> None:
    c, clock, young = make()
    young.count = IdleCollector.OVERDUE
    c.input_seen()
    assert c.tick() is True
    assert spied == ["collect", "freeze"]


def test_a_disarmed_collector_waits_unless_overdue(spied: list[str]) -> None:
    """The app disarms it until start-up is loaded and frozen: a full collection before that scans it all."""
    c, clock, young = make()
    c.armed = False
    young.count = IdleCollector.DUE * 5
    clock.now += 60
    assert c.tick() is False
    c.armed = True
    assert c.tick() is True
    c.armed = False
    young.count += IdleCollector.OVERDUE
    assert c.tick() is True  # memory stays bounded whatever happens to start-up
    assert spied == ["collect", "freeze"] * 2


def test_a_grown_frozen_set_is_swept_in_a_long_pause(spied: list[str]) -> None:
    """What was alive at a freeze and died later (a form open during a pause) would never be collected."""
    frozen = Young()
    c, clock, young = make(frozen)
    frozen.count = 100_000  # start-up, frozen by the prewarm
    c.arm()
    frozen.count += IdleCollector.SWEEP_GROWTH - 1
    clock.now += IdleCollector.SWEEP_IDLE + 1
    assert c.tick() is False  # not grown enough (and no young collections: nothing else due)
    frozen.count += 1
    c.input_seen()
    clock.now += IdleCollector.SWEEP_IDLE - 1
    assert c.sweep_due() is False  # a pause, but not a long one
    clock.now += 2
    assert c.tick() is True
    assert spied == ["unfreeze", "collect", "freeze"]
    assert c.sweeps == 1 and c.swept_at == frozen.count
    assert c.tick() is False  # measured again from here


def test_install_takes_full_collections_from_the_interpreter_and_uninstall_gives_them_back() -> None:
    before = gc.get_threshold()
    c = IdleCollector()
    try:
        c.install()
        first, second, third = gc.get_threshold()
        assert (first, second) == before[:2]
        assert third == IdleCollector.NEVER
        c.install()  # twice is harmless: the saved thresholds are the original ones
    finally:
        c.uninstall()
    assert gc.get_threshold() == before
