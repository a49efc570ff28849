"""Figures derived from the indicator values once per data load (docs/adr/0044), so that a page reads
them with a few indexed queries instead of recomputing them from every peer's values per request.

Rebuilt by :func:`healthassets.services.derived.rebuild_derived` (whole, at load; per indicator after
a moderation rewrites the asset indicators). Nothing here is HTML or SVG.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Double, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from healthassets.store.models.base import Base


class DerivedAreaValue(Base):
    """One area's latest value of one series, benchmarked: completed confidence limits, recent trend,
    the value and benchmark of each comparator — its own country (England or Wales), England (for
    Welsh areas too), its region and its parent authority (docs/adr/0053) — and the area's percentile
    among its peers (the areas of its kind in its country). Keyed by the value it derives from."""

    __tablename__ = "derived_area_values"
    value_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"),
        ForeignKey("indicator_values.id", ondelete="CASCADE"),
        primary_key=True,
    )
    area_code: Mapped[str] = mapped_column(String(20))
    indicator_id: Mapped[int] = mapped_column(Integer)
    lower95_0cl: Mapped[float | None] = mapped_column(Double, default=None)
    upper95_0cl: Mapped[float | None] = mapped_column(Double, default=None)
    lower99_8cl: Mapped[float | None] = mapped_column(Double, default=None)
    upper99_8cl: Mapped[float | None] = mapped_column(Double, default=None)
    trend: Mapped[str | None] = mapped_column(String(100), default=None)
    trend_source: Mapped[str | None] = mapped_column(String(20), default=None)
    england_value: Mapped[float | None] = mapped_column(Double, default=None)
    england_benchmark: Mapped[str | None] = mapped_column(String(50), default=None)
    region_value: Mapped[float | None] = mapped_column(Double, default=None)
    region_benchmark: Mapped[str | None] = mapped_column(String(50), default=None)
    country_value: Mapped[float | None] = mapped_column(Double, default=None)
    country_benchmark: Mapped[str | None] = mapped_column(String(50), default=None)
    authority_value: Mapped[float | None] = mapped_column(Double, default=None)
    authority_benchmark: Mapped[str | None] = mapped_column(String(50), default=None)
    percentile: Mapped[float | None] = mapped_column(Double, default=None)
    __table_args__ = (Index("ix_derived_area_values_area", "area_code", "indicator_id"),)


class DerivedSpine(Base):
    """Per comparison group (e.g. 'ltla', 'lsoa'), country and series: how many of the country's
    areas of that group have a value, the lowest, quartiles and highest value (the spine chart and
    the spider chart's scale), and the country's own value's percentile among them."""

    __tablename__ = "derived_spines"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    area_group: Mapped[str] = mapped_column(String(50))
    #: the country whose areas are the peers ('' for areas in no country: NHS organisations, GPs)
    country_code: Mapped[str] = mapped_column(String(20))
    indicator_id: Mapped[int] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(String(50))
    sex: Mapped[str] = mapped_column(String(50))
    age: Mapped[str] = mapped_column(String(100))
    category_type: Mapped[str] = mapped_column(String(300))
    category: Mapped[str] = mapped_column(String(300))
    peers: Mapped[int] = mapped_column(Integer)
    lowest: Mapped[float | None] = mapped_column(Double, default=None)
    q25: Mapped[float | None] = mapped_column(Double, default=None)
    q75: Mapped[float | None] = mapped_column(Double, default=None)
    highest: Mapped[float | None] = mapped_column(Double, default=None)
    country_percentile: Mapped[float | None] = mapped_column(Double, default=None)
    __table_args__ = (Index("ix_derived_spines_area_group", "area_group", "country_code", "indicator_id"),)


class DerivedRegionValue(Base):
    """A region's value of a series at every period: stored, else rebuilt from its authorities'
    counts and denominators (:mod:`healthassets.indicators.aggregate`), limits completed."""

    __tablename__ = "derived_region_values"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    area_code: Mapped[str] = mapped_column(String(20))
    indicator_id: Mapped[int] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(String(50))
    period_sortable: Mapped[int | None] = mapped_column(BigInteger, default=None)
    sex: Mapped[str] = mapped_column(String(50))
    age: Mapped[str] = mapped_column(String(100))
    category_type: Mapped[str] = mapped_column(String(300))
    category: Mapped[str] = mapped_column(String(300))
    value: Mapped[float | None] = mapped_column(Double, default=None)
    count: Mapped[float | None] = mapped_column(Double, default=None)
    denominator: Mapped[float | None] = mapped_column(Double, default=None)
    lower95_0cl: Mapped[float | None] = mapped_column(Double, default=None)
    upper95_0cl: Mapped[float | None] = mapped_column(Double, default=None)
    lower99_8cl: Mapped[float | None] = mapped_column(Double, default=None)
    upper99_8cl: Mapped[float | None] = mapped_column(Double, default=None)
    value_note: Mapped[str | None] = mapped_column(Text, default=None)
    recent_trend: Mapped[str | None] = mapped_column(String(100), default=None)
    __table_args__ = (Index("ix_derived_region_values_area", "area_code", "indicator_id"),)


class DerivedIndicatorType(Base):
    """How many areas of each type hold a value of an indicator (the indicator page's type choice)."""

    __tablename__ = "derived_indicator_types"
    indicator_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_type: Mapped[str] = mapped_column(String(50), primary_key=True)
    areas: Mapped[int] = mapped_column(Integer)


class DerivedState(Base):
    """One row: the values version (newest batch, batch count, newest value) the derived tables were
    built from, so a reader can tell when they are stale."""

    __tablename__ = "derived_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[str] = mapped_column(String(200))
    seconds: Mapped[float | None] = mapped_column(Double, default=None)


class IndexSensitivity(Base):
    """The Sobol' indices of a store-fed index's uncertain choices on its ranks (docs/adr/0063),
    one row per factor, computed when data are loaded, for one level and country."""

    __tablename__ = "index_sensitivity"
    slug: Mapped[str] = mapped_column(String(100), primary_key=True)
    version: Mapped[str] = mapped_column(String(50), primary_key=True)
    level: Mapped[str] = mapped_column(String(20), primary_key=True)
    country: Mapped[str] = mapped_column(String(2), primary_key=True)
    factor: Mapped[str] = mapped_column(String(200), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    s1: Mapped[float | None] = mapped_column(Double, default=None)
    s1_conf: Mapped[float | None] = mapped_column(Double, default=None)
    st: Mapped[float | None] = mapped_column(Double, default=None)
    st_conf: Mapped[float | None] = mapped_column(Double, default=None)
    runs: Mapped[int] = mapped_column(Integer)
    #: the fingerprint of the input the indices were computed on (services.indices.input_fingerprint)
    values_version: Mapped[str] = mapped_column(String(200))


class DerivedInequality(Base):
    """An authority's default inequality section (docs/adr/0075): the indicator it opens with, its
    deciles and SII as the page shows them (JSON), computed once per data load for every authority
    instead of per first visit. ``values_version`` fingerprints the inputs it was computed from; a
    row whose fingerprint is not the current one is not used (the page computes it instead)."""

    __tablename__ = "derived_inequalities"
    area_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    indicator_id: Mapped[int] = mapped_column(Integer)
    period: Mapped[str | None] = mapped_column(String(50), default=None)
    reason: Mapped[str | None] = mapped_column(String(50), default=None)
    #: the summary's fields (lsoas, scored, missing, sii and its limits, intercept)
    summary: Mapped[str] = mapped_column(Text)
    #: the decile table's rows (records; empty when nothing was computed)
    deciles: Mapped[str] = mapped_column(Text)
    values_version: Mapped[str] = mapped_column(String(200))
