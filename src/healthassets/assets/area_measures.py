"""Asset counts, rates and access per area as indicator values (pure: frames in, frames out).

Indicator ids (docs/adr/0020-asset-indicator-ids.md) are ``base + 10 × group + measure``:

- groups: 0 all assets; 1–6 the ABCD types; 7–12 the Arup dimensions; 13–17 the Five Ways;
  18–21 the kinds mapped nationally (GP practices, pharmacies, dentists, public libraries;
  docs/adr/0051), each counting the assets its covering layer lists;
- counts, base 9,100,000: measure 0 = number of assets, 1 = assets per 1,000 residents;
- access, base 9,110,000 (LSOAs): measure 0 = distance to the nearest asset (km) from the
  population-weighted centroid, 1 = assets within the chosen distance, 2 = 2SFCA access score per
  1,000 residents (:mod:`healthassets.access.fca`).

Only areas in a group's coverage get values (groups 0–17: the register's coverage; a kind: its
covering layer's); an area outside it has no row ("not mapped"), never a zero. Inside coverage a
count of 0 is a real zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from healthassets.access import by_group, two_step_fca
from healthassets.assets.vocabulary import SHORT_LABELS, AssetType, Dimension, FiveWays, label
from healthassets.tables import is_in

COUNT_BASE = 9_100_000
ACCESS_BASE = 9_110_000
PER = 1_000.0


@dataclass(frozen=True)
class Group:
    index: int
    kind: str  # "all", "type", "dimension", "five_ways", "kind"
    value: str
    title: str

    @property
    def what(self) -> str:
        """The title inside a sentence ("GP practices" keeps its capitals, "Pharmacies" does not)."""
        return self.title if self.title[1:2].isupper() else self.title[0].lower() + self.title[1:]


GROUPS: list[Group] = [
    Group(0, "all", "", "Community assets"),
    *[Group(1 + i, "type", t.value, f"{SHORT_LABELS[t]} assets") for i, t in enumerate(AssetType)],
    *[Group(7 + i, "dimension", d.value, f"Assets: {label(d).lower()}") for i, d in enumerate(Dimension)],
    *[Group(13 + i, "five_ways", w.value, f"Assets to {label(w).lower()}") for i, w in enumerate(FiveWays)],
]
ACCESS_GROUPS = [g for g in GROUPS if g.kind != "five_ways"]
#: kinds a layer may map completely (docs/adr/0051): fixed group numbers, so ids never move
KIND_GROUPS: list[Group] = [
    Group(18, "kind", "gp", "GP practices"),
    Group(19, "kind", "pharmacy", "Pharmacies"),
    Group(20, "kind", "dentist", "Dentists"),
    Group(21, "kind", "library", "Public libraries"),
]
KIND_GROUP = {g.value: g for g in KIND_GROUPS}


def count_id(group: int, rate: bool = False) -> int:
    return COUNT_BASE + 10 * group + int(rate)


def access_id(group: int, measure: int) -> int:
    return ACCESS_BASE + 10 * group + measure


def group_of(indicator_id: int) -> int | None:
    """The group of an asset indicator id (count or access), None for any other id."""
    for base in (ACCESS_BASE, COUNT_BASE):
        if base <= indicator_id < base + 10_000:
            return (indicator_id - base) // 10
    return None


def memberships(assets: pd.DataFrame, dimensions: pd.DataFrame, five_ways: pd.DataFrame) -> pd.DataFrame:
    """(asset_id, group) for every group an asset belongs to (all; its type; each dimension and way)."""
    index = {(g.kind, g.value): g.index for g in GROUPS}
    parts = [
        pd.DataFrame({"asset_id": assets["id"], "group": 0}),
        pd.DataFrame(
            {"asset_id": assets["id"], "group": assets["asset_type"].map(lambda v: index.get(("type", v)))}
        ),
        pd.DataFrame(
            {
                "asset_id": dimensions["asset_id"],
                "group": dimensions["dimension"].map(lambda v: index.get(("dimension", v))),
            }
        ),
        pd.DataFrame(
            {
                "asset_id": five_ways["asset_id"],
                "group": five_ways["way"].map(lambda v: index.get(("five_ways", v))),
            }
        ),
    ]
    out = pd.concat(parts, ignore_index=True).dropna()
    out = out[is_in(out["asset_id"], assets["id"])]
    return out.astype({"group": int}).drop_duplicates().reset_index(drop=True)


def kind_memberships(listed: pd.DataFrame) -> pd.DataFrame:
    """(asset_id, group) of the kind groups: ``listed`` holds (asset_id, kind) of the assets each
    kind's covering layer lists (docs/adr/0051); kinds without a group are left out."""
    group = listed["kind"].map({k: g.index for k, g in KIND_GROUP.items()})
    out = pd.DataFrame({"asset_id": listed["asset_id"], "group": group}).dropna()
    return out.astype({"group": int}).drop_duplicates().reset_index(drop=True)


def count_values(
    groups: pd.DataFrame,
    links: pd.DataFrame,
    population: pd.Series,
    covered: list[str] | pd.Index,
    group_ids: list[int] | None = None,
) -> pd.DataFrame:
    """Count and rate per 1,000 residents per covered area and group.

    ``groups``: (asset_id, group); ``links``: (asset_id, area_code), an asset linked to each area
    containing it at every level; ``population``: residents by area code; ``group_ids``: the
    groups to count (default :data:`GROUPS`). Returns indicator_id, area_code, count,
    denominator, value. A rate needs a known, positive population.
    """
    covered = pd.Index(sorted(set(covered)), name="area_code")
    wanted = [g.index for g in GROUPS] if group_ids is None else list(group_ids)
    joined = groups[groups["group"].isin(wanted)].merge(links, on="asset_id")
    counts = joined.groupby(["area_code", "group"]).size()
    full = pd.MultiIndex.from_product([covered, wanted], names=["area_code", "group"])
    counts = counts.reindex(full, fill_value=0).rename("count").reset_index()
    counts["count"] = counts["count"].astype(float)
    pop = counts["area_code"].map(population).astype(float)
    number = counts.assign(
        indicator_id=COUNT_BASE + 10 * counts["group"], value=counts["count"], denominator=np.nan
    )
    rate = counts.assign(
        indicator_id=COUNT_BASE + 10 * counts["group"] + 1,
        denominator=pop,
        value=np.where(pop > 0, counts["count"] / pop * PER, np.nan),
    )
    rate = rate[rate["denominator"] > 0]
    columns = ["indicator_id", "area_code", "count", "denominator", "value"]
    return pd.concat([number[columns], rate[columns]], ignore_index=True)


def access_values(
    demand: pd.DataFrame,
    supply: pd.DataFrame,
    groups: pd.DataFrame,
    report_areas: list[str] | pd.Index,
    *,
    radius: float,
    catchment: float,
    decay: str = "gaussian",
) -> pd.DataFrame:
    """Nearest distance (km), count within ``radius`` and 2SFCA score per 1,000 residents.

    ``demand``: area_code, x, y (metres, EPSG:27700), population — every area whose people may use
    the assets (also those just outside the coverage, so edge sites share their supply fairly);
    ``supply``: asset_id, x, y (and optional capacity); ``groups``: (asset_id, group). Values are
    returned only for ``report_areas``.
    """
    demand = demand.reset_index(drop=True)
    supply = supply.reset_index(drop=True)
    wanted = is_in(demand["area_code"], report_areas)
    groups = groups[groups["group"].isin([g.index for g in (*ACCESS_GROUPS, *KIND_GROUPS)])]
    position = pd.Series(np.arange(len(supply)), index=supply["asset_id"])
    membership = (
        pd.DataFrame({"supply": groups["asset_id"].map(position), "group": groups["group"]})
        .dropna()
        .astype(int)
    )
    demand_xy = demand[["x", "y"]].to_numpy(float)
    supply_xy = supply[["x", "y"]].to_numpy(float)
    near = by_group(demand_xy[wanted], supply_xy, membership, radius)
    codes = demand["area_code"].to_numpy()[wanted]
    near["area_code"] = codes[near["demand"].to_numpy()]
    capacity = supply["capacity"].to_numpy(float) if "capacity" in supply else np.ones(len(supply))
    scores = []
    for group, rows in membership.groupby("group")["supply"]:
        members = np.unique(rows.to_numpy())
        result = two_step_fca(
            demand_xy,
            demand["population"].to_numpy(float),
            supply_xy[members],
            capacity[members],
            catchment=catchment,
            decay=decay,
        )
        scores.append(pd.DataFrame({"area_code": codes, "group": group, "fca": result.access[wanted] * PER}))
    frame = (
        near.merge(pd.concat(scores, ignore_index=True), on=["area_code", "group"], how="left")
        if scores
        else near
    )
    frame = frame.assign(fca=frame.get("fca", np.nan))
    population = demand.set_index("area_code")["population"]
    parts = [
        pd.DataFrame({"indicator_id": ACCESS_BASE + 10 * frame["group"], "value": frame["nearest"] / 1000}),
        pd.DataFrame(
            {"indicator_id": ACCESS_BASE + 10 * frame["group"] + 1, "value": frame["within"].astype(float)}
        ),
        pd.DataFrame({"indicator_id": ACCESS_BASE + 10 * frame["group"] + 2, "value": frame["fca"]}),
    ]
    out = pd.concat(
        [p.assign(area_code=frame["area_code"].to_numpy(), count=np.nan, denominator=np.nan) for p in parts],
        ignore_index=True,
    )
    within = out["indicator_id"] % 10 == 1
    out.loc[within, "count"] = out.loc[within, "value"]
    fca = out["indicator_id"] % 10 == 2
    out.loc[fca, "denominator"] = out.loc[fca, "area_code"].map(population).to_numpy()
    out = out[np.isfinite(out["value"])]  # no asset of the group anywhere: no distance
    return out[["indicator_id", "area_code", "count", "denominator", "value"]].reset_index(drop=True)


def _count_rows(g: Group, common: dict[str, object]) -> list[dict[str, object]]:
    """Metadata of a group's count and rate per 1,000 residents."""
    what = g.what
    return [
        {
            **common,
            "id": count_id(g.index),
            "name": f"{g.title} (count)",
            "short_name": f"{g.title} (count)",
            "value_type": "Count",
            "unit": "assets",
            "multiplier": 1.0,
            "polarity": "High is good",
            "definition": f"Number of published {what} located in the area (point in polygon).",
            "methodology": "Each asset's point is placed in its LSOA 2021 (Shapely STRtree over the "
            "BGC boundaries) and counted in that LSOA and every area above it; a person listed as an "
            "asset by their approximate point (the centre of its 1 km grid square, docs/adr/0035).",
        },
        {
            **common,
            "id": count_id(g.index, rate=True),
            "name": f"{g.title} per 1,000 residents",
            "short_name": f"{g.title} per 1,000",
            "value_type": "Crude rate",
            "unit": "per 1,000",
            "multiplier": PER,
            "polarity": "High is good",
            "definition": f"Number of published {what} per 1,000 usual residents (Census 2021).",
            "denominator_definition": "Usual residents, Census 2021 (TS001), summed from LSOAs",
            "denominator_source": "Office for National Statistics, Census 2021",
            "methodology": "Count ÷ residents × 1,000.",
        },
    ]


def _access_rows(
    g: Group, common: dict[str, object], *, radius: float, catchment: float, decay: str
) -> list[dict[str, object]]:
    """Metadata of a group's nearest distance, count within ``radius`` and 2SFCA score."""
    what = g.what
    return [
        {
            **common,
            "id": access_id(g.index, 0),
            "name": f"{g.title}: distance to the nearest (km)",
            "short_name": f"Nearest: {what} (km)",
            "value_type": "Distance",
            "unit": "km",
            "multiplier": 1.0,
            "polarity": "Low is good",
            "definition": f"Straight-line distance from the LSOA's population-weighted centroid (ONS, "
            f"Census 2021) to the nearest of {what}, in kilometres (British National Grid).",
            "methodology": "SciPy cKDTree nearest-neighbour search in EPSG:27700 metres.",
        },
        {
            **common,
            "id": access_id(g.index, 1),
            "name": f"{g.title} within {radius / 1000:g} km",
            "short_name": f"{g.title} within {radius / 1000:g} km",
            "value_type": "Count",
            "unit": "assets",
            "multiplier": 1.0,
            "polarity": "High is good",
            "definition": f"Number of {what} within {radius / 1000:g} km (straight line) of the LSOA's "
            "population-weighted centroid.",
            "methodology": "SciPy cKDTree ball query in EPSG:27700.",
        },
        {
            **common,
            "id": access_id(g.index, 2),
            "name": f"{g.title}: access score (2SFCA per 1,000 residents)",
            "short_name": f"Access score: {what}",
            "value_type": "Index",
            "unit": "per 1,000",
            "multiplier": PER,
            "polarity": "High is good",
            "definition": f"Two-step floating catchment area score: {what} per 1,000 residents within a "
            f"{catchment / 1000:g} km catchment, sharing each asset among everyone in reach.",
            "methodology": f"2SFCA with {decay} distance decay (Luo & Qi 2009; Dai 2010); demand is "
            "the Census 2021 population at population-weighted centroids; each asset has capacity 1. "
            "Population-weighted access summed over areas equals the number of assets in reach.",
        },
    ]


#: what the kind indicators add to the caveats (docs/adr/0051)
KIND_CAVEATS = (
    "Counted from one national list for the whole of England and Wales, so every area is counted "
    "alike; records of the same asset in the Greater Manchester layers are merged into one, and "
    "Greater Manchester records the national list lacks are shown on the map but not counted here. "
    "Points are postcode centroids. Outside the North West an asset is placed in its LSOA by the "
    "super-generalised (200 m) boundaries, so near an LSOA's edge it may be counted in the "
    "neighbouring one; MSOA and authority counts, and the access measures (which use the point "
    "itself), are little affected."
)


def indicator_metadata(
    *,
    radius: float,
    catchment: float,
    decay: str,
    source: str,
    period: str,
    kinds: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Full metadata of every asset indicator (count, rate, and the access measures); ``kinds``:
    kind → the source of the layer that maps it (its indicators are added)."""
    common = {
        "has_full_metadata": True,
        "data_source": source,
        "source": "healthassets community asset register",
        "frequency": "When the register changes",
        "year_type": "Calendar",
        "benchmark_method": "No comparison",
        "data_reuse": "As the register's sources (see each asset's licence)",
        "caveats": "Counts cover only the areas the register has been mapped for; elsewhere values "
        "are not mapped (no value), never zero. Source layers are of different ages.",
        "last_updated": period,
    }
    rows = [row for g in GROUPS for row in _count_rows(g, common)]
    for g in ACCESS_GROUPS:
        rows += _access_rows(g, common, radius=radius, catchment=catchment, decay=decay)
    for kind, layer_source in (kinds or {}).items():
        g = KIND_GROUP[kind]
        listed = {
            **common,
            "data_source": layer_source,
            "data_reuse": "As the national layer's licence (see the data source)",
            "caveats": f"{common['caveats']} {KIND_CAVEATS}",
        }
        kind_rows = _count_rows(g, listed) + _access_rows(
            g, listed, radius=radius, catchment=catchment, decay=decay
        )
        for row in kind_rows:
            row["definition"] = f"{row['definition']} Only {g.what} the national layer lists are counted."
        rows += kind_rows
    return pd.DataFrame(rows)
