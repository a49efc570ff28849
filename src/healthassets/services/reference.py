"""Reference data: what every page reads and only a data load changes — indicator metadata, the
disclosure rules, the stored profiles and their layouts, the register's coverage, which area types
hold each indicator — read once per data version in each process and shared by every request
(docs/adr/0075).

It is derived data, not a page: an area's first visit still builds its own figures and renders its
own HTML; only the parts common to every area are not re-read. Each entry is keyed by the store's
data version (:func:`healthassets.services.site.data_version`), read once per :func:`reference_data`
call, so a load, a moderation or a profile edit by any process is seen by the next request (a cache
per worker that expires by data version: nothing is shared between processes). Values are shared
between threads and requests: callers must not change them in place.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from threading import Lock
from typing import Any, TypeVar

from healthassets.services.site import data_version
from healthassets.store import Engine

T = TypeVar("T")

#: at most this many entries per data version (profile layouts per slug and the like)
MAX_ENTRIES = 256


class Reference:
    """One data version's reference data for one database, each entry built on first use."""

    def __init__(self, version: tuple[Any, ...]) -> None:
        self.version = version
        self._entries: dict[Hashable, Any] = {}
        self._lock = Lock()

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        """The entry ``key``, built by ``build()`` the first time it is asked for."""
        with self._lock:
            if key in self._entries:
                found: T = self._entries[key]
                return found
        value = build()  # outside the lock: two first requests may both build; either is right
        with self._lock:
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.pop(next(iter(self._entries)))
            self._entries.setdefault(key, value)
            kept: T = self._entries[key]
        return kept


#: engine → its current reference data (weak: a disposed test database's entry goes with its engine)
_current: weakref.WeakKeyDictionary[Engine, Reference] = weakref.WeakKeyDictionary()
_current_lock = Lock()


def reference_data(engine: Engine) -> Reference:
    """The reference data of ``engine``'s current data version (a fresh, empty one when the version
    has changed since the last call)."""
    version = data_version(engine)
    with _current_lock:
        found = _current.get(engine)
        if found is None or found.version != version:
            found = Reference(version)
            _current[engine] = found
    return found


def forget_reference_data() -> None:
    """Drop every process's-worth of reference data (tests that rewrite a database in place without
    changing its version, e.g. by copying a file over it)."""
    with _current_lock:
        _current.clear()
