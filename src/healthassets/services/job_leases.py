"""Use case: work that must run in one process at a time across every worker and machine, under a
lease row of the store (store.leases; docs/adr/0076)."""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from healthassets.store import Engine, leases

#: seconds a lease lasts without renewal: a holder that dies frees it after this
LEASE_SECONDS = 600.0


def holder_name() -> str:
    """A process, unique across machines and restarts: host, pid and a random suffix."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


#: this process's name as a lease holder
PROCESS = holder_name()


def try_lease(engine: Engine, name: str, holder: str = PROCESS, seconds: float = LEASE_SECONDS) -> bool:
    """Take the lease ``name`` if no other process holds it; True when taken."""
    return leases.take(engine, name, holder, now=time.time(), seconds=seconds)


def let_go(engine: Engine, name: str, holder: str = PROCESS) -> None:
    leases.release(engine, name, holder)


@contextmanager
def holding(engine: Engine, name: str, holder: str = PROCESS, poll: float = 0.2) -> Iterator[None]:
    """Wait until this process holds the lease ``name``, run the block, let it go."""
    while not try_lease(engine, name, holder):
        time.sleep(poll)
    try:
        yield
    finally:
        let_go(engine, name, holder)
