"""Keep the asset indicators (counts, rates, access) in step with moderation, off the request path,
in one process at a time across every worker and machine (docs/adr/0032, docs/adr/0076).

Rewriting them takes seconds (every covered area, 2SFCA over all published assets), so a moderator's
click only *requests* a refresh: the request is counted in the job's lease row (store.leases) and a
background thread of this process tries to take the lease. The holder runs the work until every
request counted has been covered — requests arriving meanwhile, from any worker, coalesce into one
more run — then lets the lease go in the same statement that checks nothing new came in. A process
that finds the lease held waits for the holder's runs to cover its request (and takes over if the
holder dies and its lease expires). After each run the register's change counter is raised, so the
cached profiles of every process show the new counts on their next request.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from healthassets.services.job_leases import holder_name
from healthassets.store import Engine, changes, leases

log = logging.getLogger(__name__)
ASSET_INDICATORS = "asset-indicators"


class Refresher:
    def __init__(
        self,
        work: Callable[[], object],
        engine: Engine,
        *,
        job: str = ASSET_INDICATORS,
        lease_seconds: float = 600.0,
        poll: float = 0.5,
    ) -> None:
        self.work = work
        self.engine = engine
        self.job = job
        self.lease_seconds = lease_seconds
        self.poll = poll
        self.holder = holder_name()
        self.lock = threading.Lock()
        self.idle = threading.Event()
        self.idle.set()
        self.wanted = 0  # the newest request number this process made
        self.running = False
        self.failures = 0
        self.runs = 0  # runs of the work in this process

    def request(self) -> None:
        """Ask for a refresh (counted in the store at once); returns without waiting for it."""
        number = leases.request_run(self.engine, self.job)
        with self.lock:
            self.wanted = max(self.wanted, number)
            self.idle.clear()
            if self.running:
                return
            self.running = True
        threading.Thread(target=self._run, name=f"{self.job}-refresh", daemon=True).start()

    def _covered(self) -> bool:
        """True (and idle) once a finished run covered this process's newest request."""
        _requested, done = leases.requests(self.engine, self.job)
        with self.lock:
            if done < self.wanted:
                return False
            self.running = False
            self.idle.set()
            return True

    def _run(self) -> None:
        while True:
            try:
                if self._covered():
                    return
                if leases.take(
                    self.engine, self.job, self.holder, now=time.time(), seconds=self.lease_seconds
                ):
                    self._hold()
                    continue
            except Exception:  # the database went away: keep trying, the request still stands
                log.exception("the %s job could not reach its lease", self.job)
            time.sleep(self.poll)  # another process holds the lease: its runs will cover ours

    def _take(self) -> bool:
        return leases.take(self.engine, self.job, self.holder, now=time.time(), seconds=self.lease_seconds)

    def _hold(self) -> None:
        """Run the work while requests are outstanding, then let the lease go."""
        while True:
            requested, done = leases.requests(self.engine, self.job)
            if requested <= done:
                if leases.release(self.engine, self.job, self.holder):
                    return
                continue  # a request came in between: run again
            if not leases.take(
                self.engine, self.job, self.holder, now=time.time(), seconds=self.lease_seconds
            ):
                return  # the lease expired and another process took it
            try:
                self.work()
                self.runs += 1
                changes.bump_now(self.engine)
            except Exception:  # keep serving; the next request retries
                self.failures += 1
                log.exception("the %s job failed", self.job)
            if not leases.finish(self.engine, self.job, self.holder, requested):
                return

    def wait(self, timeout: float | None = None) -> bool:
        """Block until this process's requests have been covered by a finished run, in this process
        or another (tests, shutdown)."""
        return self.idle.wait(timeout)
