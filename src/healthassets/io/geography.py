"""Load the bundled geography into the store: areas, types and every parent.

Sources (see data/README.md): ``fingertips/areas.csv`` (England, regions, counties, districts and
UAs, combined authorities, NHS regions, ICBs, sub-ICBs, PCNs, GPs, with ``Children`` giving the
hierarchy) and ``geography/lsoa21_lookup_ew.csv`` (every LSOA 2021 in England and Wales with its
MSOA, local authority and country), plus Welsh names from the LAD boundary file.

The whole geography is built and validated as DataFrames first; then written in one transaction.
Re-running replaces the hierarchy and updates names (areas with values stay).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, delete, insert, select, update

from healthassets.errors import ImportValidationError, RowProblem
from healthassets.geography.areas import AREA_TYPES, area_types_of
from healthassets.store.models import Area, AreaParent, AreaType

Progress = Callable[[str], None]
WALES = "W92000004"
ENGLAND = "E92000001"


def read_fingertips_areas(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Areas and parent links from a FingertipsNext ``areas.csv`` (validated, all-or-nothing)."""
    table = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    missing = {"AreaCode", "AreaName", "Children"} - set(table.columns)
    if missing:
        raise ImportValidationError(
            [RowProblem(0, sorted(missing)[0], "required column is missing", str(path))],
            file=str(path),
        )
    areas = pd.DataFrame({"code": table["AreaCode"].str.strip(), "name": table["AreaName"].str.strip()})
    areas["area_type"] = area_types_of(areas["code"])
    children = table["Children"].str.split("|")
    links = pd.DataFrame({"parent_code": areas["code"], "child_code": children}).explode("child_code")
    links["child_code"] = links["child_code"].str.strip()
    links = links[links["child_code"].notna() & (links["child_code"] != "")]
    areas["row"] = range(1, len(areas) + 1)
    return areas, links.reset_index(drop=True)


def read_small_areas(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """LSOAs, MSOAs, Welsh authorities and Wales from ``lsoa21_lookup_ew.csv``, with parent links."""
    columns = [
        "LSOA21CD",
        "LSOA21NM",
        "MSOA21CD",
        "MSOA21NM",
        "LAD24CD",
        "LAD24NM",
        "CTRYCD",
        "CTRYNM",
    ]
    table = pd.read_csv(path, dtype=str, usecols=columns, keep_default_na=False)
    lsoa = pd.DataFrame({"code": table["LSOA21CD"], "name": table["LSOA21NM"]})
    msoa_parent = (
        table.groupby(["MSOA21CD", "MSOA21NM", "LAD24CD"], sort=False)
        .size()
        .reset_index(name="n")
        .sort_values("n", ascending=False, kind="stable")
        .drop_duplicates("MSOA21CD")
    )
    msoa = pd.DataFrame({"code": msoa_parent["MSOA21CD"], "name": msoa_parent["MSOA21NM"]})
    welsh = table[table["CTRYCD"] == WALES].drop_duplicates("LAD24CD")
    welsh_las = pd.DataFrame({"code": welsh["LAD24CD"], "name": welsh["LAD24NM"]})
    wales = pd.DataFrame({"code": [WALES], "name": ["Wales"]})
    areas = pd.concat([wales, welsh_las, msoa, lsoa], ignore_index=True)
    areas["area_type"] = area_types_of(areas["code"])
    areas["row"] = range(1, len(areas) + 1)
    links = pd.concat(
        [
            pd.DataFrame({"child_code": table["LSOA21CD"], "parent_code": table["MSOA21CD"]}),
            pd.DataFrame({"child_code": msoa_parent["MSOA21CD"], "parent_code": msoa_parent["LAD24CD"]}),
            pd.DataFrame({"child_code": welsh["LAD24CD"], "parent_code": WALES}),
        ],
        ignore_index=True,
    )
    return areas, links


def welsh_names(path: Path) -> pd.Series:
    """Welsh names (``LAD24NMW``) by code from the LAD boundary GeoJSON (plain or gzipped)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    props = pd.DataFrame([f["properties"] for f in features])
    if "LAD24NMW" not in props:
        return pd.Series(dtype=object)
    named = props[props["LAD24NMW"].fillna("").str.strip() != ""]
    return pd.Series(named["LAD24NMW"].to_numpy(), index=named["LAD24CD"].to_numpy())


def validate_geography(areas: pd.DataFrame, links: pd.DataFrame, file: str) -> None:
    """Every problem at once: malformed codes, empty names, clashing duplicates, unknown parents."""
    problems: list[RowProblem] = []
    row = areas["row"] if "row" in areas else pd.Series(range(1, len(areas) + 1), index=areas.index)
    for mask, column, reason in (
        (areas["area_type"].isna(), "code", "not a recognised area code"),
        (areas["name"].fillna("").str.strip() == "", "name", "the area has no name"),
    ):
        for r, code in zip(row[mask], areas.loc[mask, "code"], strict=True):
            problems.append(RowProblem(int(r), column, f"{reason}: {code!r}", file))
    clashes = areas[
        areas.duplicated("code", keep="first") & ~areas.duplicated(["code", "name"], keep="first")
    ]
    for r, code in zip(row[clashes.index], clashes["code"], strict=True):
        problems.append(RowProblem(int(r), "code", f"area {code} appears twice with different names", file))
    known = set(areas["code"])
    for end in ("child_code", "parent_code"):
        unknown = links[~links[end].isin(known)]
        for code in unknown[end].drop_duplicates().head(50):
            problems.append(RowProblem(0, end, f"links to unknown area {code!r}", file))
    if problems:
        raise ImportValidationError(problems, file=file)


def build_geography(data_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All bundled areas and parent links, validated."""
    fingertips = data_dir / "fingertips" / "areas.csv"
    lookup = data_dir / "geography" / "lsoa21_lookup_ew.csv"
    big_areas, big_links = read_fingertips_areas(fingertips)
    validate_geography(big_areas, big_links, str(fingertips))
    small_areas, small_links = read_small_areas(lookup)
    validate_geography(
        small_areas,
        small_links[small_links["parent_code"].isin(set(small_areas["code"]))],
        str(lookup),
    )
    areas = pd.concat([big_areas, small_areas], ignore_index=True).drop_duplicates("code")
    links = pd.concat([big_links, small_links], ignore_index=True)
    missing_parent = ~links["parent_code"].isin(set(areas["code"]))
    if missing_parent.any():
        bad = links[missing_parent].iloc[0]
        raise ImportValidationError(
            [RowProblem(0, "LAD24CD", f"unknown local authority {bad['parent_code']!r}", str(lookup))]
        )
    boundary = data_dir / "boundaries" / "local_authority_districts_2024_uk_bsc.geojson.gz"
    areas["name_cy"] = areas["code"].map(welsh_names(boundary)) if boundary.exists() else None
    areas.loc[areas["code"] == WALES, "name_cy"] = "Cymru"
    links = links.drop_duplicates(["child_code", "parent_code"])
    type_of = areas.set_index("code")["area_type"]
    links["hierarchy"] = links["parent_code"].map(type_of).map(lambda t: AREA_TYPES[t].hierarchy)
    links.loc[links["parent_code"].map(type_of) == "combined-authority", "hierarchy"] = "combined-authority"
    return areas.drop(columns=["row"]), links.reset_index(drop=True)


def write_geography(engine: Engine, areas: pd.DataFrame, links: pd.DataFrame) -> None:
    """Write areas and links in one transaction: insert new areas, update names, replace links."""
    with engine.begin() as connection:
        existing_types = set(connection.scalars(select(AreaType.code)))
        new_types = [
            {"code": t.code, "name": t.name, "level": t.level, "hierarchy": t.hierarchy}
            for t in AREA_TYPES.values()
            if t.code not in existing_types
        ]
        if new_types:
            connection.execute(insert(AreaType), new_types)
        existing = set(connection.scalars(select(Area.code)))
        records = areas[["code", "name", "name_cy", "area_type"]].astype(object)
        records = records.where(records.notna(), None)
        is_new = ~records["code"].isin(existing)
        connection.execute(delete(AreaParent))
        if is_new.any():
            connection.execute(insert(Area), records[is_new].to_dict("records"))
        if (~is_new).any():
            stale = records[~is_new].rename(columns={"code": "b_code"}).to_dict("records")
            from sqlalchemy import bindparam

            connection.execute(
                update(Area)
                .where(Area.code == bindparam("b_code"))
                .values(
                    name=bindparam("name"),
                    name_cy=bindparam("name_cy"),
                    area_type=bindparam("area_type"),
                ),
                stale,
            )
        connection.execute(
            insert(AreaParent), links[["child_code", "parent_code", "hierarchy"]].to_dict("records")
        )


def load_geography(engine: Engine, data_dir: Path, progress: Progress | None = None) -> dict[str, int]:
    """Build, validate and write the bundled geography; returns counts by area type."""
    if progress:
        progress("reading areas and small-area lookup")
    areas, links = build_geography(Path(data_dir))
    if progress:
        progress(f"writing {len(areas):,} areas and {len(links):,} parent links")
    write_geography(engine, areas, links)
    return areas["area_type"].value_counts().to_dict()
