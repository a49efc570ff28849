import threading

from healthassets.services.asset_refresh import Refresher


def test_requests_coalesce_and_wait_returns_when_done() -> None:
    gate = threading.Event()
    runs: list[int] = []

    def work() -> None:
        gate.wait(5)
        runs.append(1)

    refresher = Refresher(work)
    refresher.request()
    refresher.request()
    refresher.request()  # arrive while the first run waits: one more run for all of them
    gate.set()
    assert refresher.wait(10)
    assert len(runs) == 2


def test_failures_are_counted_and_do_not_stop_later_runs() -> None:
    calls: list[int] = []

    def work() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("boom")

    refresher = Refresher(work)
    refresher.request()
    assert refresher.wait(5)
    refresher.request()
    assert refresher.wait(5)
    assert refresher.failures == 1 and len(calls) == 2
