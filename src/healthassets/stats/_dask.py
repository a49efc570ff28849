"""The grouped statistics on a Dask DataFrame: their group sums computed by Dask.

Every grouped statistic reduces to sums per group before its limits (Σx, Σn for proportions and
rates; O, Σn, Σw, Σwx/n, Σw²x/n² for DSRs; O, E, ΣX, ΣN for ISRs; Σx, count, Σ(x − x̄)² for
means). Here those sums are built lazily from the row columns and reduced by Dask's ``groupby``
(on a distributed cluster when a ``distributed.Client`` is active, else on local threads); only
the small grouped frame is computed. The limits are then the same NumPy functions the pandas path
uses (``proportion_limits``, ``rate_limits``, ``mean_limits``, ``dsr_limits``, ``isr_limits``).

The checks of the pandas path are group sums too (the number of offending rows per group), so the
data is read once; when one fails, a second pass finds the first offending row for the message.
Rows come back sorted by the group keys (missing keys last), not in order of first appearance.
Missing in → missing out as in pandas (ADR 0039): a column whose missing values make its group's
total missing carries a count of them, and the total is masked where that count is not zero.
This module imports no I/O; reading files into Dask frames is ``io/chunked_files.py`` (ADR 0071).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from healthassets.errors import InputError
from healthassets.stats._frame import GroupBy, group_columns, grouped_sums, require_columns
from healthassets.stats.standard_populations import check_each_band_once, esp2013, esp2013_positions

#: the constant key of an ungrouped reduction (one group: the whole frame)
_ALL = "__all_rows__"


@dataclass
class Reduction:
    """Lazy row columns to reduce per group: ``sums`` (skipping missing values), ``totals`` (sums
    that a missing value makes missing, as R's ``sum``), ``extremes`` (min and max, skipping
    missing) and ``checks`` (row masks that must be all false, with their column and reason)."""

    sums: dict[str, Any] = field(default_factory=dict)
    totals: dict[str, Any] = field(default_factory=dict)
    extremes: dict[str, Any] = field(default_factory=dict)
    checks: list[tuple[Any, str, str]] = field(default_factory=list)

    def number(self, data: Any, column: str) -> Any:
        """``column`` as float64 (missing → NaN); text that is not a number becomes a check."""
        cells = data[column]
        if pd.api.types.is_numeric_dtype(cells.dtype) or pd.api.types.is_bool_dtype(cells.dtype):
            return cells.astype(float)
        numbers = cells.map_partitions(_to_float, meta=(column, "f8"))
        self.checks.append((numbers.isna() & ~cells.isna(), column, "text that is not a number"))
        return numbers

    def check(self, mask: Any, column: str, reason: str) -> None:
        self.checks.append((mask, column, reason))


def _to_float(cells: pd.Series) -> pd.Series:
    numbers = pd.to_numeric(cells, errors="coerce")
    return pd.Series(np.asarray(numbers, dtype=float), index=cells.index, name=cells.name)


def reduce_groups(data: Any, groups: Sequence[str], reduction: Reduction) -> pd.DataFrame:
    """Compute ``reduction`` per group of ``data`` (one Dask pass): the group keys, each sum,
    total, ``<name>_min``/``<name>_max`` of each extreme, and ``rows`` (the group's size); sorted
    by the keys. Raises the InputError of the first failing check."""
    keys = list(groups) or [_ALL]
    lazy: dict[str, Any] = {}
    spec: dict[str, str] = {"rows": "sum"}
    for name, series in {**reduction.sums, **reduction.totals}.items():
        lazy[f"sum:{name}"], spec[f"sum:{name}"] = series, "sum"
    for name, series in reduction.totals.items():
        lazy[f"gaps:{name}"], spec[f"gaps:{name}"] = series.isna().astype("i8"), "sum"
    for name, series in reduction.extremes.items():
        for how in ("min", "max"):
            lazy[f"{how}:{name}"], spec[f"{how}:{name}"] = series, how
    for number, (mask, _column, _reason) in enumerate(reduction.checks):
        lazy[f"check:{number}"], spec[f"check:{number}"] = mask.fillna(False).astype("i8"), "sum"
    frame = data[keys] if groups else data.assign(**{_ALL: 0})[keys]
    frame = frame.assign(rows=1, **lazy)
    summed = frame.groupby(keys, dropna=False, observed=True).agg(spec).compute()
    for number, (mask, column, reason) in enumerate(reduction.checks):
        if summed[f"check:{number}"].to_numpy().any():
            raise InputError(reason, row=first_row(mask), column=column)
    out = summed.reset_index()
    out = out.sort_values(keys, na_position="last", kind="stable").reset_index(drop=True)
    result = out[list(groups)].copy()
    for name in [*reduction.sums, *reduction.totals]:
        result[name] = out[f"sum:{name}"].to_numpy(dtype=float)
    for name in reduction.totals:
        result[name] = result[name].mask(out[f"gaps:{name}"].to_numpy() > 0)
    for name in reduction.extremes:
        result[f"{name}_min"] = out[f"min:{name}"].to_numpy(dtype=float)
        result[f"{name}_max"] = out[f"max:{name}"].to_numpy(dtype=float)
    result["rows"] = out["rows"].to_numpy(dtype=np.int64)
    return result


def _first_true(mask: pd.Series) -> pd.DataFrame:
    hits = np.flatnonzero(np.asarray(mask.fillna(False), dtype=bool))
    return pd.DataFrame({"rows": [len(mask)], "first": [int(hits[0]) if hits.size else -1]})


def first_row(mask: Any) -> int | None:
    """The 1-based row (over all partitions, in order) of the first true value of a lazy mask —
    a second pass, run only to locate a failed check."""
    summary = mask.map_partitions(_first_true, meta={"rows": "i8", "first": "i8"}).compute()
    offsets = np.concatenate([[0], np.cumsum(summary["rows"].to_numpy())[:-1]])
    found = np.flatnonzero(summary["first"].to_numpy() >= 0)
    if not found.size:
        return None
    return int(offsets[found[0]] + summary["first"].to_numpy()[found[0]]) + 1


def row_wise(data: Any, function: Callable[..., pd.DataFrame], *args: Any, **options: Any) -> Any:
    """``function`` (a row-wise statistic of pandas frames) on every partition: a lazy Dask frame.
    Row numbers in its errors count from the start of the partition."""
    meta = function(data._meta, *args, **options)
    return data.map_partitions(function, *args, meta=meta, **options)


def numerator_denominator(
    data: Any,
    numerator: str,
    denominator: str,
    group_by: GroupBy,
    *,
    numerator_at_most_denominator: bool,
) -> pd.DataFrame:
    """groups…, numerator, denominator: the checked sums of proportions and rates (as
    :func:`stats._frame.numerator_denominator`, a missing value makes its group's total missing)."""
    groups = group_columns(group_by)
    require_columns(data, [numerator, denominator, *groups])
    reduction = Reduction()
    x = reduction.number(data, numerator)
    n = reduction.number(data, denominator)
    reduction.check(x < 0, numerator, "numerators must be greater than or equal to zero")
    reduction.check(n <= 0, denominator, "denominators must be greater than zero")
    if numerator_at_most_denominator:
        reduction.check(x > n, numerator, "numerators must be less than or equal to the denominator")
    reduction.totals.update(numerator=x, denominator=n)
    return reduce_groups(data, groups, reduction).drop(columns="rows")


def mean_summaries(data: Any, values: str, groups: list[str]) -> pd.DataFrame:
    """groups…, value_sum, value_count, stdev — two passes: the sums and counts, then the squared
    deviations from each group's mean, Σ(x − x̄)², so the standard deviation keeps its precision."""
    reduction = Reduction()
    x = reduction.number(data, values)
    reduction.totals["value_sum"] = x
    first = reduce_groups(data, groups, reduction)
    means = first[groups].assign(mean=first["value_sum"] / first["rows"])
    rows = data[groups].assign(x=x) if groups else x.to_frame("x")
    squares = rows.map_partitions(_squared_deviations, means, groups, meta=("squares", "f8"))
    second = Reduction(totals={"squares": squares})
    spread = reduce_groups(rows, groups, second)
    with np.errstate(invalid="ignore", divide="ignore"):
        stdev = np.sqrt(spread["squares"].to_numpy() / (first["rows"].to_numpy() - 1))
    out = first[groups].copy()
    out["value_sum"] = first["value_sum"]
    out["value_count"] = first["rows"]
    out["stdev"] = np.where(np.isnan(first["value_sum"].to_numpy()), np.nan, stdev)
    return out


def _squared_deviations(rows: pd.DataFrame, means: pd.DataFrame, groups: list[str]) -> pd.Series:
    if groups:
        mean = rows[groups].merge(means, on=groups, how="left")["mean"].to_numpy()
    else:
        mean = np.full(len(rows), means["mean"].iloc[0] if len(means) else np.nan)
    return pd.Series((rows["x"].to_numpy(dtype=float) - mean) ** 2, index=rows.index, name="squares")


def dsr_sums(
    data: Any,
    count: str,
    population: str,
    groups: list[str],
    standard_population: str | None,
    age_band: str | None,
    event_frequency: str | None,
) -> pd.DataFrame:
    """groups…, total_count, total_pop and the sums of ``stats.dsr.SUM_COLUMNS``; ESP2013
    joined by label, each of its 19 bands once per group."""
    reduction = Reduction()
    x = reduction.number(data, count).fillna(0.0)
    n = reduction.number(data, population)
    reduction.check(x < 0, count, "counts must all be greater than or equal to zero")
    reduction.check(n <= 0, population, "populations must all be greater than zero")
    if standard_population is not None:
        w = reduction.number(data, standard_population)
        reduction.check(w < 0, standard_population, "standard populations must be zero or more")
    else:
        if age_band is None:
            raise InputError(
                "ESP2013 is joined by age band label: give the age band column", column="age_band"
            )
        positions = data[age_band].map_partitions(_positions, meta=(age_band, "i8"))
        reduction.check(
            positions < 0, age_band, f"age bands must be ESP2013's ({', '.join(esp2013().index)})"
        )
        w = positions.map_partitions(_esp_weights, meta=(age_band, "f8"))
        if event_frequency is None:
            reduction.sums["band_bits"] = positions.map_partitions(_band_bits, meta=(age_band, "f8"))
    if event_frequency is not None and age_band is not None:
        return _nonindependent_sums(
            data, reduction, (x, n, w), groups, age_band, event_frequency, (population, standard_population)
        )
    reduction.sums["total_count"] = x
    reduction.totals.update(
        total_pop=n, standard_sum=w, weighted_rate_sum=w * x / n, weighted_variance_sum=w**2 * x / n**2
    )
    out = reduce_groups(data, groups, reduction)
    if standard_population is None:
        check_each_band_once(out["rows"].to_numpy(), out["band_bits"].to_numpy(), None)
    return out.drop(columns=["rows", *(["band_bits"] if "band_bits" in out else [])])


def _nonindependent_sums(
    data: Any,
    reduction: Reduction,
    row_columns: tuple[Any, Any, Any],
    groups: list[str],
    age_band: str,
    event_frequency: str,
    names: tuple[str, str | None],
) -> pd.DataFrame:
    """Persons by event frequency: first one Dask pass to (group, age band) — events Σf·p,
    their variance Σf²·p, the band's population and standard population (the same on every row,
    ADR 0012) — then that small frame summed per group as the pandas path sums it."""
    x, n, w = row_columns
    population, standard_population = names
    f = reduction.number(data, event_frequency)
    reduction.check(~(f > 0), event_frequency, "event frequencies must be greater than zero")
    reduction.check(data[age_band].isna(), age_band, "age bands must not be missing")
    reduction.sums.update(events=x * f, variance_events=x * f**2)
    reduction.extremes.update(population=n, standard=w)
    bands = reduce_groups(data, [*groups, age_band], reduction)
    for name, column, what in (
        ("population", population, "population"),
        ("standard", standard_population, "standard population"),
    ):
        low, high = bands[f"{name}_min"].to_numpy(), bands[f"{name}_max"].to_numpy()
        if column is not None and (~np.isnan(low) & (low != high)).any():
            raise InputError(f"rows with the same group and age band have different {what}s", column=column)
    keys = groups or [_ALL]
    per_band = bands[groups].assign(**{_ALL: 0}) if not groups else bands[groups]
    n_band, w_band = bands["population_max"].to_numpy(), bands["standard_max"].to_numpy()
    e, v = bands["events"].to_numpy(), bands["variance_events"].to_numpy()
    columns = {
        "total_count": e,
        "total_pop": n_band,
        "standard_sum": w_band,
        "weighted_rate_sum": w_band * e / n_band,
        "weighted_variance_sum": w_band**2 * v / n_band**2,
    }
    out = grouped_sums(per_band, keys, columns)
    if standard_population is None:
        bits = pd.Series(2.0 ** esp2013_positions(bands[age_band]))
        by_group = grouped_sums(per_band, keys, {"rows": np.ones(len(bands)), "bits": bits.to_numpy()})
        check_each_band_once(by_group["rows"].to_numpy(), by_group["bits"].to_numpy(), None)
    return out.drop(columns=[] if groups else [_ALL])


def _positions(labels: pd.Series) -> pd.Series:
    return pd.Series(esp2013_positions(labels), index=labels.index, name=labels.name)


def _esp_weights(positions: pd.Series) -> pd.Series:
    weights = np.append(esp2013().to_numpy(), np.nan)  # position −1 → missing
    return pd.Series(weights[positions.to_numpy()], index=positions.index, name=positions.name)


def _band_bits(positions: pd.Series) -> pd.Series:
    values = positions.to_numpy()
    return pd.Series(np.where(values >= 0, 2.0 ** np.maximum(values, 0), 0.0), index=positions.index)


def isr_sums(
    data: Any,
    count: str,
    population: str,
    reference_count: str,
    reference_population: str,
    observed_totals: str | None,
    groups: list[str],
) -> pd.DataFrame:
    """groups…, observed, expected, reference_count_sum, reference_population_sum (as the pandas
    path: a missing count, population or reference count adds nothing; a missing reference
    population makes the group's expected count missing)."""
    reduction = Reduction()
    x = reduction.number(data, count)
    n = reduction.number(data, population)
    ref_x = reduction.number(data, reference_count)
    ref_n = reduction.number(data, reference_population)
    reduction.check(x < 0, count, "observed counts must all be greater than or equal to zero")
    reduction.check(n < 0, population, "populations must all be greater than or equal to zero")
    reduction.check(ref_x < 0, reference_count, "reference counts must all be greater than or equal to zero")
    reduction.check(ref_n <= 0, reference_population, "reference populations must all be greater than zero")
    reduction.sums.update(observed=x.fillna(0.0), reference_count_sum=ref_x.fillna(0.0))
    reduction.totals.update(
        expected=n.fillna(0.0) * ref_x.fillna(0.0) / ref_n, reference_population_sum=ref_n
    )
    if observed_totals is not None:
        totals = reduction.number(data, observed_totals)
        reduction.check(totals < 0, observed_totals, "observed totals must be greater than or equal to zero")
        reduction.extremes["totals"] = totals
    out = reduce_groups(data, groups, reduction)
    if observed_totals is not None:
        low, high = out.pop("totals_min").to_numpy(), out.pop("totals_max").to_numpy()
        if (~np.isnan(low) & (low != high)).any():
            raise InputError(
                "observed totals must be the same on every row of a group", column=observed_totals
            )
        out["observed"] = high
    columns: Mapping[str, None] = dict.fromkeys(
        [*groups, "observed", "expected", "reference_count_sum", "reference_population_sum"]
    )
    return out[list(columns)]
