"""Work under a lease runs in one process at a time (docs/adr/0076): the derived-table rebuild."""

from __future__ import annotations

import threading
import time

from sqlalchemy import Engine

from healthassets.services import job_leases
from healthassets.services.derived import DERIVED_LEASE


def test_holding_waits_for_the_other_worker_to_let_go(engine: Engine) -> None:
    assert job_leases.try_lease(engine, DERIVED_LEASE, holder="worker-a")
    assert not job_leases.try_lease(engine, DERIVED_LEASE, holder="worker-b")
    entered = threading.Event()

    def worker_b() -> None:
        with job_leases.holding(engine, DERIVED_LEASE, holder="worker-b", poll=0.02):
            entered.set()

    thread = threading.Thread(target=worker_b)
    thread.start()
    time.sleep(0.3)
    assert not entered.is_set()  # a's rebuild still runs
    job_leases.let_go(engine, DERIVED_LEASE, holder="worker-a")
    thread.join(10)
    assert entered.is_set()
    assert job_leases.try_lease(engine, DERIVED_LEASE, holder="worker-a")  # b let it go after its block


def test_process_names_differ() -> None:
    assert job_leases.holder_name() != job_leases.holder_name()
