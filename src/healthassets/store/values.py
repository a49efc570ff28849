"""The indicator values repository (table ``indicator_values``): the values query, and the writers
that replace a source's batch of values in one transaction (the importers in io/ only parse and
validate; the services hand their frames here)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import ColumnElement, Connection, Engine, Select, and_, delete, func, select
from sqlalchemy.orm import aliased

from healthassets.geography.areas import expand_type
from healthassets.indicators.value_columns import KEY_COLUMNS, NUMBER_COLUMNS, TEXT_COLUMNS, VALUE_FIELDS
from healthassets.store.batches import finish_batch, start_batch
from healthassets.store.bulk import bulk_load
from healthassets.store.indicators import insert_missing_indicators
from healthassets.store.models import Area, AreaParent, ImportBatch, Indicator, IndicatorValue

__all__ = [
    "KEY_COLUMNS",
    "NUMBER_COLUMNS",
    "TEXT_COLUMNS",
    "VALUE_FIELDS",
    "BatchOfValues",
    "ValueFilter",
    "area_types_with_values",
    "fetch_values",
    "insert_values",
    "keys_from_other_sources",
    "values_page",
    "values_query",
    "within",
    "write_batch",
    "write_batches",
]

#: rows per INSERT statement of a bulk write
CHUNK_ROWS = 20_000
Progress = Callable[[int], None]


@dataclass
class ValueFilter:
    """Which values to fetch; empty lists mean 'any'."""

    indicators: list[int] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    area_type: str | None = None
    #: areas within this one, at any depth (a county's districts are within their region)
    parent: str | None = None
    periods: list[str] = field(default_factory=list)
    sexes: list[str] = field(default_factory=list)
    ages: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    latest_only: bool = False


def values_query(value_filter: ValueFilter) -> Select[tuple[object, ...]]:
    """SELECT values with indicator name, area name/type and (first administrative) parent."""
    parent_link = aliased(AreaParent)
    parent = aliased(Area)
    columns = [getattr(IndicatorValue, name) for name in VALUE_FIELDS]
    query = (
        select(
            *columns,
            Indicator.name.label("indicator_name"),
            Area.name.label("area_name"),
            Area.area_type.label("area_type"),
            parent.code.label("parent_code"),
            parent.name.label("parent_name"),
        )
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .join(Area, Area.code == IndicatorValue.area_code)
        .outerjoin(
            parent_link,
            and_(parent_link.child_code == Area.code, parent_link.hierarchy == "administrative"),
        )
        .outerjoin(parent, parent.code == parent_link.parent_code)
    )
    f = value_filter
    if f.indicators:
        query = query.where(IndicatorValue.indicator_id.in_(f.indicators))
    if f.areas:
        query = query.where(IndicatorValue.area_code.in_(f.areas))
    if f.area_type:
        query = query.where(Area.area_type.in_(expand_type(f.area_type)))
    if f.parent:
        query = query.where(IndicatorValue.area_code.in_(within(f.parent)))
    if f.periods:
        query = query.where(IndicatorValue.period.in_(f.periods))
    if f.sexes:
        query = query.where(IndicatorValue.sex.in_(f.sexes))
    if f.ages:
        query = query.where(IndicatorValue.age.in_(f.ages))
    if f.categories:
        query = query.where(IndicatorValue.category.in_(f.categories))
    return query.order_by(
        IndicatorValue.indicator_id,
        IndicatorValue.area_code,
        IndicatorValue.period_sortable,
        IndicatorValue.sex,
        IndicatorValue.age,
        IndicatorValue.category_type,
        IndicatorValue.category,
        parent_link.parent_code,  # an LSOA's MSOA (E02) before its ward (E05): the first kept
    )


def fetch_values(engine: Engine, value_filter: ValueFilter) -> pd.DataFrame:
    """The values matching ``value_filter`` as a DataFrame (one row per value; parent duplicates
    removed, keeping the first administrative parent)."""
    with engine.connect() as connection:
        frame = pd.read_sql(values_query(value_filter), connection)
    frame = frame.drop_duplicates(
        ["indicator_id", "area_code", "period", "sex", "age", "category_type", "category"]
    )
    for column in (
        "value",
        "count",
        "denominator",
        "lower95_0cl",
        "upper95_0cl",
        "lower99_8cl",
        "upper99_8cl",
    ):
        frame[column] = pd.to_numeric(frame[column]).astype(float)
    if value_filter.latest_only and len(frame):
        keys = ["indicator_id", "area_code", "sex", "age", "category_type", "category"]
        latest = frame.groupby(keys, dropna=False)["period_sortable"].transform("max")
        frame = frame[frame["period_sortable"] == latest]
    return frame.reset_index(drop=True)


def within(code: str) -> Select[tuple[str]]:
    """The codes of every area within ``code`` at any depth, along any hierarchy (a region's
    counties, their districts, every MSOA and LSOA below them): a recursive CTE over the parent links.
    UNION (not UNION ALL) drops areas reached twice, so diamonds and cycles end."""
    tree = (
        select(AreaParent.child_code.label("code"))
        .where(AreaParent.parent_code == code.strip().upper())
        .cte("within_area", recursive=True)
    )
    step = select(AreaParent.child_code).join(tree, AreaParent.parent_code == tree.c.code)
    tree = tree.union(step)
    return select(tree.c.code)


def values_page(
    engine: Engine, value_filter: ValueFilter, offset: int, limit: int
) -> tuple[pd.DataFrame, int]:
    """One page of the values ``fetch_values`` returns (same columns; in the order of the values'
    unique key) and their total count, counted and cut in SQL so that a request's work is bounded
    by its filter and page, not by the table.

    The parent is the area's first administrative parent by code (a scalar subquery, so a value is
    one row); ``latest_only`` keeps the values whose period is the newest of their series among the
    chosen periods (a correlated ``max(period_sortable)`` on the values' unique key).
    """
    f = value_filter
    conditions = _value_conditions(f)
    if f.latest_only:
        other = aliased(IndicatorValue)
        same_series = [getattr(other, k) == getattr(IndicatorValue, k) for k in KEY_COLUMNS if k != "period"]
        if f.periods:
            same_series.append(other.period.in_(f.periods))
        newest = select(func.max(other.period_sortable)).where(*same_series).scalar_subquery()
        conditions.append(IndicatorValue.period_sortable == newest)
    first_parent = (
        select(func.min(AreaParent.parent_code))
        .where(AreaParent.child_code == IndicatorValue.area_code, AreaParent.hierarchy == "administrative")
        .scalar_subquery()
    )
    parent = aliased(Area)
    query = (
        select(
            *[getattr(IndicatorValue, name) for name in VALUE_FIELDS],
            Indicator.name.label("indicator_name"),
            Area.name.label("area_name"),
            Area.area_type.label("area_type"),
            parent.code.label("parent_code"),
            parent.name.label("parent_name"),
        )
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .join(Area, Area.code == IndicatorValue.area_code)
        .outerjoin(parent, parent.code == first_parent)
        .where(*conditions)
        .order_by(*[getattr(IndicatorValue, k) for k in ORDER_COLUMNS])
    )
    counted = select(func.count()).select_from(IndicatorValue).where(*conditions)
    if f.area_type:
        counted = counted.join(Area, Area.code == IndicatorValue.area_code)
    with engine.connect() as connection:
        total = int(connection.execute(counted).scalar_one())
        frame = pd.read_sql(query.offset(offset).limit(limit), connection)
    for column in NUMBER_COLUMNS:
        frame[column] = pd.to_numeric(frame[column]).astype(float)
    return frame, total


#: the values' unique key, so a page is read in index order (no sort of every matching row)
ORDER_COLUMNS = KEY_COLUMNS


def _value_conditions(f: ValueFilter) -> list[ColumnElement[bool]]:
    """The WHERE conditions of a filter, over ``IndicatorValue`` joined with its ``Area``."""
    conditions: list[ColumnElement[bool]] = []
    if f.indicators:
        conditions.append(IndicatorValue.indicator_id.in_(f.indicators))
    if f.areas:
        conditions.append(IndicatorValue.area_code.in_(f.areas))
    if f.area_type:
        conditions.append(Area.area_type.in_(expand_type(f.area_type)))
    if f.parent:
        conditions.append(IndicatorValue.area_code.in_(within(f.parent)))
    for column, wanted in (
        (IndicatorValue.period, f.periods),
        (IndicatorValue.sex, f.sexes),
        (IndicatorValue.age, f.ages),
        (IndicatorValue.category, f.categories),
    ):
        if wanted:
            conditions.append(column.in_(wanted))
    return conditions


def area_types_with_values(engine: Engine, indicator_id: int) -> pd.DataFrame:
    """(area_type, code) of every area holding a value of the indicator, one row per area."""
    query = (
        select(Area.area_type, IndicatorValue.area_code)
        .join(Area, Area.code == IndicatorValue.area_code)
        .where(IndicatorValue.indicator_id == indicator_id)
        .distinct()
    )
    with engine.connect() as connection:
        return pd.DataFrame(connection.execute(query).all(), columns=["area_type", "code"])


def keys_from_other_sources(
    engine: Engine, source: str, indicators: Iterable[int] | None = None
) -> pd.DataFrame:
    """The keys (:data:`KEY_COLUMNS`) of the values stored by sources other than ``source``
    (a key may be loaded only once), optionally only of ``indicators``."""
    other_batches = select(ImportBatch.id).where(ImportBatch.source != source)
    query = select(*[getattr(IndicatorValue, c) for c in KEY_COLUMNS]).where(
        IndicatorValue.batch_id.in_(other_batches)
    )
    if indicators is not None:
        query = query.where(IndicatorValue.indicator_id.in_(sorted(set(indicators))))
    with engine.connect() as connection:
        return pd.DataFrame(connection.execute(query).all(), columns=KEY_COLUMNS)


#: the columns of the bulk INSERT: every value field and the batch
INSERT_COLUMNS = [*VALUE_FIELDS, "batch_id"]


def _rows(frame: pd.DataFrame, batch_id: int) -> list[tuple[object, ...]]:
    """Rows as plain Python tuples (missing → None) in :data:`INSERT_COLUMNS` order."""
    columns = []
    for name in VALUE_FIELDS:
        series = frame[name]
        columns.append(series.astype(object).where(series.notna(), None).tolist())
    columns.append([batch_id] * len(frame))
    return list(zip(*columns, strict=True))


def _insert_sql(connection: Connection) -> str:
    marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    names = ", ".join(INSERT_COLUMNS)
    markers = ", ".join([marker] * len(INSERT_COLUMNS))
    return f"INSERT INTO {IndicatorValue.__tablename__} ({names}) VALUES ({markers})"


def insert_values(
    connection: Connection, frame: pd.DataFrame, batch_id: int, progress: Progress | None = None
) -> int:
    """Insert ``frame``'s rows (:data:`VALUE_FIELDS`) into the batch in chunks; return the count."""
    sql = _insert_sql(connection)
    for start in range(0, len(frame), CHUNK_ROWS):
        part = frame.iloc[start : start + CHUNK_ROWS]
        connection.exec_driver_sql(sql, _rows(part, batch_id))
        if progress:
            progress(len(part))
    return len(frame)


@dataclass
class BatchOfValues:
    """What replaces one source's batch: validated value frames (:data:`VALUE_FIELDS`), written in
    order (a generator is read once, inside the transaction)."""

    source: str
    kind: str
    frames: Iterable[pd.DataFrame]
    file_name: str | None = None
    rows_rejected: int = 0
    #: indicators (id → name) the values introduce, created in the batch's transaction if unknown
    new_indicators: dict[int, str] = field(default_factory=dict)


def write_batches(
    engine: Engine, batches: Iterable[BatchOfValues], *, progress: Progress | None = None
) -> list[tuple[int, int]]:
    """Replace each source's batch with its frames, all in one transaction (any error: nothing is
    written); return (batch id, rows loaded) per batch."""
    written = []
    with engine.begin() as connection, bulk_load(connection):
        for batch in batches:
            insert_missing_indicators(connection, batch.new_indicators, batch.source)
            batch_id = start_batch(connection, batch.source, batch.kind, batch.file_name)
            loaded = sum(insert_values(connection, frame, batch_id, progress) for frame in batch.frames)
            finish_batch(connection, batch_id, loaded, batch.rows_rejected)
            written.append((batch_id, loaded))
    return written


def write_batch(
    engine: Engine,
    source: str,
    kind: str,
    frame: pd.DataFrame,
    *,
    file_name: str | None = None,
    rows_rejected: int = 0,
    progress: Progress | None = None,
) -> int:
    """Replace the batch of ``source`` with ``frame``'s rows in one transaction; return its id."""
    batch = BatchOfValues(source, kind, [frame], file_name, rows_rejected)
    [(batch_id, _loaded)] = write_batches(engine, [batch], progress=progress)
    return batch_id


# one source's batch, read and pruned so a recomputation rewrites only the rows that changed

BATCH_COLUMNS = ["id", "indicator_id", "area_code", "period", "value", "count", "denominator"]


def batch_values(connection: Connection, source: str) -> tuple[int | None, pd.DataFrame]:
    """(batch id, its values: id, indicator_id, area_code, period, value, count, denominator) of
    ``source``; (None, empty) when the source has no batch."""
    batch_id = connection.scalar(select(ImportBatch.id).where(ImportBatch.source == source))
    if batch_id is None:
        return None, pd.DataFrame(columns=BATCH_COLUMNS)
    columns = [getattr(IndicatorValue, c) for c in BATCH_COLUMNS]
    query = select(*columns).where(IndicatorValue.batch_id == batch_id)
    return int(batch_id), pd.read_sql(query, connection)


def delete_values(connection: Connection, ids: Sequence[int]) -> None:
    """Delete indicator values by id (used to rewrite only the values that changed)."""
    wanted = list(ids)
    for start in range(0, len(wanted), 5_000):
        part = wanted[start : start + 5_000]
        connection.execute(delete(IndicatorValue).where(IndicatorValue.id.in_(part)))
