"""The background refresh: requests coalesce, failures do not stop it, and across processes (two
engines on one database, as two workers) it runs in one of them at a time (docs/adr/0076)."""

from __future__ import annotations

import threading
import time

from sqlalchemy import Engine

from healthassets.services.asset_refresh import Refresher
from healthassets.store import changes, leases
from healthassets.store.database import make_engine


def test_requests_coalesce_and_wait_returns_when_done(engine: Engine) -> None:
    gate = threading.Event()
    runs: list[int] = []

    def work() -> None:
        gate.wait(5)
        runs.append(1)

    refresher = Refresher(work, engine, poll=0.05)
    refresher.request()
    refresher.request()
    refresher.request()  # arrive while the first run waits: one more run for all of them
    gate.set()
    assert refresher.wait(10)
    assert 1 <= len(runs) <= 2
    assert leases.requests(engine, "asset-indicators") == (3, 3)


def test_failures_are_counted_and_do_not_stop_later_runs(engine: Engine) -> None:
    calls: list[int] = []

    def work() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("boom")

    refresher = Refresher(work, engine, poll=0.05)
    refresher.request()
    assert refresher.wait(5)
    refresher.request()
    assert refresher.wait(5)
    assert refresher.failures == 1 and len(calls) == 2


def test_two_workers_racing_run_the_job_one_at_a_time_and_cover_every_request(engine: Engine) -> None:
    other = make_engine(engine.url.render_as_string(hide_password=False))
    running: list[str] = []
    overlaps: list[tuple[str, ...]] = []
    lock = threading.Lock()
    before = changes.current(engine)

    def work_of(name: str) -> object:
        def work() -> None:
            with lock:
                running.append(name)
                if len(running) > 1:
                    overlaps.append(tuple(running))
            time.sleep(0.2)
            with lock:
                running.remove(name)

        return work

    first = Refresher(work_of("first"), engine, poll=0.05)
    second = Refresher(work_of("second"), other, poll=0.05)
    try:
        starters = [threading.Thread(target=r.request) for r in (first, second) for _ in range(3)]
        for thread in starters:
            thread.start()
        for thread in starters:
            thread.join()
        assert first.wait(30) and second.wait(30)
        assert overlaps == []  # never two runs at once
        assert 1 <= first.runs + second.runs <= 4  # six requests coalesced
        requested, done = leases.requests(engine, "asset-indicators")
        assert requested == done == 6
        assert changes.current(engine) == before + first.runs + second.runs  # caches everywhere expire
        # a request made after everything settled is run again, by whichever takes the lease
        runs = first.runs + second.runs
        second.request()
        assert second.wait(30) and first.runs + second.runs == runs + 1
    finally:
        other.dispose()


def test_a_lease_is_taken_by_one_holder_until_it_expires(engine: Engine) -> None:
    assert leases.take(engine, "job", "a", now=100.0, seconds=10)
    assert not leases.take(engine, "job", "b", now=105.0, seconds=10)
    assert leases.take(engine, "job", "a", now=105.0, seconds=10)  # renewed by its holder
    assert leases.take(engine, "job", "b", now=116.0, seconds=10)  # expired: another may take it
    assert not leases.finish(engine, "job", "a", 1)  # no longer a's
    leases.request_run(engine, "job")
    assert not leases.release(engine, "job", "b")  # a request is outstanding: b must run first
    assert leases.finish(engine, "job", "b", 1) and leases.release(engine, "job", "b")
    assert leases.take(engine, "job", "a", now=117.0, seconds=10)
