"""Names people know areas by besides their ONS names: the House of Commons Library MSOA names, and
the Welsh names of Welsh small areas (docs/adr/0052).

- ``geography/msoa_la.csv`` carries the House of Commons Library names of every MSOA 2021
  (``MSOAHCLNM``, "Coldhurst") and, for Welsh MSOAs, their Welsh (``MSOAHCLNMW``, "Caergybi"):
  stored as the MSOA's ``alt_name`` / ``alt_name_cy``.
- ONS names LSOAs and MSOAs after their authority ("Isle of Anglesey 001A") and publishes their
  Welsh names after the authority's Welsh name ("Ynys Môn 001A", ``LSOA21NMW``/``MSOA21NMW``); the
  bundled lookup has the English ones only, so the Welsh are written by the same rule from the
  authority's Welsh name (``LAD24NMW``), for Welsh areas whose name is their authority's plus the
  number.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from healthassets.errors import ImportValidationError, RowProblem
from healthassets.io.csv_files import read_csv

MSOA_NAMES_FILE = Path("geography") / "msoa_la.csv"
MSOA_NAME_COLUMNS = ["MSOA21CD", "MSOAHCLNM", "MSOAHCLNMW"]
#: an ONS small-area name: its authority's name, a space, three digits and (an LSOA) a letter
_NUMBERED = r"^(?P<authority>.+) (?P<number>[0-9]{3}[A-Z]?)$"


def msoa_library_names(path: Path) -> pd.DataFrame:
    """code, alt_name, alt_name_cy of every MSOA 2021 in ``msoa_la.csv`` (rows of older MSOAs are
    skipped); ImportValidationError when a column is missing or an MSOA has two different names."""
    table = read_csv(path, text=True)
    missing = [c for c in MSOA_NAME_COLUMNS if c not in table.columns]
    if missing:
        raise ImportValidationError(
            [RowProblem(0, c, "required column is missing", str(path)) for c in missing], file=str(path)
        )
    table = table[MSOA_NAME_COLUMNS].apply(lambda column: column.str.strip().mask(column.str.strip() == ""))
    table.index = pd.RangeIndex(2, len(table) + 2)  # file lines: the header is line 1
    table = table[table["MSOA21CD"].notna()]
    names = table.drop_duplicates()
    clash = names["MSOA21CD"].duplicated(keep="first")
    if clash.any():
        problems = [
            RowProblem(int(row), "MSOAHCLNM", f"the MSOA {code} has two different names", str(path))
            for row, code in names.loc[clash, "MSOA21CD"].head(50).items()
        ]
        raise ImportValidationError(problems, file=str(path))
    return pd.DataFrame(
        {
            "code": names["MSOA21CD"].str.upper().to_numpy(),
            "alt_name": names["MSOAHCLNM"].to_numpy(),
            "alt_name_cy": names["MSOAHCLNMW"].to_numpy(),
        }
    )


def welsh_small_area_names(areas: pd.DataFrame) -> pd.Series:
    """Welsh names of the Welsh LSOAs and MSOAs in ``areas`` (code, name, name_cy, area_type),
    by ONS's rule: the authority's Welsh name and the area's number ("Ynys Môn 001A"). Indexed like
    ``areas``; missing where the area is not Welsh, not so numbered or its authority has no Welsh name."""
    authorities = areas[(areas["area_type"] == "unitary") & areas["code"].str.startswith("W")]
    welsh_of = pd.Series(authorities["name_cy"].to_numpy(), index=authorities["name"].to_numpy()).dropna()
    small = areas["area_type"].isin(["lsoa", "msoa"]) & areas["code"].str.startswith("W")
    parts = areas.loc[small, "name"].str.extract(_NUMBERED)
    welsh = parts["authority"].map(welsh_of).astype("string")  # missing stays missing (NA)
    named = (welsh + " " + parts["number"].astype("string")).astype(object)
    return named.where(named.notna(), None).reindex(areas.index)


def with_other_names(areas: pd.DataFrame, data_dir: Path) -> pd.DataFrame:
    """``areas`` with ``alt_name`` / ``alt_name_cy`` (the MSOA names, when their file is bundled) and
    the Welsh names of Welsh small areas filled in where ``name_cy`` is empty."""
    out = areas.copy()
    path = Path(data_dir) / MSOA_NAMES_FILE
    library = msoa_library_names(path).set_index("code") if path.exists() else None
    for column in ("alt_name", "alt_name_cy"):
        out[column] = out["code"].map(library[column]) if library is not None else None
    out.loc[out["area_type"] != "msoa", ["alt_name", "alt_name_cy"]] = None
    derived = welsh_small_area_names(out)
    out["name_cy"] = out["name_cy"].where(out["name_cy"].notna(), derived)
    return out
