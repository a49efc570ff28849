"""Helpers the repositories share for bulk statements: chunks of rows and frames as row dicts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine

#: rows per statement (well under SQLite's and PostgreSQL's bound-parameter limits)
CHUNK = 5_000


def chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def records(frame: pd.DataFrame, columns: Iterable[str]) -> list[dict[str, Any]]:
    """The frame's ``columns`` (those present) as row dicts with None for missing values."""
    present = [c for c in columns if c in frame]
    out = frame[present].astype(object)
    return list(out.where(out.notna(), None).to_dict("records"))


class connect:
    """``with connect(engine_or_connection)``: a connection (opened and closed only for an engine)."""

    def __init__(self, bind: Engine | Connection) -> None:
        self.bind = bind
        self.opened: Connection | None = None

    def __enter__(self) -> Connection:
        if isinstance(self.bind, Connection):
            return self.bind
        self.opened = self.bind.connect()
        return self.opened

    def __exit__(self, *args: object) -> None:
        if self.opened is not None:
            self.opened.close()
