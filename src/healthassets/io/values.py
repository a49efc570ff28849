"""Indicator values in their canonical column layout: validation.

Every importer turns its source into a DataFrame with :data:`VALUE_COLUMNS` (plus ``row``, the
1-based data row in the source file), then calls :func:`validate_values`, which checks every
row with whole-column operations and returns the problems. Writing is the store's
(:func:`healthassets.store.values.write_batches`, called by :mod:`healthassets.services.loading`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from healthassets.errors import ImportValidationError, RowProblem
from healthassets.indicators.periods import period_sortable
from healthassets.indicators.value_columns import KEY_COLUMNS, NUMBER_COLUMNS, TEXT_COLUMNS, VALUE_FIELDS
from healthassets.io.csv_files import is_missing

VALUE_COLUMNS = VALUE_FIELDS


@dataclass
class ImportReport:
    """What an import did: rows written, rows rejected and every problem found."""

    source: str
    rows_read: int = 0
    rows_loaded: int = 0
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def rows_rejected(self) -> int:
        return len({(p.file, p.row) for p in self.problems})

    def reasons(self) -> pd.Series:
        """Rejected rows counted by reason (reason text without the specific value)."""
        reasons = pd.Series([p.reason.split(":")[0] for p in self.problems], dtype=object)
        return reasons.value_counts()

    def to_frame(self) -> pd.DataFrame:
        frame = pd.DataFrame(
            [(p.file, p.row, p.column, p.reason) for p in self.problems],
            columns=["file", "row", "column", "reason"],
        )
        return frame.sort_values(["file", "row"], kind="stable").reset_index(drop=True)


def _problems(
    frame: pd.DataFrame,
    mask: pd.Series | np.ndarray,
    column: str,
    reason: str | pd.Series,
    file: str,
    *,
    detail: pd.Series | None = None,
    suffix: str = "",
) -> list[RowProblem]:
    """One problem per row in ``mask``. ``reason`` + ``detail`` (the offending cell) + ``suffix``
    is only built for the masked rows, so a clean column costs no string work."""
    mask = np.asarray(mask, dtype=bool)
    if not mask.any():
        return []
    rows = frame["row"].to_numpy()[mask]
    if isinstance(reason, pd.Series):
        reasons = reason[mask].tolist()
    elif detail is not None:
        cells = detail[mask].astype(object).fillna("").astype(str).tolist()
        reasons = [f"{reason}{cell}{suffix}" for cell in cells]
    else:
        reasons = [reason] * int(mask.sum())
    return [RowProblem(int(r), column, text, file) for r, text in zip(rows, reasons, strict=True)]


def to_numbers(text: pd.Series) -> pd.Series:
    """Stripped text → float64 (empty → NaN; anything unparseable → NaN).

    Fast path: Arrow's float cast over the whole column; only a column holding some text that is
    not a number falls back to :func:`pandas.to_numeric`."""
    cells = text.astype("string").str.strip().replace("", pd.NA)
    try:
        array = pa.array(cells.array, type=pa.string(), from_pandas=True)
        floats = pc.cast(array, pa.float64())
        return pd.Series(floats.to_numpy(zero_copy_only=False), index=text.index, dtype=float)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        return pd.to_numeric(cells, errors="coerce").astype(float)


def known_set(codes: Iterable[str] | pa.Array) -> pa.Array:
    """Codes as an Arrow array for :func:`pyarrow.compute.is_in` (build once per import)."""
    if isinstance(codes, pa.Array):
        return codes
    return pa.array(list(codes), type=pa.string())


def is_known(codes: pd.Series, known: pa.Array) -> np.ndarray:
    array = pa.array(codes.astype("string").array, type=pa.string(), from_pandas=True)
    return np.asarray(pc.is_in(array, value_set=known).to_numpy(zero_copy_only=False), dtype=bool)


def coerce_numbers(frame: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[RowProblem]]:
    """Numeric columns as float; text that is not a number is a problem (the cell becomes NaN).
    Missing markers (empty, NA, NaN, #N/A; ADR 0039) are missing values, not problems."""
    problems: list[RowProblem] = []
    out = frame.copy()
    for column in NUMBER_COLUMNS:
        raw = out[column]
        text = raw.astype("string").str.strip()
        numbers = to_numbers(text)
        bad = numbers.isna().to_numpy() & text.fillna("").ne("").to_numpy()
        bad[bad] = ~is_missing(text[bad])
        problems += _problems(out, bad, column, "not a number: ", file, detail=text)
        out[column] = numbers
    return out, problems


def validate_values(
    frame: pd.DataFrame, known_areas: Iterable[str] | pa.Array, file: str
) -> tuple[pd.DataFrame, list[RowProblem]]:
    """Check every row; return the frame (numbers coerced, period_sortable filled) and problems.

    Rules: indicator id a whole number; area code known; period well formed; sex and age given;
    numbers numeric; counts and denominators not negative; each confidence interval brackets its
    value and its lower limit is not above its upper; no key twice in the file.
    """
    frame, problems = coerce_numbers(frame, file)
    ids = to_numbers(frame["indicator_id"])
    bad_id = ids.isna() | (ids % 1 != 0)
    problems += _problems(frame, bad_id, "indicator_id", "indicator id is not a whole number", file)
    frame["indicator_id"] = ids.where(~bad_id).astype("Int64")
    for column in ("area_code", "sex", "age", "period"):
        frame[column] = frame[column].astype("string").str.strip().fillna("")
    for column in ("category_type", "category"):
        frame[column] = frame[column].astype("string").str.strip().fillna("")
    empty_area = frame["area_code"] == ""
    problems += _problems(frame, empty_area, "area_code", "area code is missing", file)
    unknown = ~empty_area.to_numpy() & ~is_known(frame["area_code"], known_set(known_areas))
    problems += _problems(frame, unknown, "area_code", "unknown area code: ", file, detail=frame["area_code"])
    for column in ("sex", "age"):
        problems += _problems(frame, frame[column] == "", column, f"{column} is missing", file)
    problems += _check_periods(frame, file)
    problems += _check_numbers(frame, file)
    duplicate = frame.duplicated(KEY_COLUMNS, keep="first") & ~bad_id
    if duplicate.any():
        first_row = frame.groupby(KEY_COLUMNS, dropna=False, sort=False)["row"].transform("first")
        reason = (
            "duplicate key (indicator, area, period, sex, age, category): first at row "
            + first_row.astype(str)
        )
        problems += _problems(frame, duplicate, "area_code", reason, file)
    for column in TEXT_COLUMNS:
        text = frame[column].astype("string").str.strip()
        frame[column] = text.where(text != "", None)
    return frame, problems


def _check_periods(frame: pd.DataFrame, file: str) -> list[RowProblem]:
    """Fill ``period_sortable`` (in place) and report period labels that do not parse. A file's own
    "Time period Sortable" is kept (round trip), but its label must still parse."""
    parsed = period_sortable(frame["period"])
    sortable = parsed
    if "period_sortable" in frame:
        given = to_numbers(frame["period_sortable"])
        sortable = given.where(given % 1 == 0).fillna(parsed.astype(float)).astype("Int64")
    frame["period_sortable"] = sortable
    return _problems(
        frame, parsed.isna(), "period", "malformed time period: '", file, detail=frame["period"], suffix="'"
    )


def _check_numbers(frame: pd.DataFrame, file: str) -> list[RowProblem]:
    """Counts and denominators not negative; each confidence interval's lower limit not above its
    upper, and the interval brackets the value."""
    problems: list[RowProblem] = []
    for column in ("count", "denominator"):
        problems += _problems(frame, frame[column] < 0, column, f"{column} is negative", file)
    value = frame["value"]
    for level in ("95_0", "99_8"):
        low, up = frame[f"lower{level}cl"], frame[f"upper{level}cl"]
        problems += _problems(
            frame, low > up, f"lower{level}cl", "lower limit is above the upper limit", file
        )
        outside = (value < low) | (value > up)
        problems += _problems(
            frame,
            outside & ~(low > up),
            "value",
            f"the {level.replace('_', '.')}% confidence interval does not bracket the value",
            file,
        )
    return problems


def rejected_rows(problems: list[RowProblem]) -> set[int]:
    return {p.row for p in problems}


def raise_or_keep(
    frame: pd.DataFrame, problems: list[RowProblem], *, skip_invalid: bool, file: str
) -> pd.DataFrame:
    """All-or-nothing: any problem raises, unless ``skip_invalid`` (then drop the bad rows)."""
    if problems and not skip_invalid:
        raise ImportValidationError(sorted(problems, key=lambda p: p.row), file=file)
    bad = rejected_rows(problems)
    return frame[~frame["row"].isin(bad)]
