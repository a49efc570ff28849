"""Use case: the profile of one area — its indicators benchmarked against England, its region and its
own country (England or Wales).

Read from the derived tables (docs/adr/0044), built once per data load by
:mod:`healthassets.services.derived`: each series' latest value with completed confidence limits,
its recent trend, England's and the region's value and the benchmark against each at the
indicator's own level (the region's value stored, else rebuilt from its local authorities' counts
and denominators). :mod:`healthassets.services.profile_reference` keeps the per-request computation
they are checked against.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from healthassets.errors import NotFoundError
from healthassets.indicators.profile_definitions import bundled_profiles
from healthassets.services.benchmarking import (
    ENGLAND,
    LIMITS,
    SERIES_KEYS,
    TREND_KEYS,
    benchmark_against,
    benchmark_methods,
    fill_limits,
    with_trend,
)
from healthassets.services.derived import ensure_derived
from healthassets.store import Engine
from healthassets.store import derived as derived_store
from healthassets.store import indicators as indicator_store
from healthassets.store import profiles as profile_store
from healthassets.store.areas import AreaInfo, ancestors, get_area
from healthassets.store.values import VALUE_FIELDS

__all__ = [
    "ENGLAND",
    "LIMITS",
    "SERIES_KEYS",
    "TREND_KEYS",
    "AreaProfile",
    "area_profile",
    "benchmark_against",
    "benchmark_methods",
    "ensure_demo_profile",
    "fill_limits",
    "indicator_metadata",
    "profile_domains",
    "region_values",
    "with_trend",
]


@dataclass
class AreaProfile:
    area: AreaInfo
    comparators: list[AreaInfo]
    table: pd.DataFrame
    #: each table row's percentile among the areas it is compared within (domain scores)
    percentiles: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    #: the area's own country (England or Wales): ``country_value``/``country_benchmark`` columns
    country: AreaInfo | None = None


def indicator_metadata(engine: Engine) -> pd.DataFrame:
    """Indicator id → name, value type, polarity, benchmark method, unit, multiplier."""
    return indicator_store.indicator_metadata(engine)


def region_values(engine: Engine, region: AreaInfo, series: pd.DataFrame, meta: pd.DataFrame) -> pd.DataFrame:
    """The region's values for ``series`` (every period): stored, else aggregated from its
    authorities, limits completed (the derived tables; ``meta`` is not needed any more)."""
    ensure_derived(engine)
    indicators = sorted(int(i) for i in series["indicator_id"].unique())
    rows = derived_store.region_rows(engine, region.code, indicators)
    return rows.merge(series[SERIES_KEYS].drop_duplicates(), on=SERIES_KEYS)


def area_profile(engine: Engine, code: str, *, indicators: list[int] | None = None) -> AreaProfile:
    """The area's latest values, each benchmarked against England and against its region."""
    ensure_derived(engine)
    area = get_area(engine, code)
    meta = indicator_metadata(engine)
    line = ancestors(engine, area.code)
    england = next((a for a in line if a.code == ENGLAND), None)
    region = next((a for a in line if a.area_type == "region"), None)
    country = next((a for a in line if a.area_type == "country"), None)
    comparators = [a for a in (england, region) if a is not None]
    rows = derived_store.area_rows(engine, area.code, indicators or [])
    table = rows[VALUE_FIELDS].copy()
    table["indicator_name"] = table["indicator_id"].map(meta["name"])
    table["area_name"] = area.name
    table["area_type"] = area.area_type
    table["parent_code"] = line[0].code if line else None
    table["parent_name"] = line[0].name if line else None
    table["trend"] = rows["trend"]
    if len(rows):  # as with_trend: no history, no trend source
        table["trend_source"] = rows["trend_source"]
    for comparator, prefix in ((england, "england"), (region, "region"), (country, "country")):
        if comparator is not None:
            table[f"{prefix}_value"] = rows[f"{prefix}_value"]
            table[f"{prefix}_benchmark"] = rows[f"{prefix}_benchmark"]
    table["unit"] = table["indicator_id"].map(meta["unit"])
    table["polarity"] = table["indicator_id"].map(meta["polarity"])
    table["benchmark_method"] = table["indicator_id"].map(benchmark_methods(meta))
    return AreaProfile(area, comparators, table, percentiles=rows["percentile"], country=country)


def ensure_demo_profile(engine: Engine) -> None:
    """Write the bundled profile definitions (replacing earlier copies), skipping unknown indicators."""
    profile_store.write_profiles(engine, bundled_profiles())


def profile_domains(engine: Engine, slug: str | None) -> list[tuple[str, list[int]]]:
    """(domain name, indicator ids in order) of a profile; ``None`` → one domain of every indicator."""
    if slug is None:
        return [("All indicators", indicator_store.indicator_ids(engine))]
    rows = profile_store.domain_indicators(engine, slug)
    if not rows:
        raise NotFoundError(f"no profile {slug!r} (run `healthassets load` to install the bundled profiles)")
    domains: dict[str, list[int]] = {}
    for name, indicator in rows:
        domains.setdefault(name, []).append(indicator)
    return list(domains.items())
