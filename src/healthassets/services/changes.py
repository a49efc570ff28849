"""What the response caches of every process key on besides the data version (docs/adr/0076): the
register's change counter, raised in the transaction of every audited change (store.changes), read
on every cacheable request so a moderation in one worker is seen by all at once."""

from __future__ import annotations

from healthassets.store import Engine
from healthassets.store import changes as store


def register_version(engine: Engine) -> int:
    return store.current(engine)


def register_reader(engine: Engine) -> store.CounterReader:
    """A callable reading the register's counter cheaply, for one process's response cache."""
    return store.CounterReader(engine)
