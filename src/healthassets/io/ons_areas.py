"""Which published area rows of ONS "Explore local statistics" and the National Survey for Wales we
hold, and the resident populations that turn published totals into per-resident values.

Areas (GSS codes, ONS "Code history database"): rows for the area kinds the store holds (England
E92, Wales W92, regions E12, counties E10, unitary authorities E06/W06, districts E07, metropolitan
districts E08, London boroughs E09, combined authorities E47) are kept and checked against the
stored areas (an unknown code is a rejected row, counted in the load report). Every other row is
skipped and counted by reason: Scotland and Northern Ireland, the UK / Great Britain / England and
Wales totals (K0…), ITL areas (TL…; the ITL1 regions of England coincide with the regions and are
loaded as them), and kinds we hold no areas of (metropolitan counties E11, Inner/Outer London E13,
the publishers' combined data areas E67, Welsh city regions W42, "outside England" K99).

Codes changed for a minor boundary change (Barnsley E08000016 → E08000038, Sheffield E08000019 →
E08000039 in 2025) are the same authority under the same name: a row under the new code is loaded
under the code the store holds (``la_all_codes.csv``: ``LADCD_ACTIVE`` and the same ``LADNM``), and
dropped where the source also publishes the row under the held code (the two agree).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from healthassets.errors import InputError
from healthassets.io.csv_files import read_csv
from healthassets.io.values import is_known, known_set

#: code prefixes of the area kinds the store holds
HELD_PREFIXES = frozenset({"E92", "W92", "E12", "E10", "E06", "W06", "E07", "E08", "E09", "E47"})
#: ITL1 regions of England → the English region with the same boundary (ONS ITL1 = former NUTS1)
ITL1_REGIONS = {
    "TLC": "E12000001",
    "TLD": "E12000002",
    "TLE": "E12000003",
    "TLF": "E12000004",
    "TLG": "E12000005",
    "TLH": "E12000006",
    "TLI": "E12000007",
    "TLJ": "E12000008",
    "TLK": "E12000009",
}
#: the lookup's levels a population is summed to, first wins
LEVELS = ["LAD24CD", "UTLACD", "RGNCD", "CTRYCD"]
OUTSIDE = "outside England and Wales (Scotland, Northern Ireland)"
TOTALS = "UK, Great Britain or England and Wales total (not an area we hold)"
ITL = "ITL area (not held; the ITL1 regions of England are loaded as regions)"
NOT_HELD = "area kind not held (metropolitan county, Inner/Outer London, combined data area, city region)"


def skip_reasons(codes: pd.Series) -> pd.Series:
    """Why a published row is not loaded ('' where it is kept), from its area code alone."""
    text = codes.astype("string").fillna("").str.strip().str.upper()
    first = text.str.slice(0, 1)
    prefix = text.str.slice(0, 3)
    reason = pd.Series(NOT_HELD, index=codes.index, dtype=object)
    reason[first.isin(["S", "N"]).to_numpy()] = OUTSIDE
    reason[prefix.isin(["K02", "K03", "K04"]).to_numpy()] = TOTALS
    reason[text.str.startswith("TL").to_numpy()] = ITL
    keep = prefix.isin(HELD_PREFIXES) | text.isin(ITL1_REGIONS)
    reason[keep.to_numpy()] = ""
    return reason


def held_codes(codes: pd.Series, renamed: pd.Series) -> pd.Series:
    """Codes as the store holds them: ITL1 regions as their region, changed codes as the held one."""
    text = codes.astype("string").fillna("").str.strip().str.upper()
    return text.replace(ITL1_REGIONS).replace(renamed.to_dict()).astype(object)


def renamed_codes(la_codes: pd.DataFrame, known: Iterable[str] | pa.Array) -> pd.Series:
    """New code → the held code of the same-named authority (a code changed by a minor boundary
    change), from ``la_all_codes.csv`` (``LADCD``, ``LADNM``, ``LADCD_ACTIVE``, ``LADNM_ACTIVE``)."""
    table = la_codes.astype(str)
    held = known_set(known)
    same = (
        is_known(table["LADCD"], held)
        & ~is_known(table["LADCD_ACTIVE"], held)
        & (table["LADNM"].str.strip() == table["LADNM_ACTIVE"].str.strip())
        & (table["LADCD"] != table["LADCD_ACTIVE"])
    )
    pairs = table[same].drop_duplicates("LADCD_ACTIVE")
    return pd.Series(pairs["LADCD"].to_numpy(), index=pairs["LADCD_ACTIVE"].to_numpy(), dtype=object)


def read_la_codes(path: Path) -> pd.DataFrame:
    table = read_csv(path, text=True)
    for column in ("LADCD", "LADNM", "LADCD_ACTIVE", "LADNM_ACTIVE"):
        if column not in table:
            raise InputError("required column is missing", file=str(path), column=column)
    return table


def resident_population(geography: Path) -> pd.Series:
    """Area code → usual residents (Census 2021), summed from LSOAs 2021: by local authority
    (``LAD24CD``), upper-tier authority (``UTLACD``), region and country (``lsoa21_lookup_ew.csv``),
    and by the 2022 authorities that 2023's reorganisations replaced (``LAD22CD`` of
    ``lsoa11_lsoa21_lookup_ew.csv``, each LSOA 2021 once); the first level that has a code wins."""
    people = read_csv(
        geography / "lsoa21_population_census2021_ew.csv", text=True, usecols=["LSOA21CD", "total"]
    )
    lookup = read_csv(geography / "lsoa21_lookup_ew.csv", text=True, usecols=["LSOA21CD", *LEVELS])
    old = read_csv(geography / "lsoa11_lsoa21_lookup_ew.csv", text=True, usecols=["LSOA21CD", "LAD22CD"])
    old = old.drop_duplicates("LSOA21CD")
    file = str(geography / "lsoa21_population_census2021_ew.csv")
    residents = pd.to_numeric(people["total"], errors="coerce")
    bad = residents.isna() | (residents < 0)
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0]) + 1
        raise InputError(
            f"not a number of residents: {people['total'].iloc[row - 1]!r}",
            file=file,
            row=row,
            column="total",
        )
    by_lsoa = pd.Series(residents.to_numpy(), index=people["LSOA21CD"].to_numpy())
    levels = [
        lookup[["LSOA21CD", c]].rename(columns={c: "code"}) for c in ("LAD24CD", "UTLACD", "RGNCD", "CTRYCD")
    ]
    levels.append(old[["LSOA21CD", "LAD22CD"]].rename(columns={"LAD22CD": "code"}))
    parts = [
        level.assign(people=level["LSOA21CD"].map(by_lsoa)).groupby("code")["people"].sum(min_count=1)
        for level in levels
    ]
    total = pd.concat(parts)
    return total[~total.index.duplicated(keep="first")].dropna()
