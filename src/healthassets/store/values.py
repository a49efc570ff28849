"""Queries over indicator values (the only module that reads values with SQL)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine, Select, and_, select
from sqlalchemy.orm import aliased

from healthassets.geography.areas import expand_type
from healthassets.store.models import Area, AreaParent, Indicator, IndicatorValue


@dataclass
class ValueFilter:
    """Which values to fetch; empty lists mean 'any'."""

    indicators: list[int] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    area_type: str | None = None
    parent: str | None = None
    periods: list[str] = field(default_factory=list)
    sexes: list[str] = field(default_factory=list)
    ages: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    latest_only: bool = False


#: the columns of an indicator value, shared by the importers (io/) and the queries here
KEY_COLUMNS = ["indicator_id", "area_code", "period", "sex", "age", "category_type", "category"]
NUMBER_COLUMNS = ["value", "count", "denominator", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"]
TEXT_COLUMNS = ["value_note", "recent_trend"]
VALUE_FIELDS = [*KEY_COLUMNS, "period_sortable", *NUMBER_COLUMNS, *TEXT_COLUMNS]


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
        children = select(AreaParent.child_code).where(AreaParent.parent_code == f.parent)
        query = query.where(IndicatorValue.area_code.in_(children))
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
