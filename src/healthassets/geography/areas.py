"""Area codes, types and the groups of types Fingertips lists together (pure, no I/O).

GSS codes say what an area is by their first three characters (ONS "Code history database"):
E01/W01 LSOA, E02/W02 MSOA, E05/W05 electoral ward, E06/W06 unitary authority, E07
non-metropolitan district, E08 metropolitan district, E09 London borough, E10 county, E11
metropolitan county, E12 region, E47 combined authority, E92 England, W92 Wales, E40 NHS region,
E54 ICB, E38 sub-ICB location.
NHS organisation codes: PCNs are 'U' + 5 digits, GP practices a letter + 5 characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class AreaTypeInfo:
    code: str
    name: str
    level: int
    hierarchy: str = "administrative"


AREA_TYPES: dict[str, AreaTypeInfo] = {
    t.code: t
    for t in (
        AreaTypeInfo("country", "Country", 0),
        AreaTypeInfo("region", "Region", 1),
        AreaTypeInfo("combined-authority", "Combined authority", 1),
        AreaTypeInfo("county", "County", 2),
        AreaTypeInfo("metropolitan-county", "Metropolitan county", 2),
        AreaTypeInfo("unitary", "Unitary authority", 3),
        AreaTypeInfo("metropolitan", "Metropolitan district", 3),
        AreaTypeInfo("london-borough", "London borough", 3),
        AreaTypeInfo("district", "Non-metropolitan district", 3),
        AreaTypeInfo("msoa", "Middle layer super output area (MSOA)", 4),
        # a ward sits beside the MSOA: both nest in an authority and hold best-fit LSOAs
        AreaTypeInfo("ward", "Electoral ward", 4),
        AreaTypeInfo("lsoa", "Lower layer super output area (LSOA)", 5),
        AreaTypeInfo("nhs-region", "NHS region", 1, "nhs"),
        AreaTypeInfo("icb", "Integrated care board (ICB)", 2, "nhs"),
        AreaTypeInfo("sub-icb", "Sub-ICB location", 3, "nhs"),
        AreaTypeInfo("pcn", "Primary care network (PCN)", 4, "nhs"),
        AreaTypeInfo("gp", "GP practice", 5, "nhs"),
    )
}

PREFIX_TYPES = {
    "E92": "country",
    "W92": "country",
    "E12": "region",
    "E47": "combined-authority",
    "E10": "county",
    "E11": "metropolitan-county",
    "E06": "unitary",
    "W06": "unitary",
    "E08": "metropolitan",
    "E09": "london-borough",
    "E07": "district",
    "E02": "msoa",
    "W02": "msoa",
    "E05": "ward",
    "W05": "ward",
    "E01": "lsoa",
    "W01": "lsoa",
    "E40": "nhs-region",
    "E54": "icb",
    "E38": "sub-icb",
}

#: Fingertips' area-type lists: one list may hold several kinds of area
TYPE_GROUPS: dict[str, tuple[str, ...]] = {
    "ltla": ("unitary", "metropolitan", "london-borough", "district"),
    "utla": ("unitary", "metropolitan", "london-borough", "county"),
}
TYPE_GROUP_NAMES = {
    "ltla": "Districts and unitary authorities",
    "utla": "Counties and unitary authorities",
}

#: the kinds of area that can be a smaller area's parent authority (the nearest such ancestor counts:
#: a district's county, an LSOA's, MSOA's or ward's district or unitary authority)
AUTHORITY_TYPES: tuple[str, ...] = ("district", "unitary", "metropolitan", "london-borough", "county")

GSS_CODE = re.compile(r"^[EWSN]\d{8}$")
PCN_CODE = re.compile(r"^U\d{5}$")
GP_CODE = re.compile(r"^[A-Z]\d{5}$|^[A-Z]\d{4}[A-Z0-9]$")


def area_type_of(code: str) -> str | None:
    """The area type of one code, or None when the code's shape is not recognised."""
    code = code.strip().upper()
    if GSS_CODE.match(code):
        return PREFIX_TYPES.get(code[:3])
    if PCN_CODE.match(code):
        return "pcn"
    if GP_CODE.match(code):
        return "gp"
    return None


def area_types_of(codes: pd.Series) -> pd.Series:
    """Vectorised :func:`area_type_of` (missing where the code is not recognised)."""
    text = codes.astype("string").str.strip().str.upper()
    gss = text.str.fullmatch(GSS_CODE.pattern).fillna(False)
    types = text.str.slice(0, 3).map(PREFIX_TYPES).where(gss)
    pcn = text.str.fullmatch(PCN_CODE.pattern).fillna(False)
    types = types.mask(pcn, "pcn")
    gp = text.str.fullmatch(GP_CODE.pattern).fillna(False) & ~gss & ~pcn
    return types.mask(gp, "gp").astype(object).where(lambda s: s.notna(), None)


def expand_type(type_or_group: str) -> tuple[str, ...]:
    """Area types meant by a type or a Fingertips type group ('ltla' → unitary, metropolitan…)."""
    return TYPE_GROUPS.get(type_or_group, (type_or_group,))


def comparable_group(area_type: str) -> str:
    """The list an area is compared within: LTLAs for districts and UAs, else its own type."""
    if area_type in TYPE_GROUPS["ltla"]:
        return "ltla"
    if area_type == "county":
        return "utla"
    return area_type


def is_valid_code(codes: pd.Series) -> np.ndarray:
    """True where a code has a recognised shape."""
    return area_types_of(codes).notna().to_numpy()
