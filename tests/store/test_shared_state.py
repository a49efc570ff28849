"""The shared state of many web workers (docs/adr/0076): rate-limit windows counted exactly under
concurrency, the change counter raised with every audited change, one session key for all."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Engine

from healthassets.errors import TooManyRequests
from healthassets.services.rate_limits import RateLimit
from healthassets.store import changes, rate_limits
from healthassets.store.audit import audit
from healthassets.store.database import make_engine
from healthassets.store.site_keys import shared_key


def second_engine(engine: Engine) -> Engine:
    """Another process's view of the same database."""
    return make_engine(engine.url.render_as_string(hide_password=False))


def test_concurrent_hits_from_two_workers_are_counted_exactly(engine: Engine) -> None:
    other = second_engine(engine)
    limit = RateLimit("race", limit=10, window=3600)
    allowed: list[bool] = []
    lock = threading.Lock()

    def submit(worker: Engine) -> None:
        try:
            limit.hit(worker, "203.0.113.7")
            outcome = True
        except TooManyRequests:
            outcome = False
        with lock:
            allowed.append(outcome)

    try:
        threads = [threading.Thread(target=submit, args=(e,)) for _ in range(8) for e in (engine, other)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        other.dispose()
    assert allowed.count(True) == 10 and allowed.count(False) == 6


def test_the_window_slides_and_refused_events_are_not_counted(engine: Engine) -> None:
    clock = [10_000.0]
    limit = RateLimit("slide", limit=2, window=60, clock=lambda: clock[0])
    limit.hit(engine, "a")
    clock[0] += 30
    limit.hit(engine, "a")
    clock[0] += 10
    assert limit.wait(engine, "a") == 20  # the first leaves the window 60 s after it came
    clock[0] += 21
    assert limit.wait(engine, "a") == 0  # counted: now at 30 s and 61 s
    assert limit.wait(engine, "b") == 0  # keys are apart
    limit.check(engine, "b")  # one of two: checking counts nothing
    limit.record(engine, "b")
    with pytest.raises(TooManyRequests):
        limit.check(engine, "b")
    limit.reset(engine)
    assert rate_limits.waiting(engine, "slide:a", limit=2, window=60, now=clock[0]) == 0
    assert RateLimit("off", limit=0, window=60).wait(engine, "a") == 0  # 0: no limit


def test_every_audited_change_raises_the_register_counter(engine: Engine) -> None:
    other = second_engine(engine)
    try:
        before = changes.current(other)
        with engine.begin() as connection:
            audit(connection, "create", "asset", "x")
        assert changes.current(other) == before + 1  # another worker sees it on its next read
        with engine.begin() as connection:
            audit(connection, "status", "asset", "x")
            audit(connection, "status", "story", "y")
        assert changes.current(other) == before + 3
    finally:
        other.dispose()


def test_the_first_stored_key_is_everyones(engine: Engine) -> None:
    other = second_engine(engine)
    try:
        assert shared_key(engine, "session", "first") == "first"
        assert shared_key(other, "session", "second") == "first"
    finally:
        other.dispose()


def test_the_cache_s_reader_sees_every_commit_and_survives_a_lost_connection(engine: Engine) -> None:
    reader = changes.CounterReader(engine)
    other = second_engine(engine)
    try:
        first = reader()
        changes.bump_now(other)
        assert reader() == first + 1  # its own connection, yet no stale snapshot
        assert reader.connection is not None
        reader.connection.invalidate()  # the server restarted, say
        changes.bump_now(other)
        assert reader() == first + 2  # a new connection, the same answer
    finally:
        reader.close()
        other.dispose()
