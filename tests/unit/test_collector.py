"""The idle collector: full collections wait for a pause between keys, and never wait forever."""

from __future__ import annotations

import gc

import pytest

from amtui.collector import IdleCollector


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
    return calls


def make() -> tuple[IdleCollector, Clock, Young]:
    clock, young = Clock(), Young()
    return IdleCollector(clock=clock, young=young), clock, young


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
