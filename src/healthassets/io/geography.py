"""Load the bundled geography into the store: areas, types and every parent.

Sources (see data/README.md): ``fingertips/areas.csv`` (England, regions, counties, districts and
UAs, combined authorities, NHS regions, ICBs, sub-ICBs, PCNs, GPs, with ``Children`` giving the
hierarchy) and ``geography/lsoa21_lookup_ew.csv`` (every LSOA 2021 in England and Wales with its
MSOA, its best-fit electoral ward (2024), local authority and country), plus Welsh names from
the LAD boundary file.

Everything is read and validated as DataFrames here (every problem reported at once, with file,
row and column); :func:`healthassets.services.loading.load_geography` then has the store write them
in one transaction (:func:`healthassets.store.areas.write_geography`), so nothing is written when
there is a problem. Re-running replaces: areas are inserted or renamed, every parent link is
replaced, and areas no longer in the sources are removed unless values still refer to them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from healthassets.errors import ImportValidationError, InputError, RowProblem
from healthassets.geography.areas import AREA_TYPES, area_types_of
from healthassets.geography.boundaries import read_geojson
from healthassets.geography.hierarchy import ancestor_table
from healthassets.io.area_names import with_other_names
from healthassets.io.csv_files import read_csv

WALES = "W92000004"
ENGLAND = "E92000001"
LOCAL_AUTHORITY_TYPES = ("unitary", "metropolitan", "london-borough", "district")
LOOKUP_COLUMNS = [
    "LSOA21CD",
    "LSOA21NM",
    "MSOA21CD",
    "MSOA21NM",
    "WD24CD",
    "WD24NM",
    "LAD24CD",
    "LAD24NM",
    "CTRYCD",
]
AREAS_COLUMNS = ["AreaCode", "AreaName", "Children"]
MAX_PROBLEMS_PER_KIND = 50


def _read_csv(path: Path, columns: list[str]) -> pd.DataFrame:
    """All-text table of ``columns``; missing file or columns → ImportValidationError."""
    table = read_csv(path, text=True)
    table.columns = [str(c).strip() for c in table.columns]
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ImportValidationError(
            [RowProblem(0, c, "required column is missing", str(path)) for c in missing], file=str(path)
        )
    table = table[columns].apply(lambda column: column.str.strip())
    table.index = pd.RangeIndex(1, len(table) + 1)  # 1-based data rows
    return table


def read_fingertips_areas(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Areas (code, name, area_type, row) and parent links (child_code, parent_code, row) from a
    FingertipsNext ``areas.csv``; the link's row is its parent's row (where ``Children`` is)."""
    table = _read_csv(path, AREAS_COLUMNS)
    areas = pd.DataFrame(
        {"code": table["AreaCode"].str.upper(), "name": table["AreaName"], "row": table.index}
    )
    areas["area_type"] = area_types_of(areas["code"])
    links = pd.DataFrame(
        {"parent_code": areas["code"], "child_code": table["Children"].str.split("|"), "row": table.index}
    ).explode("child_code")
    links["child_code"] = links["child_code"].str.strip().str.upper()
    links = links[links["child_code"].notna() & (links["child_code"] != "")]
    return areas.reset_index(drop=True), links.reset_index(drop=True)


def read_small_areas(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """LSOAs, MSOAs, electoral wards, Welsh authorities and Wales from ``lsoa21_lookup_ew.csv``,
    with parent links.

    An MSOA's local authority is the one most of its LSOAs are in (one MSOA, E02005686, straddles
    two LAs in the ONS best-fit lookup). Wards (2024) are the ONS best-fit ones: an LSOA has two
    parents, its MSOA and the ward it best fits; a ward's parent is its authority (wards nest in
    authorities: :func:`validate_lookup` checks it). Wards holding no LSOA's best fit are not in
    the lookup, so not loaded (docs/adr/0049). Rows are checked by :func:`validate_lookup`.
    """
    table = _read_csv(path, LOOKUP_COLUMNS)
    validate_lookup(table, str(path))
    msoa_parent = (
        table.groupby(["MSOA21CD", "MSOA21NM", "LAD24CD"], sort=False)
        .size()
        .reset_index(name="n")
        .sort_values("n", ascending=False, kind="stable")
        .drop_duplicates("MSOA21CD")
    )
    welsh = table[table["CTRYCD"] == WALES].drop_duplicates("LAD24CD")
    wards = table.drop_duplicates("WD24CD")
    areas = pd.concat(
        [
            pd.DataFrame({"code": [WALES], "name": ["Wales"]}),
            pd.DataFrame({"code": welsh["LAD24CD"], "name": welsh["LAD24NM"]}),
            pd.DataFrame({"code": msoa_parent["MSOA21CD"], "name": msoa_parent["MSOA21NM"]}),
            pd.DataFrame({"code": wards["WD24CD"], "name": wards["WD24NM"]}),
            pd.DataFrame({"code": table["LSOA21CD"], "name": table["LSOA21NM"]}),
        ],
        ignore_index=True,
    )
    areas["area_type"] = area_types_of(areas["code"])
    links = pd.concat(
        [
            pd.DataFrame({"child_code": table["LSOA21CD"], "parent_code": table["MSOA21CD"]}),
            pd.DataFrame({"child_code": msoa_parent["MSOA21CD"], "parent_code": msoa_parent["LAD24CD"]}),
            pd.DataFrame({"child_code": table["LSOA21CD"], "parent_code": table["WD24CD"]}),
            pd.DataFrame({"child_code": wards["WD24CD"], "parent_code": wards["LAD24CD"]}),
            pd.DataFrame({"child_code": welsh["LAD24CD"], "parent_code": WALES}),
        ],
        ignore_index=True,
    )
    return areas, links


def validate_lookup(table: pd.DataFrame, file: str) -> None:
    """Check the LSOA lookup row by row: code shapes, names, duplicates (all problems at once)."""
    problems: list[RowProblem] = []

    def report(mask: pd.Series, column: str, reason: str) -> None:
        for row, value in table.loc[mask, column].head(MAX_PROBLEMS_PER_KIND).items():
            problems.append(RowProblem(int(row), column, f"{reason}: {value!r}", file))

    types = {c: area_types_of(table[c]) for c in ("LSOA21CD", "MSOA21CD", "WD24CD", "LAD24CD", "CTRYCD")}
    report(types["LSOA21CD"] != "lsoa", "LSOA21CD", "not an LSOA code (E01/W01 + 6 digits)")
    report(types["MSOA21CD"] != "msoa", "MSOA21CD", "not an MSOA code (E02/W02 + 6 digits)")
    report(types["WD24CD"] != "ward", "WD24CD", "not an electoral ward code (E05/W05 + 6 digits)")
    report(~types["LAD24CD"].isin(LOCAL_AUTHORITY_TYPES), "LAD24CD", "not a local authority code")
    report(types["CTRYCD"] != "country", "CTRYCD", "not a country code (E92/W92)")
    for column in ("LSOA21NM", "MSOA21NM", "WD24NM", "LAD24NM"):
        report(table[column] == "", column, "empty name")
    report(table["LSOA21CD"].duplicated(keep="first"), "LSOA21CD", "LSOA appears twice")
    nation = table["CTRYCD"].str[:1]
    for column in ("LSOA21CD", "MSOA21CD", "WD24CD", "LAD24CD"):
        report(table[column].str[:1] != nation, column, "not in the country given in CTRYCD")
    msoa_names = table.groupby("MSOA21CD")["MSOA21NM"].transform("nunique")
    report(msoa_names > 1, "MSOA21NM", "the MSOA has different names on different rows")
    ward_names = table.groupby("WD24CD")["WD24NM"].transform("nunique")
    report(ward_names > 1, "WD24NM", "the ward has different names on different rows")
    ward_authorities = table.groupby("WD24CD")["LAD24CD"].transform("nunique")
    report(ward_authorities > 1, "WD24CD", "the ward is in different local authorities on different rows")
    if problems:
        raise ImportValidationError(problems, file=file)


def welsh_names(path: Path) -> pd.Series:
    """Welsh names (``LAD24NMW``) by code from the LAD boundary GeoJSON (plain or gzipped)."""
    features = read_geojson(path)["features"]
    props = pd.DataFrame([f.get("properties") or {} for f in features])
    if "LAD24NMW" not in props or "LAD24CD" not in props:
        return pd.Series(dtype=object)
    named = props[props["LAD24NMW"].fillna("").astype(str).str.strip() != ""]
    return pd.Series(named["LAD24NMW"].to_numpy(), index=named["LAD24CD"].to_numpy())


def validate_geography(areas: pd.DataFrame, links: pd.DataFrame, file: str) -> None:
    """Every problem at once: malformed codes, empty names, duplicate codes, links to unknown
    areas, areas that are their own parent, and cycles."""
    problems: list[RowProblem] = []
    rows = areas["row"] if "row" in areas else pd.Series(np.arange(1, len(areas) + 1), index=areas.index)
    link_rows = links["row"] if "row" in links else pd.Series(0, index=links.index)

    def report(mask: pd.Series, row: pd.Series, values: pd.Series, column: str, reason: str) -> None:
        for r, value in zip(row[mask].head(MAX_PROBLEMS_PER_KIND), values[mask], strict=False):
            problems.append(RowProblem(int(r), column, f"{reason}: {value!r}", file))

    report(areas["area_type"].isna(), rows, areas["code"], "code", "not a recognised area code")
    report(areas["name"].fillna("").str.strip() == "", rows, areas["code"], "name", "the area has no name")
    report(areas["code"].duplicated(keep="first"), rows, areas["code"], "code", "area code appears twice")
    known = set(areas["code"])
    for end in ("child_code", "parent_code"):
        report(~links[end].isin(known), link_rows, links[end], "Children", "links to unknown area")
    report(
        links["child_code"] == links["parent_code"],
        link_rows,
        links["child_code"],
        "Children",
        "area is its own parent",
    )
    if not problems:
        try:
            ancestor_table(links)
        except InputError as error:
            problems.append(RowProblem(0, "Children", error.reason, file))
    if problems:
        raise ImportValidationError(problems, file=file)


def link_hierarchy(links: pd.DataFrame, type_of: pd.Series) -> pd.Series:
    """'combined-authority' for links to a combined authority, 'nhs' when either end is an NHS
    area (GP → PCN → sub-ICB → ICB → NHS region → England), else 'administrative'."""
    child, parent = links["child_code"].map(type_of), links["parent_code"].map(type_of)
    nhs = {code for code, t in AREA_TYPES.items() if t.hierarchy == "nhs"}
    hierarchy = pd.Series("administrative", index=links.index, dtype=object)
    hierarchy[child.isin(nhs) | parent.isin(nhs)] = "nhs"
    hierarchy[parent == "combined-authority"] = "combined-authority"
    return hierarchy


def build_geography(data_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All bundled areas (code, name, name_cy, alt_name, alt_name_cy, area_type) and parent links,
    validated."""
    fingertips = Path(data_dir) / "fingertips" / "areas.csv"
    lookup = Path(data_dir) / "geography" / "lsoa21_lookup_ew.csv"
    big_areas, big_links = read_fingertips_areas(fingertips)
    validate_geography(big_areas, big_links, str(fingertips))
    small_areas, small_links = read_small_areas(lookup)
    known_las = set(big_areas["code"]) | set(small_areas["code"])
    unknown = small_links[~small_links["parent_code"].isin(known_las)]
    if not unknown.empty:
        problems = [
            RowProblem(
                0, "LAD24CD", f"unknown local authority {code!r} (not in {fingertips.name})", str(lookup)
            )
            for code in unknown["parent_code"].drop_duplicates().head(MAX_PROBLEMS_PER_KIND)
        ]
        raise ImportValidationError(problems, file=str(lookup))
    areas = pd.concat([big_areas, small_areas], ignore_index=True).drop_duplicates("code")
    links = pd.concat([big_links, small_links], ignore_index=True)
    links = links.drop_duplicates(["child_code", "parent_code"]).reset_index(drop=True)
    boundary = Path(data_dir) / "boundaries" / "local_authority_districts_2024_uk_bsc.geojson.gz"
    areas["name_cy"] = areas["code"].map(welsh_names(boundary)) if boundary.exists() else None
    areas.loc[areas["code"] == WALES, "name_cy"] = "Cymru"
    areas = with_other_names(areas, Path(data_dir))  # MSOA names, Welsh small-area names (ADR 0052)
    links["hierarchy"] = link_hierarchy(links, areas.set_index("code")["area_type"])
    return areas.drop(columns=["row"]).reset_index(drop=True), links[
        ["child_code", "parent_code", "hierarchy"]
    ]


def read_lsoa_membership(path: Path) -> pd.DataFrame:
    """(child_code, parent_code) of every LSOA with its MSOA, best-fit ward, authority (``LAD24CD``:
    each LSOA in exactly one, even where its MSOA's majority lies in another) and country, from
    ``lsoa21_lookup_ew.csv``: whom an LSOA's values aggregate to (docs/adr/0049)."""
    table = _read_csv(path, LOOKUP_COLUMNS)
    validate_lookup(table, str(path))
    parents = ("MSOA21CD", "WD24CD", "LAD24CD", "CTRYCD")
    return pd.concat(
        [pd.DataFrame({"child_code": table["LSOA21CD"], "parent_code": table[c]}) for c in parents],
        ignore_index=True,
    )
