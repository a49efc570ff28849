"""Queries over indicator values (the only module that reads values with SQL)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import ColumnElement, Engine, Select, and_, func, select
from sqlalchemy.orm import aliased

from healthassets.geography.areas import expand_type
from healthassets.store.models import Area, AreaParent, Indicator, IndicatorValue, Profile


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


def indicator_table(engine: Engine, indicator_id: int | None = None) -> pd.DataFrame:
    """Every stored field of every indicator (or of one), by id."""
    query = select(Indicator).order_by(Indicator.id)
    if indicator_id is not None:
        query = query.where(Indicator.id == indicator_id)
    with engine.connect() as connection:
        return pd.read_sql(query, connection)


def profile_summary(engine: Engine, slug: str) -> tuple[str, str | None] | None:
    """(name, description) of the profile ``slug``; None when there is no such profile."""
    with engine.connect() as connection:
        row = connection.execute(
            select(Profile.name, Profile.description).where(Profile.slug == slug)
        ).first()
    return None if row is None else (str(row.name), row.description)
