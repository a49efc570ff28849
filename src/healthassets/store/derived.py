"""The derived tables (docs/adr/0044): what their build reads, how it writes them, and the few indexed
queries the pages read them with. The figures themselves are computed in
:mod:`healthassets.services.derived`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, delete, func, insert, select
from sqlalchemy.orm import aliased

from healthassets.store.bulk import bulk_load
from healthassets.store.data_version import data_version
from healthassets.store.models import (
    Area,
    AreaParent,
    DerivedAreaValue,
    DerivedIndicatorType,
    DerivedRegionValue,
    DerivedSpine,
    DerivedState,
    IndicatorValue,
)
from healthassets.store.values import KEY_COLUMNS, NUMBER_COLUMNS, VALUE_FIELDS

#: the columns the build writes to each table
AREA_COLUMNS = [c.name for c in DerivedAreaValue.__table__.columns]
SPINE_COLUMNS = [c.name for c in DerivedSpine.__table__.columns if c.name != "id"]
REGION_COLUMNS = [c.name for c in DerivedRegionValue.__table__.columns if c.name != "id"]
TYPE_COLUMNS = ["indicator_id", "area_type", "areas"]
#: the derived columns of an area's row (beside the value's own columns)
AREA_DERIVED = [c for c in AREA_COLUMNS if c not in ("value_id", "area_code", "indicator_id")]
LIMITS = ["lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"]
SPINE_SERIES = ["indicator_id", "period", "sex", "age", "category_type", "category"]


def values_version(engine: Engine) -> str:
    """The newest import batch, the batch count and the newest value: changes when values change."""
    return ":".join(str(part) for part in data_version(engine)[:3])


def built_version(engine: Engine) -> str | None:
    """The values version the derived tables were last built from (None: never built)."""
    with engine.connect() as connection:
        return connection.execute(select(DerivedState.version).where(DerivedState.id == 1)).scalar()


def values_to_derive(engine: Engine, indicators: Sequence[int] | None = None) -> pd.DataFrame:
    """Every value (of ``indicators``; None: all) with its id and its area's type."""
    columns = [IndicatorValue.id, *(getattr(IndicatorValue, name) for name in VALUE_FIELDS)]
    query = select(*columns, Area.area_type).join(Area, Area.code == IndicatorValue.area_code)
    if indicators is not None:
        query = query.where(IndicatorValue.indicator_id.in_(list(indicators)))
    with engine.connect() as connection:
        frame = _read(connection, query)
    for column in NUMBER_COLUMNS:
        frame[column] = pd.to_numeric(frame[column]).astype(float)
    return frame


def administrative_links(engine: Engine) -> pd.DataFrame:
    """child_code, child_type, parent_code, parent_type of every administrative link."""
    child, parent = aliased(Area), aliased(Area)
    query = (
        select(
            AreaParent.child_code,
            child.area_type.label("child_type"),
            AreaParent.parent_code,
            parent.area_type.label("parent_type"),
        )
        .join(child, child.code == AreaParent.child_code)
        .join(parent, parent.code == AreaParent.parent_code)
        .where(AreaParent.hierarchy == "administrative")
    )
    with engine.connect() as connection:
        return _read(connection, query)


def _read(connection: Connection, query: Any) -> pd.DataFrame:
    """A query's rows as a frame, fetched by the driver's own cursor (no per-row SQLAlchemy work:
    the derived build reads every value)."""
    sql = str(query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql)
        rows = cursor.fetchall()
        names = [d[0] for d in cursor.description]
    finally:
        cursor.close()
    return pd.DataFrame.from_records(rows, columns=names)


def _insert(connection: Connection, model: Any, frame: pd.DataFrame, columns: list[str]) -> None:
    """executemany of plain tuples on the driver's cursor (missing numbers as NULL)."""
    if frame.empty:
        return
    data = frame[columns].astype(object)
    rows = list(data.where(data.notna(), None).itertuples(index=False, name=None))
    marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {model.__tablename__} ({', '.join(columns)}) "
        f"VALUES ({', '.join([marker] * len(columns))})"
    )
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(sql, rows)
    finally:
        cursor.close()


def replace_derived(
    engine: Engine,
    indicators: Sequence[int] | None,
    *,
    areas: pd.DataFrame,
    spines: pd.DataFrame,
    regions: pd.DataFrame,
    types: pd.DataFrame,
    version: str,
    seconds: float,
) -> None:
    """In one transaction: drop the derived rows of ``indicators`` (None: every row), write the new
    ones and record the values version they were built from."""
    with engine.begin() as connection, bulk_load(connection):
        for model in (DerivedAreaValue, DerivedSpine, DerivedRegionValue, DerivedIndicatorType):
            statement = delete(model)
            if indicators is not None:
                statement = statement.where(model.indicator_id.in_(list(indicators)))
            connection.execute(statement)
        _insert(connection, DerivedAreaValue, areas, AREA_COLUMNS)
        _insert(connection, DerivedSpine, spines, SPINE_COLUMNS)
        _insert(connection, DerivedRegionValue, regions, REGION_COLUMNS)
        _insert(connection, DerivedIndicatorType, types, TYPE_COLUMNS)
        connection.execute(delete(DerivedState))
        connection.execute(insert(DerivedState).values(id=1, version=version, seconds=seconds))


def derived_counts(engine: Engine) -> dict[str, int]:
    """Rows in each derived table."""
    with engine.connect() as connection:
        return {
            model.__tablename__: connection.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (DerivedAreaValue, DerivedSpine, DerivedRegionValue, DerivedIndicatorType)
        }


def area_rows(engine: Engine, code: str, indicators: Sequence[int] = ()) -> pd.DataFrame:
    """The area's latest value of each series (of ``indicators``; empty: all) with its derived figures
    (completed limits, trend, each comparator's value and benchmark, percentile), in the order
    of the values query (indicator, period, sex, age, category)."""
    return areas_rows(engine, [code], indicators)


def areas_rows(engine: Engine, codes: Sequence[str], indicators: Sequence[int] = ()) -> pd.DataFrame:
    """:func:`area_rows` of several areas in one query (ordered by indicator, then as there)."""
    value_columns = [getattr(IndicatorValue, n) for n in VALUE_FIELDS if n not in LIMITS]
    derived = [getattr(DerivedAreaValue, n) for n in AREA_DERIVED]
    query = (
        select(*value_columns, *derived)
        .join(DerivedAreaValue, DerivedAreaValue.value_id == IndicatorValue.id)
        .where(DerivedAreaValue.area_code.in_(list(codes)))
    )
    if indicators:
        query = query.where(DerivedAreaValue.indicator_id.in_(list(indicators)))
    query = query.order_by(
        IndicatorValue.indicator_id,
        IndicatorValue.period_sortable,
        IndicatorValue.sex,
        IndicatorValue.age,
        IndicatorValue.category_type,
        IndicatorValue.category,
    )
    with engine.connect() as connection:
        frame = pd.read_sql(query, connection)
    numbers = [c for c in AREA_DERIVED if c.endswith("_value")]
    for column in [*NUMBER_COLUMNS, *numbers, "percentile"]:
        frame[column] = pd.to_numeric(frame[column]).astype(float)
    return frame[[*VALUE_FIELDS, *(c for c in AREA_DERIVED if c not in LIMITS)]]


def spine_rows(engine: Engine, area_group: str, indicators: Sequence[int], country: str = "") -> pd.DataFrame:
    """The spines (peers, lowest, q25, q75, highest, the country's percentile) of a comparison
    group's series of ``indicators`` among the areas of ``country`` ('' : areas in no country)."""
    columns = [n for n in SPINE_COLUMNS if n not in ("area_group", "country_code")]
    query = select(*(getattr(DerivedSpine, n) for n in columns)).where(
        DerivedSpine.area_group == area_group,
        DerivedSpine.country_code == country,
        DerivedSpine.indicator_id.in_(list(indicators)),
    )
    with engine.connect() as connection:
        frame = pd.read_sql(query, connection)
    for column in ("lowest", "q25", "q75", "highest", "country_percentile"):
        frame[column] = pd.to_numeric(frame[column]).astype(float)
    return frame


def region_rows(engine: Engine, code: str, indicators: Sequence[int]) -> pd.DataFrame:
    """A region's derived values (every period) of ``indicators``."""
    query = (
        select(*(getattr(DerivedRegionValue, n) for n in REGION_COLUMNS))
        .where(DerivedRegionValue.area_code == code, DerivedRegionValue.indicator_id.in_(list(indicators)))
        .order_by(DerivedRegionValue.id)
    )
    with engine.connect() as connection:
        frame = pd.read_sql(query, connection)
    for column in NUMBER_COLUMNS:
        frame[column] = pd.to_numeric(frame[column]).astype(float)
    return frame


def area_type_counts(engine: Engine, indicator_id: int) -> pd.Series:
    """Area type → how many areas of that type hold a value of the indicator, most first."""
    query = (
        select(DerivedIndicatorType.area_type, DerivedIndicatorType.areas)
        .where(DerivedIndicatorType.indicator_id == indicator_id)
        .order_by(DerivedIndicatorType.areas.desc(), DerivedIndicatorType.area_type)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    return pd.Series({area_type: int(areas) for area_type, areas in rows}, dtype="int64")


def values_of_area_type(engine: Engine, indicators: Sequence[int], area_type: str) -> pd.DataFrame:
    """The key, ``period_sortable``, value, count and denominator of every value of ``indicators``
    held by areas of ``area_type``: what the aggregation of LSOAs to larger areas reads
    (:mod:`healthassets.services.small_areas`)."""
    columns = [*KEY_COLUMNS, "period_sortable", "value", "count", "denominator"]
    query = (
        select(*(getattr(IndicatorValue, c) for c in columns))
        .join(Area, Area.code == IndicatorValue.area_code)
        .where(IndicatorValue.indicator_id.in_(list(indicators)), Area.area_type == area_type)
    )
    with engine.connect() as connection:
        frame = _read(connection, query)
    for column in ("value", "count", "denominator"):
        frame[column] = pd.to_numeric(frame[column]).astype(float)
    return frame


def indicator_area_types(engine: Engine, indicators: Sequence[int]) -> pd.DataFrame:
    """indicator_id, area_type, areas: how many areas of each type hold a value of each of
    ``indicators``."""
    query = select(
        DerivedIndicatorType.indicator_id, DerivedIndicatorType.area_type, DerivedIndicatorType.areas
    )
    query = query.where(DerivedIndicatorType.indicator_id.in_(list(indicators)))
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    return pd.DataFrame(rows, columns=TYPE_COLUMNS).astype({"indicator_id": "int64", "areas": "int64"})


def latest_values_of_types(
    engine: Engine, indicators: Sequence[int], area_types: Sequence[str]
) -> pd.DataFrame:
    """Each series' latest value (area_code, indicator_id, period, sex, age, category_type,
    value) of ``indicators`` for every area of ``area_types``, from the derived table: one indexed
    read however many areas (the index page's input, :mod:`healthassets.services.indices`)."""
    columns = ["area_code", "indicator_id", "period", "sex", "age", "category_type", "value"]
    query = (
        select(*(getattr(IndicatorValue, c) for c in columns))
        .join(DerivedAreaValue, DerivedAreaValue.value_id == IndicatorValue.id)
        .join(Area, Area.code == DerivedAreaValue.area_code)
        .where(DerivedAreaValue.indicator_id.in_(list(indicators)), Area.area_type.in_(list(area_types)))
    )
    with engine.connect() as connection:
        frame = _read(connection, query)
    frame["value"] = pd.to_numeric(frame["value"]).astype(float)
    return frame
