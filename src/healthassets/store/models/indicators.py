"""Indicators with every Fingertips metadata field."""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from healthassets.store.models.base import Base

#: model attribute → Fingertips metadata label, in the order Fingertips shows them
METADATA_FIELDS: dict[str, str] = {
    "name": "Indicator name",
    "definition": "Definition",
    "rationale": "Rationale",
    "data_source": "Data source",
    "methodology": "Methodology",
    "standard_population": "Standard population/values",
    "ci_method": "Confidence interval details",
    "ci_method_details": "Confidence interval method details",
    "numerator_definition": "Numerator definition",
    "numerator_source": "Numerator source",
    "denominator_definition": "Denominator definition",
    "denominator_source": "Denominator source",
    "denominator_type": "Denominator type",
    "disclosure_control": "Disclosure control",
    "caveats": "Caveats",
    "copyright": "Copyright",
    "data_reuse": "Data re-use",
    "notes": "Notes",
    "rounding": "Rounding",
    "unit": "Unit",
    "value_type": "Value type",
    "year_type": "Year type",
    "frequency": "Frequency",
    "polarity": "Polarity",
    "benchmark_method": "Benchmarking method",
    "earliest_period": "Earliest data period",
    "latest_period": "Latest data period",
    "last_updated": "Last updated",
    "has_inequalities": "Has inequalities",
    "requires_geo_aggregation": "Requires geographic aggregation",
    "has_multiple_sexes": "Has multiple sexes",
    "has_multiple_ages": "Has multiple ages",
    "has_multiple_deprivation": "Has multiple deprivation categories",
    "contains_cumulative_period_data": "Contains cumulative period data",
    "hide_in_search": "Hidden in search",
}


class Indicator(Base):
    """A measure with its full Fingertips metadata. ``multiplier`` is the unit's scale (100 for
    a percentage, 100000 for a rate per 100,000)."""

    __tablename__ = "indicators"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(500))
    short_name: Mapped[str | None] = mapped_column(String(200), default=None)
    definition: Mapped[str | None] = mapped_column(Text, default=None)
    rationale: Mapped[str | None] = mapped_column(Text, default=None)
    data_source: Mapped[str | None] = mapped_column(Text, default=None)
    methodology: Mapped[str | None] = mapped_column(Text, default=None)
    standard_population: Mapped[str | None] = mapped_column(Text, default=None)
    ci_method: Mapped[str | None] = mapped_column(Text, default=None)
    ci_method_details: Mapped[str | None] = mapped_column(Text, default=None)
    numerator_definition: Mapped[str | None] = mapped_column(Text, default=None)
    numerator_source: Mapped[str | None] = mapped_column(Text, default=None)
    denominator_definition: Mapped[str | None] = mapped_column(Text, default=None)
    denominator_source: Mapped[str | None] = mapped_column(Text, default=None)
    denominator_type: Mapped[str | None] = mapped_column(Text, default=None)
    disclosure_control: Mapped[str | None] = mapped_column(Text, default=None)
    caveats: Mapped[str | None] = mapped_column(Text, default=None)
    copyright: Mapped[str | None] = mapped_column(Text, default=None)
    data_reuse: Mapped[str | None] = mapped_column(Text, default=None)
    notes: Mapped[str | None] = mapped_column(Text, default=None)
    rounding: Mapped[str | None] = mapped_column(Text, default=None)
    unit: Mapped[str | None] = mapped_column(String(100), default=None)
    multiplier: Mapped[float | None] = mapped_column(default=None)
    value_type: Mapped[str | None] = mapped_column(String(100), default=None)
    year_type: Mapped[str | None] = mapped_column(String(100), default=None)
    frequency: Mapped[str | None] = mapped_column(String(100), default=None)
    polarity: Mapped[str | None] = mapped_column(String(100), default=None)
    benchmark_method: Mapped[str | None] = mapped_column(String(200), default=None)
    earliest_period: Mapped[str | None] = mapped_column(String(100), default=None)
    latest_period: Mapped[str | None] = mapped_column(String(100), default=None)
    last_updated: Mapped[str | None] = mapped_column(String(100), default=None)
    source: Mapped[str | None] = mapped_column(String(300), default=None, doc="who provided it")
    has_full_metadata: Mapped[bool] = mapped_column(Boolean, default=True)
    # FingertipsNext flags (None where the source does not say)
    has_inequalities: Mapped[bool | None] = mapped_column(Boolean, default=None)
    requires_geo_aggregation: Mapped[bool | None] = mapped_column(Boolean, default=None)
    has_multiple_sexes: Mapped[bool | None] = mapped_column(Boolean, default=None)
    has_multiple_ages: Mapped[bool | None] = mapped_column(Boolean, default=None)
    has_multiple_deprivation: Mapped[bool | None] = mapped_column(Boolean, default=None)
    contains_cumulative_period_data: Mapped[bool | None] = mapped_column(Boolean, default=None)
    hide_in_search: Mapped[bool | None] = mapped_column(Boolean, default=None)
