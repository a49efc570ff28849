"""Reading an SROI impact map (the IMPACT.csv of ``healthassets sroi``), every cell checked.

Columns: ``outcome, quantity, proxy, duration, deadweight, displacement, attribution, drop_off``
(other columns, such as a stakeholder or an indicator, are kept out of the calculation) and,
for the Monte Carlo, optional ``<input>_low`` / ``<input>_high`` pairs for any of ``quantity,
proxy, deadweight, displacement, attribution, drop_off``.

Rules (docs/adr/0067-sroi-engine-and-cli.md): every outcome is named (not ``TOTAL``, which
names the total row); quantity ≥ 0; proxy any number (negative for a disbenefit); duration a
whole number of years, 1 to 1000; the four deflators fractions in [0, 1]. In a range pair both
cells are given or both are empty (empty: that input is fixed for that outcome), low ≤ high,
and both obey the input's own rule. Every problem is reported with its data row (1 = the first
row under the header) and column; nothing is computed from a file with a problem.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from healthassets.errors import ImportValidationError, InputError, RowProblem
from healthassets.io.csv_files import read_csv
from healthassets.io.values import to_numbers
from healthassets.planning.value import DEFLATORS, VARIABLE_INPUTS, ImpactMap, InputRange

REQUIRED = (
    "outcome",
    "quantity",
    "proxy",
    "duration",
    "deadweight",
    "displacement",
    "attribution",
    "drop_off",
)
TOTAL = "TOTAL"
MAX_DURATION = 1000


@dataclass(frozen=True)
class ImpactFile:
    """An impact map read from a file, with the Monte Carlo ranges it gives."""

    impacts: ImpactMap
    ranges: dict[str, InputRange]
    warnings: tuple[str, ...] = ()
    #: the price year of each proxy (optional ``price_year`` column; NaN where not given)
    price_year: np.ndarray | None = None


def _rule(name: str) -> Callable[[np.ndarray], tuple[np.ndarray, str]]:
    """The check of one input's numbers: (where it fails, the reason)."""
    if name == "quantity":
        return lambda v: (v < 0, "a quantity must be 0 or more")
    if name == "proxy":
        return lambda v: (np.zeros(v.shape, dtype=bool), "")
    if name == "duration":
        return lambda v: (
            (v < 1) | (v > MAX_DURATION) | (v != np.floor(v)),
            f"a duration is a whole number of years from 1 to {MAX_DURATION}",
        )
    return lambda v: (
        (v < 0) | (v > 1),
        f"{name} is a fraction between 0 and 1 (e.g. 0.25 for 25 %)",
    )


class _Checker:
    """Collects the problems of one file, column by column."""

    def __init__(self, table: pd.DataFrame, file: str) -> None:
        self.table = table
        self.file = file
        self.problems: list[RowProblem] = []

    def add(self, mask: np.ndarray, column: str, reasons: list[str] | str) -> None:
        rows = self.table.index.to_numpy()[np.flatnonzero(mask)]
        texts = reasons if isinstance(reasons, list) else [reasons] * rows.size
        self.problems.extend(
            RowProblem(int(row) + 1, column, text, self.file) for row, text in zip(rows, texts, strict=True)
        )

    def sorted_problems(self) -> list[RowProblem]:
        """The problems in reading order: by row, then by the column's place in the header."""
        place = {name: position for position, name in enumerate(self.table.columns)}
        return sorted(self.problems, key=lambda p: (p.row, place.get(p.column or "", -1)))

    def numbers(self, column: str, *, required: bool) -> tuple[np.ndarray, np.ndarray]:
        """(the column's numbers, where it is empty); text that is no finite number is a problem."""
        cells = self.table[column].astype(str).str.strip()
        empty = (cells == "").to_numpy()
        values = to_numbers(cells).to_numpy(dtype=np.float64, na_value=np.nan)
        bad = ~empty & ~np.isfinite(values)
        self.add(bad, column, [f"{text!r} is not a number" for text in cells[bad]])
        if required:
            self.add(empty, column, "missing value (every outcome needs one)")
        values = np.where(bad, np.nan, values)
        return values, empty

    def obey(self, column: str, name: str, values: np.ndarray) -> None:
        failing, reason = _rule(name)(values)
        self.add(np.isfinite(values) & failing, column, reason)


def _columns(table: pd.DataFrame, file: str) -> list[str]:
    """The range inputs the header gives; InputError for a missing column or a half pair."""
    columns = [str(c).strip() for c in table.columns]
    for name in REQUIRED:
        if name not in columns:
            raise InputError(
                f"missing column (the columns are: {', '.join(columns)})", file=file, column=name
            )
    if "duration_low" in columns or "duration_high" in columns:
        column = "duration_low" if "duration_low" in columns else "duration_high"
        raise InputError(
            "duration is not varied by the Monte Carlo (it is whole years); remove this column",
            file=file,
            column=column,
        )
    ranged = []
    for name in VARIABLE_INPUTS:
        low, high = f"{name}_low", f"{name}_high"
        if (low in columns) != (high in columns):
            given, missing = (low, high) if low in columns else (high, low)
            raise InputError(
                f"a range needs both {low} and {high}: {missing} is missing", file=file, column=given
            )
        if low in columns:
            ranged.append(name)
    if table.empty:
        raise InputError("no outcomes: the file has a header but no data rows", file=file)
    return ranged


def _outcomes(check: _Checker) -> tuple[str, ...]:
    names = check.table["outcome"].astype(str).str.strip()
    check.add((names == "").to_numpy(), "outcome", "every outcome needs a name")
    check.add((names == TOTAL).to_numpy(), "outcome", f"'{TOTAL}' names the total row; rename the outcome")
    return tuple(names.tolist())


def _range(check: _Checker, name: str, point: np.ndarray) -> tuple[InputRange, int]:
    """The range of input ``name`` (empty cells → its point value) and how many outcomes vary."""
    low_column, high_column = f"{name}_low", f"{name}_high"
    low, low_empty = check.numbers(low_column, required=False)
    high, high_empty = check.numbers(high_column, required=False)
    check.add(low_empty & ~high_empty, low_column, f"{high_column} is given, so {low_column} is needed too")
    check.add(high_empty & ~low_empty, high_column, f"{low_column} is given, so {high_column} is needed too")
    check.obey(low_column, name, low)
    check.obey(high_column, name, high)
    check.add(low > high, low_column, f"{low_column} is above {high_column}")
    fixed = low_empty & high_empty
    return InputRange(np.where(fixed, point, low), np.where(fixed, point, high)), int((~fixed).sum())


def read_impact_map(path: Path, *, with_price_year: bool = False) -> ImpactFile:
    """The impact map at ``path``; ImportValidationError listing every problem, InputError for a
    file that cannot be read or lacks a column. ``with_price_year``: read the optional
    ``price_year`` column too (the pages reflate; the CLI takes values as given)."""
    file = str(path)
    table = read_csv(path, text=True)
    table.columns = [str(c).strip() for c in table.columns]
    # rows with every cell empty (what spreadsheets leave below the data) are not outcomes
    table = table[(table.apply(lambda cells: cells.str.strip()) != "").any(axis=1)]
    ranged = _columns(table, file)
    check = _Checker(table, file)
    outcome = _outcomes(check)
    inputs: dict[str, np.ndarray] = {}
    for name in REQUIRED[1:]:
        inputs[name], _ = check.numbers(name, required=True)
        check.obey(name, name, inputs[name])
    ranges: dict[str, InputRange] = {}
    notes: list[str] = []
    for name in ranged:
        ranges[name], varied = _range(check, name, inputs[name])
        outside = (inputs[name] < ranges[name].low) | (inputs[name] > ranges[name].high)
        if outside.any():
            notes.append(
                f"{int(outside.sum())} outcome(s) have a {name} outside their {name}_low–{name}_high range"
            )
        if varied == 0:
            notes.append(f"{name}_low/{name}_high are empty in every row: {name} is not varied")
    price_year = None
    if with_price_year and "price_year" in table.columns:
        price_year, _ = check.numbers("price_year", required=False)
        check.add(
            np.isfinite(price_year)
            & ((price_year != np.floor(price_year)) | (price_year < 1900) | (price_year > 2200)),
            "price_year",
            "a price year is a whole year such as 2023",
        )
    if check.problems:
        raise ImportValidationError(check.sorted_problems(), file=file)
    impacts = ImpactMap(
        outcome=outcome,
        quantity=inputs["quantity"],
        proxy=inputs["proxy"],
        duration=inputs["duration"].astype(np.int64),
        **{name: inputs[name] for name in DEFLATORS},
    )
    return ImpactFile(impacts, ranges, tuple(notes), price_year)


def read_impact_text(text: str, name: str = "impact map") -> ImpactFile:
    """:func:`read_impact_map` of CSV text (a form's upload or pasted table); errors name ``name``."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "impact.csv"
        path.write_text(text, encoding="utf-8")
        try:
            return read_impact_map(path, with_price_year=True)
        except InputError as error:
            raise error.with_file(name) from None


def read_deflators(text: str, name: str = "deflators") -> dict[int, float]:
    """A price index by year from lines of ``year,index`` (a header line is allowed); InputError
    naming the line and the reason."""
    index: dict[int, float] = {}
    lines = [line.strip() for line in text.splitlines()]
    for number, line in enumerate(lines, start=1):
        if not line or (number == 1 and not line[:1].isdigit()):
            continue
        cells = [cell.strip() for cell in line.replace("\t", ",").split(",")]
        try:
            year, level = int(cells[0]), float(cells[1])
        except (ValueError, IndexError):
            raise InputError(f"{line!r} is not 'year,index'", file=name, row=number) from None
        if not np.isfinite(level) or level <= 0:
            raise InputError(f"the index for {year} must be a positive number", file=name, row=number)
        if year in index:
            raise InputError(f"{year} is given twice", file=name, row=number)
        index[year] = level
    if not index:
        raise InputError("has no line of 'year,index' (for example 2023,100)", file=name)
    return index
