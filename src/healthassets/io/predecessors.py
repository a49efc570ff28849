"""The authorities the April 2023 reorganisations replaced, read as inactive areas with their
successors (docs/adr/0050-predecessor-authorities.md).

Sources: ``geography/la_all_codes.csv`` (every local authority since 2011; ``Current`` is FALSE for a
replaced one and ``LADCD_ACTIVE`` names the authority that holds its area today) gives the districts
that became Cumberland, Westmorland and Furness, North Yorkshire and Somerset on 1 April 2023;
``geography/predecessors_supplement.csv`` (ours, from the structural-change orders) adds what that
file cannot say: the three abolished counties (Cumbria split in two) and the 2019 merger of Taunton
Deane and West Somerset into Somerset West and Taunton, which Somerset replaced in 2023.

Returns frames only; :func:`healthassets.services.loading.load_geography` writes them with the rest
of the geography, in the same transaction.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from healthassets.errors import ImportValidationError, RowProblem
from healthassets.geography.areas import GSS_CODE, area_types_of
from healthassets.io.csv_files import read_csv

#: the unitary authorities created on 1 April 2023
SUCCESSORS_2023 = ("E06000063", "E06000064", "E06000065", "E06000066")
REORGANISED_ON = "2023-04-01"
LA_COLUMNS = ["LADCD", "LADNM", "LADCD_ACTIVE", "Current"]
SUPPLEMENT_COLUMNS = ["predecessor_code", "predecessor_name", "successor_code", "replaced_on", "source"]
SUPPLEMENT = "predecessors_supplement.csv"


def _table(path: Path, columns: list[str]) -> pd.DataFrame:
    table = read_csv(path, text=True)
    table.columns = [str(c).strip() for c in table.columns]
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ImportValidationError(
            [RowProblem(0, c, "required column is missing", str(path)) for c in missing], file=str(path)
        )
    table = table[columns].apply(lambda column: column.str.strip())
    table.index = pd.RangeIndex(1, len(table) + 1)
    return table


def read_predecessors(geography_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(areas, successors): the replaced authorities as areas (code, name, area_type, active=False)
    and one row per (predecessor_code, successor_code, replaced_on)."""
    la_path = Path(geography_dir) / "la_all_codes.csv"
    supplement_path = Path(geography_dir) / SUPPLEMENT
    la = _table(la_path, LA_COLUMNS)
    supplement = _table(supplement_path, SUPPLEMENT_COLUMNS)
    _validate(la, str(la_path), supplement, str(supplement_path))
    districts = la[(la["Current"].str.upper() == "FALSE") & la["LADCD_ACTIVE"].isin(SUCCESSORS_2023)]
    from_la = pd.DataFrame(
        {
            "predecessor_code": districts["LADCD"],
            "predecessor_name": districts["LADNM"],
            "successor_code": districts["LADCD_ACTIVE"],
            "replaced_on": REORGANISED_ON,
        }
    )
    # the supplement replaces what la_all_codes says of the same predecessor (the 2019 merger)
    from_la = from_la[~from_la["predecessor_code"].isin(set(supplement["predecessor_code"]))]
    links = pd.concat([from_la, supplement.drop(columns="source")], ignore_index=True)
    areas = links.drop_duplicates("predecessor_code").rename(
        columns={"predecessor_code": "code", "predecessor_name": "name"}
    )[["code", "name"]]
    areas = areas.assign(area_type=area_types_of(areas["code"]), name_cy=None, active=False)
    untyped = areas.loc[areas["area_type"].isna(), "code"]
    if len(untyped):
        raise ImportValidationError(
            [
                RowProblem(0, "LADCD", f"not an English or Welsh area code: {c!r}", str(la_path))
                for c in untyped
            ],
            file=str(la_path),
        )
    return areas.reset_index(drop=True), links[["predecessor_code", "successor_code", "replaced_on"]]


def _validate(la: pd.DataFrame, la_file: str, supplement: pd.DataFrame, supplement_file: str) -> None:
    """Every problem at once: malformed codes, a 'Current' that is neither TRUE nor FALSE, dates."""
    problems: list[RowProblem] = []

    def report(table: pd.DataFrame, mask: pd.Series, column: str, reason: str, file: str) -> None:
        for row, value in table.loc[mask, column].head(50).items():
            problems.append(RowProblem(int(row), column, f"{reason}: {value!r}", file))

    # the file lists Scottish and Northern Irish councils too: any GSS code is well formed here
    for column in ("LADCD", "LADCD_ACTIVE"):
        report(la, ~la[column].str.fullmatch(GSS_CODE.pattern), column, "not a GSS area code", la_file)
    report(la, ~la["Current"].str.upper().isin(["TRUE", "FALSE"]), "Current", "not TRUE or FALSE", la_file)
    for column in ("predecessor_code", "successor_code"):
        report(
            supplement,
            area_types_of(supplement[column]).isna(),
            column,
            "not a recognised area code",
            supplement_file,
        )
    report(
        supplement, supplement["predecessor_name"] == "", "predecessor_name", "empty name", supplement_file
    )
    dates = pd.to_datetime(supplement["replaced_on"], format="%Y-%m-%d", errors="coerce")
    report(supplement, dates.isna(), "replaced_on", "not a date (YYYY-MM-DD)", supplement_file)
    same = supplement["predecessor_code"] == supplement["successor_code"]
    report(supplement, same, "successor_code", "an area cannot succeed itself", supplement_file)
    if problems:
        raise ImportValidationError(problems, file=problems[0].file)


def check_successors(successors: pd.DataFrame, current: pd.DataFrame, file: str) -> None:
    """Every successor is a loaded area (a current one or another predecessor) and no predecessor is
    a current area: ImportValidationError naming the codes otherwise."""
    known = set(current["code"]) | set(successors["predecessor_code"])
    problems = [
        RowProblem(0, "successor_code", f"successor {code!r} is not a loaded area", file)
        for code in sorted(set(successors["successor_code"]) - known)
    ]
    problems += [
        RowProblem(0, "predecessor_code", f"{code!r} is a current area, not a replaced one", file)
        for code in sorted(set(successors["predecessor_code"]) & set(current["code"]))
    ]
    if problems:
        raise ImportValidationError(problems, file=file)
