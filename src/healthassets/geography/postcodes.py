"""Postcode → coordinates, from the bundled Code-Point Open extract for Greater Manchester
(data/geography/gm_postcodes_codepoint_open_2025.csv: postcode, lat, lon, …). Read once, lazily.

A postcode is normalised as Royal Mail writes it: upper case, one space before the three-character
inward code ("m1 1ad" → "M1 1AD")."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pandas as pd

POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
FILE = Path("geography") / "gm_postcodes_codepoint_open_2025.csv"


def normalise_postcode(text: str) -> str | None:
    """'m11ad' → 'M1 1AD'; None when the text is not shaped like a UK postcode."""
    compact = re.sub(r"\s+", "", (text or "").upper())
    match = POSTCODE.match(f"{compact[:-3]} {compact[-3:]}")
    return f"{match.group(1)} {match.group(2)}" if match else None


@cache
def _lookup(data_dir: Path) -> pd.DataFrame:
    path = data_dir / FILE
    if not path.exists():
        return pd.DataFrame(columns=["lat", "lon"])
    frame = pd.read_csv(path, usecols=["postcode", "lat", "lon"], dtype={"postcode": str})
    return frame.set_index("postcode")


def has_postcodes(data_dir: Path) -> bool:
    return not _lookup(Path(data_dir)).empty


def geocode(data_dir: Path, postcode: str) -> tuple[float, float] | None:
    """(latitude, longitude) of a postcode in the lookup file, else None."""
    key = normalise_postcode(postcode)
    table = _lookup(Path(data_dir))
    if key is None or key not in table.index:
        return None
    row = table.loc[key]
    return float(row["lat"]), float(row["lon"])
