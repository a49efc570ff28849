"""The indicators repository (table ``indicators``): metadata read for benchmarking and pages, and
the writers the importers use (upsert by id; placeholders for ids first seen in a values file)."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, insert, select
from sqlalchemy.orm import Session

from healthassets.errors import NotFoundError
from healthassets.store.models import Indicator

#: the metadata benchmarking needs, indexed by indicator id
BENCHMARK_FIELDS = ["name", "short_name", "value_type", "polarity", "benchmark_method", "unit", "multiplier"]


def indicator_metadata(engine: Engine) -> pd.DataFrame:
    """Indicator id → name, short name, value type, polarity, benchmark method, unit, multiplier."""
    query = select(Indicator.id, *[getattr(Indicator, name) for name in BENCHMARK_FIELDS])
    with engine.connect() as connection:
        frame = pd.read_sql(query, connection)
    return frame.set_index("id")


def indicator_record(engine: Engine, indicator_id: int) -> dict[str, Any]:
    """Every stored field of one indicator; NotFoundError for an unknown id."""
    with engine.connect() as connection:
        row = connection.execute(select(Indicator).where(Indicator.id == indicator_id)).first()
    if row is None:
        raise NotFoundError(f"no indicator has the id {indicator_id}")
    return dict(row._mapping)


def indicator_ids(engine: Engine) -> list[int]:
    """Every stored indicator id, ascending."""
    with engine.connect() as connection:
        return [int(i) for i in connection.scalars(select(Indicator.id).order_by(Indicator.id))]


def disclosure_texts(engine: Engine) -> pd.Series:
    """Indicator id → its disclosure-control text (None where it has none)."""
    with engine.connect() as connection:
        rows = connection.execute(select(Indicator.id, Indicator.disclosure_control)).all()
    return pd.DataFrame(rows, columns=["id", "text"]).set_index("id")["text"]


def save_indicators(engine: Engine, indicators: pd.DataFrame) -> None:
    """Insert or update indicators (by id; columns named as the table's) in one transaction."""
    records = indicators.astype(object).where(indicators.notna(), None).to_dict("records")
    with Session(engine) as session, session.begin():
        for record in records:
            session.merge(Indicator(**{str(k): v for k, v in record.items()}))


def add_missing_indicators(engine: Engine, names: dict[int, str], source: str) -> None:
    """Create the indicators of ``names`` (id → name) the store does not know yet, named as given
    (metadata to follow); known ones are left as they are."""
    with engine.begin() as connection:
        insert_missing_indicators(connection, names, source)


def insert_missing_indicators(connection: Connection, names: dict[int, str], source: str) -> None:
    """:func:`add_missing_indicators` within the caller's transaction (a batch of values and the
    indicators it introduces are written together, or neither: docs/adr/0079)."""
    if not names:
        return
    known = set(connection.scalars(select(Indicator.id)))
    new = [
        {"id": i, "name": n or f"Indicator {i}", "source": source, "has_full_metadata": False}
        for i, n in names.items()
        if i not in known
    ]
    if new:
        connection.execute(insert(Indicator), new)


def indicator_table(engine: Engine, indicator_id: int | None = None) -> pd.DataFrame:
    """Every stored field of every indicator (or of one), by id."""
    query = select(Indicator).order_by(Indicator.id)
    if indicator_id is not None:
        query = query.where(Indicator.id == indicator_id)
    with engine.connect() as connection:
        return pd.read_sql(query, connection)


def indicator_ids_of_source(engine: Engine, source: str) -> list[int]:
    """The ids of the indicators whose ``source`` is ``source`` (e.g. 'survey'), in order."""
    with engine.connect() as connection:
        return [
            int(i)
            for i in connection.scalars(
                select(Indicator.id).where(Indicator.source == source).order_by(Indicator.id)
            )
        ]
