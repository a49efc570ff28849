"""Postcodes → points and places, from the bundled Greater Manchester postcode file (the one
postcode lookup: the asset forms geocode with it, the Open Referral feed filters by proximity, the
postcode page and search find it).

``data/geography/gm_postcodes_codepoint_open_2025.csv`` (OS Code-Point Open 2025: postcode, lat,
lon, lad_code, ward_code, lsoa21_pip) is read once per process, on first use, and kept;
``la_all_codes.csv`` names each district (the HSDS address ``city``) and its combined authority or
upper-tier authority (``state_province``). No database table holds postcodes.

Postcodes are matched as people type them (docs/adr/0052): case and every space ignored — the
inward code is always a digit and two letters, so "ol11aa", "OL1  1AA" and " ol1 1aa " are all
``OL1 1AA`` — and shown in the Royal Mail form (outward code, one space, inward code).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from healthassets.errors import InputError

POSTCODE_FILE = Path("geography") / "gm_postcodes_codepoint_open_2025.csv"
LA_FILE = Path("geography") / "la_all_codes.csv"
#: a whole postcode with its spaces removed: outward code (area letters, district) + inward code
POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
#: the start of a postcode as typed: the outward code, then (after a space or not) part of the inward
PARTIAL = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?( ?[0-9][A-Z]{0,2})?$")
#: without a typed space, this many characters before a prefix is specific enough to suggest from
MIN_UNSPACED_PREFIX = 5


def compact(text: str) -> str:
    """``text`` upper-cased with every space (any Unicode white space) removed."""
    return "".join(text.upper().split())


def parse_postcode(text: str) -> str | None:
    """'ol11aa', ' OL1  1AA ' → 'OL1 1AA'; None when ``text`` is not shaped as a postcode."""
    match = POSTCODE.match(compact(text)) if isinstance(text, str) else None
    return f"{match[1]} {match[2]}" if match else None


def normalise_postcode(text: str) -> str:
    """'m1  1ae' → 'M1 1AE'; malformed postcodes raise InputError (column 'postcode')."""
    found = parse_postcode(text)
    if found is None:
        raise InputError(f"malformed postcode {text!r}", column="postcode")
    return found


def postcode_slug(postcode: str) -> str:
    """The postcode page's canonical path segment: 'OL1 1AA' → 'OL11AA'."""
    return compact(postcode)


def postcode_prefix(text: str) -> tuple[str, bool] | None:
    """What to look postcodes up by when ``text`` may be the start of one: (prefix, spaced).

    With a space typed after the outward code ('OL1 1'), the prefix is matched against the spaced
    form; without one ('OL11A'), against the compact form once it has :data:`MIN_UNSPACED_PREFIX`
    characters ('OL1' or 'OL11' could start hundreds). None for anything else (names, codes).
    """
    if not isinstance(text, str):
        return None
    spaced = " ".join(text.upper().split())
    if not PARTIAL.match(spaced):
        return None
    if " " in spaced:
        return spaced, True
    return (spaced, False) if len(spaced) >= MIN_UNSPACED_PREFIX else None


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
    # Arrow's string kernels (not a Python call per postcode): upper case, one space between parts
    spaced = table["postcode"].astype("string[pyarrow]").str.upper().str.strip()
    table["postcode"] = spaced.str.replace(r"\s+", " ", regex=True).astype(object)
    return table.drop_duplicates("postcode").set_index("postcode")


@lru_cache(maxsize=4)
def _sorted_keys(data_dir: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The file's postcodes sorted in the spaced form; and sorted in the compact form, spaced and
    compact (for prefix look-ups by binary search)."""
    spaced = postcode_table(data_dir).index.to_numpy(dtype=str)
    compacted = np.char.replace(spaced, " ", "")
    by_compact = np.argsort(compacted, kind="stable")
    return np.sort(spaced), spaced[by_compact], compacted[by_compact]


def postcodes_starting(data_dir: Path, text: str, limit: int = 10) -> list[str]:
    """Up to ``limit`` postcodes of the file (spaced form, in order) that ``text`` is the start of
    (:func:`postcode_prefix`); [] when ``text`` cannot start a postcode."""
    found = postcode_prefix(text)
    if found is None or limit <= 0 or not has_postcodes(data_dir):
        return []
    prefix, spaced = found
    sorted_spaced, spaced_by_compact, sorted_compact = _sorted_keys(Path(data_dir).resolve())
    keys, shown = (sorted_spaced, sorted_spaced) if spaced else (sorted_compact, spaced_by_compact)
    # every key starting with the prefix sorts between it and the prefix followed by '~' (after Z, 9)
    start, end = np.searchsorted(keys, [prefix, prefix + "~"])
    return [str(p) for p in shown[start : min(end, start + limit)]]


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
