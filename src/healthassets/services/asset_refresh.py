"""Keep the asset indicators (counts, rates, access) in step with moderation, off the request path.

Rewriting them takes seconds (every covered area, 2SFCA over all published assets), so a moderator's
click only *requests* a refresh: one background thread runs it, and requests arriving meanwhile
coalesce into one more run. Profiles show the new counts once it finishes (the new import batches
change the data version, which expires cached pages)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class Refresher:
    def __init__(self, work: Callable[[], object]) -> None:
        self.work = work
        self.lock = threading.Lock()
        self.idle = threading.Event()
        self.idle.set()
        self.pending = False
        self.running = False
        self.failures = 0

    def request(self) -> None:
        """Ask for a refresh; returns at once."""
        with self.lock:
            self.pending = True
            self.idle.clear()
            if self.running:
                return
            self.running = True
        threading.Thread(target=self._run, name="asset-indicator-refresh", daemon=True).start()

    def _run(self) -> None:
        while True:
            with self.lock:
                if not self.pending:
                    self.running = False
                    self.idle.set()
                    return
                self.pending = False
            try:
                self.work()
            except Exception:  # keep serving; the next request retries
                self.failures += 1
                log.exception("refreshing the asset indicators failed")

    def wait(self, timeout: float | None = None) -> bool:
        """Block until no refresh is running or pending (tests, shutdown)."""
        return self.idle.wait(timeout)
