"""Build data/boundaries/wards_2024_bestfit_ew.geojson.gz: approximate electoral ward (2024)
boundaries for England and Wales, dissolved once from the bundled best-fit LSOAs (docs/adr/0049).

    python scripts/build_ward_boundaries.py

Inputs (both ONS, Open Government Licence v3.0, contain OS data):

- ``data/geography/lsoa21_lookup_ew.csv``: every LSOA 2021 with its best-fit ward (``WD24CD``,
  ``WD24NM``) and authority (``LAD24CD``, ``LAD24NM``);
- ``data/geography/lsoa21_bsc_ew.geojson.gz``: LSOA 2021 super-generalised (200 m) boundaries.

A ward's shape is the union of the LSOAs whose best fit it is — not the ward's own boundary: where
a ward cuts an LSOA the whole LSOA goes to one ward, so wards are approximate (and a ward that is no
LSOA's best fit has no shape; it is not loaded as an area either). Unions are one coverage union
per ward over the LSOAs grouped by ward (``shapely.coverage_union_all``: the LSOA polygons tile the
country without overlaps), made valid, then simplified with a 0.0005° (≈ 50 m) tolerance —
the tolerance the boundaries service simplifies every map with — and coordinates rounded to 5
decimal places (≈ 1 m), as the LSOA file is.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

ROOT = Path(__file__).resolve().parents[1]
GEOGRAPHY = ROOT / "data" / "geography"
OUT = ROOT / "data" / "boundaries" / "wards_2024_bestfit_ew.geojson.gz"
TOLERANCE_DEGREES = 0.0005
DECIMALS = 5


def lsoa_shapes() -> pd.DataFrame:
    """LSOA21CD and geometry of every feature of the England & Wales BSC file."""
    with gzip.open(GEOGRAPHY / "lsoa21_bsc_ew.geojson.gz", "rt", encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    codes = [f["properties"]["LSOA21CD"] for f in features]
    geometries = shapely.from_geojson([json.dumps(f["geometry"]) for f in features])
    return pd.DataFrame({"LSOA21CD": codes, "geometry": geometries})


def dissolve_by_ward(lsoas: pd.DataFrame, lookup: pd.DataFrame) -> pd.DataFrame:
    """One row per ward: WD24CD, WD24NM, LAD24CD, LAD24NM, lsoas (count) and its dissolved geometry."""
    joined = lookup.merge(lsoas, on="LSOA21CD", how="left", validate="1:1")
    missing = joined["geometry"].isna()
    if missing.any():
        raise SystemExit(f"{int(missing.sum())} LSOAs of the lookup have no boundary")
    joined = joined.sort_values(["WD24CD", "LSOA21CD"], kind="stable")
    wards = joined.drop_duplicates("WD24CD")[["WD24CD", "WD24NM", "LAD24CD", "LAD24NM"]].reset_index(
        drop=True
    )
    # one coverage union per ward over its LSOAs (positions into the sorted array)
    starts = np.flatnonzero(np.r_[True, joined["WD24CD"].to_numpy()[1:] != joined["WD24CD"].to_numpy()[:-1]])
    ends = np.r_[starts[1:], len(joined)]
    parts = joined["geometry"].to_numpy()
    unions = [shapely.coverage_union_all(parts[a:b]) for a, b in zip(starts, ends, strict=True)]
    geometry = shapely.make_valid(np.asarray(unions, dtype=object))
    geometry = shapely.simplify(geometry, TOLERANCE_DEGREES, preserve_topology=True)
    geometry = shapely.set_precision(geometry, 10**-DECIMALS)
    return wards.assign(lsoas=(ends - starts).astype(int), geometry=geometry)


def feature_collection(wards: pd.DataFrame) -> dict[str, object]:
    properties = wards[["WD24CD", "WD24NM", "LAD24CD", "LAD24NM", "lsoas"]].to_dict("records")
    geometries = shapely.to_geojson(wards["geometry"].to_numpy())
    return {
        "type": "FeatureCollection",
        "name": "wards_2024_bestfit_ew",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "note": "Approximate electoral ward (2024) boundaries built from best-fit LSOA 2021 "
        "super-generalised boundaries (ONS, OGL v3.0, contains OS data); not the official ward boundaries.",
        "features": [
            {"type": "Feature", "properties": props, "geometry": json.loads(geometry)}
            for props, geometry in zip(properties, geometries, strict=True)
        ],
    }


def main() -> None:
    lookup = pd.read_csv(
        GEOGRAPHY / "lsoa21_lookup_ew.csv",
        dtype=str,
        usecols=["LSOA21CD", "WD24CD", "WD24NM", "LAD24CD", "LAD24NM"],
    )
    wards = dissolve_by_ward(lsoa_shapes(), lookup)
    empty = shapely.is_empty(wards["geometry"].to_numpy())
    if empty.any():
        raise SystemExit(f"{int(empty.sum())} wards dissolved to nothing")
    text = json.dumps(feature_collection(wards), separators=(",", ":"))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as handle:
        handle.write(text.encode("utf-8"))  # mtime 0: the same input gives the same bytes
    print(f"{OUT.relative_to(ROOT)}: {len(wards):,} wards, {OUT.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
