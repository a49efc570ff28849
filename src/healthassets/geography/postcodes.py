"""Postcodes → points and places, from the bundled Greater Manchester postcode file (the one
postcode lookup: the asset forms geocode with it, the Open Referral feed filters by proximity).

``data/geography/gm_postcodes_codepoint_open_2025.csv`` (OS Code-Point Open 2025: postcode, lat,
lon, lad_code, ward_code, lsoa21_pip) is read once per process, on first use, and kept;
``la_all_codes.csv`` names each district (the HSDS address ``city``) and its combined authority or
upper-tier authority (``state_province``). No database table holds postcodes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from healthassets.errors import InputError

POSTCODE_FILE = Path("geography") / "gm_postcodes_codepoint_open_2025.csv"
LA_FILE = Path("geography") / "la_all_codes.csv"
POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})$")


def normalise_postcode(text: str) -> str:
    """'m1  1ae' → 'M1 1AE'; malformed postcodes raise InputError (column 'postcode')."""
    match = POSTCODE.match(" ".join(text.upper().split()))
    if not match:
        raise InputError(f"malformed postcode {text!r}", column="postcode")
    return f"{match[1]} {match[2]}"


@dataclass(frozen=True)
class Place:
    latitude: float
    longitude: float
    lad_code: str
    ward_code: str
    lsoa_code: str


@lru_cache(maxsize=4)
def postcode_table(data_dir: Path) -> pd.DataFrame:
    """The postcode file indexed by normalised postcode (read once)."""
    table = pd.read_csv(
        data_dir / POSTCODE_FILE,
        usecols=["postcode", "lat", "lon", "lad_code", "ward_code", "lsoa21_pip"],
        dtype={"postcode": str, "lad_code": str, "ward_code": str, "lsoa21_pip": str},
    )
    table["postcode"] = table["postcode"].str.upper().str.split().str.join(" ")
    return table.drop_duplicates("postcode").set_index("postcode")


@lru_cache(maxsize=4)
def district_places(data_dir: Path) -> pd.DataFrame:
    """district code → city (district name) and state_province (combined or upper-tier authority)."""
    table = pd.read_csv(data_dir / LA_FILE, dtype=str, usecols=["LADCD", "LADNM", "UTLANM", "CAUTHNM"])
    table = table.drop_duplicates("LADCD").set_index("LADCD")
    state = table["CAUTHNM"].where(table["CAUTHNM"].notna() & (table["CAUTHNM"] != ""), table["UTLANM"])
    return pd.DataFrame({"city": table["LADNM"], "state_province": state})


def geocode(data_dir: Path, postcode: str) -> Place:
    """The centroid and areas of ``postcode``; InputError when malformed or not in the file."""
    key = normalise_postcode(postcode)
    table = postcode_table(Path(data_dir).resolve())
    if key not in table.index:
        raise InputError(
            f"postcode {key} is not in the bundled Greater Manchester postcode file", column="postcode"
        )
    row = table.loc[key]
    return Place(float(row["lat"]), float(row["lon"]), row["lad_code"], row["ward_code"], row["lsoa21_pip"])


def postcode_places(data_dir: Path, postcodes: pd.Series) -> pd.DataFrame:
    """city and state_province for each postcode (by district; empty where the postcode is unknown)."""
    data_dir = Path(data_dir).resolve()
    keys = postcodes.fillna("").astype(str).str.upper().str.split().str.join(" ")
    lad = keys.map(postcode_table(data_dir)["lad_code"])
    places = district_places(data_dir)
    return pd.DataFrame(
        {"city": lad.map(places["city"]), "state_province": lad.map(places["state_province"])},
        index=postcodes.index,
    )


def has_postcodes(data_dir: Path) -> bool:
    """True when the postcode file is bundled (geocoding is offered only then)."""
    return (Path(data_dir) / POSTCODE_FILE).exists()


def locate(data_dir: Path, postcode: str) -> tuple[float, float] | None:
    """(latitude, longitude) of a postcode, or None when it is malformed or not in the file."""
    try:
        place = geocode(data_dir, postcode)
    except InputError:
        return None
    return place.latitude, place.longitude
