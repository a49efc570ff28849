"""LSOA 2011 values onto LSOA 2021 (pure: frames in, frames out), by ONS's change type.

The ONS LSOA (2011) to LSOA (2021) lookup gives each pair a ``CHGIND``: ``U`` unchanged (one to
one), ``S`` split (one 2011 LSOA into several 2021 ones), ``M`` merged (several into one), ``X``
irregular (boundaries redrawn: a 2021 LSOA takes parts of several 2011 ones, which also give parts
to others). One rule covers them all (docs/adr/0049):

    value₂₀₂₁ = Σ wᵢ vᵢ / Σ wᵢ over the 2011 LSOAs i the lookup pairs with the 2021 LSOA

- unchanged: the 2011 value itself; split: the 2011 value copied to each 2021 part (a rate or mean
  of the whole is the best estimate for each part);
- merged: the mean of the 2011 values weighted by their populations ``wᵢ`` where a population is
  given for every one of them, else equal weights;
- irregular: as merged, each contributing 2011 LSOA weighted by its *whole* population (the share of
  its people that moved is not published) — a stated approximation for 9 pairs.

A 2021 LSOA gets a value only when every 2011 LSOA paired with it has one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from healthassets.errors import InputError

CHANGE_TYPES = {"U": "unchanged", "S": "split", "M": "merged", "X": "irregular"}


def lsoa11_to_lsoa21(
    values: pd.Series, lookup: pd.DataFrame, population: pd.Series | None = None
) -> pd.DataFrame:
    """``values`` (by LSOA 2011 code) on LSOA 2021: ``LSOA21CD``, ``value``, ``sources`` (how many 2011
    LSOAs it comes from), ``change`` (the lookup's change type) and ``weighting`` ('population',
    'equal' or 'none' for a single source). ``lookup`` has ``LSOA11CD``, ``LSOA21CD``, ``CHGIND``;
    ``population`` is by LSOA 2011 code (missing: equal weights)."""
    missing = [c for c in ("LSOA11CD", "LSOA21CD", "CHGIND") if c not in lookup]
    if missing:
        raise InputError(f"the LSOA 2011 → 2021 lookup needs the column {missing[0]!r}", column=missing[0])
    unknown = ~lookup["CHGIND"].isin(list(CHANGE_TYPES))
    if unknown.any():
        raise InputError(f"unknown change type {lookup.loc[unknown, 'CHGIND'].iloc[0]!r}", column="CHGIND")
    pairs = lookup[["LSOA11CD", "LSOA21CD", "CHGIND"]].drop_duplicates(["LSOA11CD", "LSOA21CD"])
    pairs = pairs.assign(
        value=pairs["LSOA11CD"].map(values).astype(float),
        weight=pairs["LSOA11CD"].map(population if population is not None else pd.Series(dtype=float)),
    )
    grouped = pairs.groupby("LSOA21CD", sort=True)
    complete = grouped["value"].transform("count") == grouped["value"].transform("size")
    weighted = grouped["weight"].transform("count") == grouped["weight"].transform("size")
    weight = np.where(weighted & (pairs["weight"] > 0), pairs["weight"], np.where(weighted, np.nan, 1.0))
    pairs = pairs.assign(
        _w=weight,
        _wv=weight * pairs["value"],
        _complete=complete,
        _weighted=weighted,
        _bad_weight=~np.isfinite(weight),
    )
    summary = (
        pairs.sort_values("CHGIND", kind="stable")
        .groupby("LSOA21CD", sort=True)
        .agg(
            wv=("_wv", "sum"),
            w=("_w", "sum"),
            sources=("LSOA11CD", "nunique"),
            complete=("_complete", "all"),
            weighted=("_weighted", "all"),
            bad_weight=("_bad_weight", "any"),
            change=("CHGIND", "last"),  # a 2021 LSOA's pairs share one type; else the last of M < S < U < X
        )
    )
    summary = summary[summary["complete"] & ~summary["bad_weight"] & (summary["w"] > 0)]
    weighting = np.where(
        summary["sources"] == 1, "none", np.where(summary["weighted"], "population", "equal")
    )
    return pd.DataFrame(
        {
            "LSOA21CD": summary.index.to_numpy(),
            "value": (summary["wv"] / summary["w"]).to_numpy(),
            "sources": summary["sources"].to_numpy(),
            "change": summary["change"].to_numpy(),
            "weighting": weighting,
        }
    )
