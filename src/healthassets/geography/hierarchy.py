"""Area hierarchy helpers over DataFrames (pure, vectorised).

``links`` is a parent-link table with columns ``child_code``, ``parent_code`` and optionally
``hierarchy`` ("administrative", "nhs", "combined-authority"); ``areas`` has ``code`` and
``area_type``. An area may have several parents (an LTLA has a region and a combined authority).
"""

from __future__ import annotations

import pandas as pd

from healthassets.errors import InputError

LINK_COLUMNS = ("child_code", "parent_code")


def _require(frame: pd.DataFrame, columns: tuple[str, ...], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(f"{what} needs the column {missing[0]!r}", column=missing[0])


def ancestor_table(links: pd.DataFrame, hierarchy: str | None = None, max_depth: int = 20) -> pd.DataFrame:
    """Every (code, ancestor_code, depth) pair: depth 1 = parent, 2 = grandparent…

    Computed by repeated joins of the link table on itself (one join per level). Only links of
    ``hierarchy`` are followed when given. A cycle raises InputError.
    """
    _require(links, LINK_COLUMNS, "the link table")
    if hierarchy is not None:
        _require(links, ("hierarchy",), "filtering by hierarchy")
        links = links[links["hierarchy"] == hierarchy]
    edges = links[list(LINK_COLUMNS)].drop_duplicates()
    step = edges.rename(columns={"child_code": "code", "parent_code": "ancestor_code"}).assign(depth=1)
    found = [step]
    for depth in range(2, max_depth + 2):
        step = step.merge(edges, left_on="ancestor_code", right_on="child_code")[["code", "parent_code"]]
        step = step.rename(columns={"parent_code": "ancestor_code"}).drop_duplicates().assign(depth=depth)
        if step.empty:
            break
        looped = step.loc[step["code"] == step["ancestor_code"], "code"]
        if not looped.empty:
            raise InputError(f"the hierarchy has a cycle through {looped.iloc[0]}")
        if depth > max_depth:
            raise InputError(f"the hierarchy is deeper than {max_depth} levels (a cycle?)")
        found.append(step)
    table = pd.concat(found, ignore_index=True)
    # the nearest route wins when two routes reach the same ancestor
    return (
        table.sort_values(["code", "depth"], kind="stable")
        .drop_duplicates(["code", "ancestor_code"])
        .reset_index(drop=True)
    )


def ancestor_of_type(
    codes: pd.Series, links: pd.DataFrame, areas: pd.DataFrame, area_types: str | tuple[str, ...]
) -> pd.Series:
    """For each code, its nearest ancestor of one of ``area_types`` (missing when it has none).

    E.g. the region of every LSOA: ``ancestor_of_type(lsoas, links, areas, "region")``.
    """
    _require(areas, ("code", "area_type"), "the area table")
    wanted = (area_types,) if isinstance(area_types, str) else area_types
    table = ancestor_table(links)
    types = areas.drop_duplicates("code").set_index("code")["area_type"]
    table = table[table["ancestor_code"].map(types).isin(wanted)]
    nearest = table.sort_values(["code", "depth"], kind="stable").drop_duplicates("code")
    lookup = nearest.set_index("code")["ancestor_code"]
    return codes.map(lookup).rename(None)


def descendants_table(links: pd.DataFrame, hierarchy: str | None = None) -> pd.DataFrame:
    """Every (code, descendant_code, depth) pair (the ancestor table read the other way)."""
    table = ancestor_table(links, hierarchy)
    return table.rename(columns={"code": "descendant_code", "ancestor_code": "code"})[
        ["code", "descendant_code", "depth"]
    ]


def siblings_table(links: pd.DataFrame, areas: pd.DataFrame, hierarchy: str | None = None) -> pd.DataFrame:
    """(code, sibling_code) pairs: other areas of the same type sharing a direct parent."""
    _require(links, LINK_COLUMNS, "the link table")
    _require(areas, ("code", "area_type"), "the area table")
    if hierarchy is not None:
        links = links[links["hierarchy"] == hierarchy]
    typed = links[list(LINK_COLUMNS)].merge(
        areas[["code", "area_type"]], left_on="child_code", right_on="code"
    )[["child_code", "parent_code", "area_type"]]
    pairs = typed.merge(typed, on=["parent_code", "area_type"], suffixes=("", "_other"))
    pairs = pairs[pairs["child_code"] != pairs["child_code_other"]]
    return (
        pairs.rename(columns={"child_code": "code", "child_code_other": "sibling_code"})[
            ["code", "sibling_code"]
        ]
        .drop_duplicates()
        .reset_index(drop=True)
    )
