"""The grouped statistics on a Dask DataFrame (``stats/_dask.py``) give the pandas rows, sorted by
the group keys, within 1e-12 relative — computed on a local cluster of two worker processes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest

from healthassets import stats
from healthassets.errors import InputError
from tests.same_rows import assert_same_rows

ROWS = 3000
LEVELS = [0.95, 0.998]


def rows(seed: int = 3) -> pd.DataFrame:
    """Rows in two group keys (one with missing keys), with missing cells in every number column."""
    rng = np.random.default_rng(seed)
    n = rng.integers(200, 5000, ROWS).astype(float)
    frame = pd.DataFrame(
        {
            "area": rng.choice(["E01", "E02", "E03", "W01", None], ROWS),
            "sex": rng.choice(["Male", "Female"], ROWS),
            "x": rng.binomial(n.astype(int), 0.05).astype(float),
            "n": n,
            "v": rng.normal(40, 12, ROWS),
            "ref_x": rng.integers(50, 400, ROWS).astype(float),
            "ref_n": rng.integers(5_000, 50_000, ROWS).astype(float),
            "w": rng.integers(1_000, 7_000, ROWS).astype(float),
        }
    )
    for column in ("x", "n", "v", "ref_x", "ref_n", "w"):
        frame.loc[rng.choice(ROWS, 2, replace=False), column] = np.nan
    frame.loc[frame["area"] == "W01", "v"] = rng.normal(40, 12, (frame["area"] == "W01").sum())
    return frame


def lazy(frame: pd.DataFrame, partitions: int = 5) -> Any:
    return dd.from_pandas(frame, npartitions=partitions, sort=False)


METHODS: dict[str, Callable[..., pd.DataFrame]] = {
    "proportion": lambda data, **kw: stats.proportion(data, "x", "n", multiplier=100, **kw),
    "rate": lambda data, **kw: stats.rate(data, "x", "n", **kw),
    "mean": lambda data, **kw: stats.mean(data, "v", **kw),
    "dsr": lambda data, **kw: stats.dsr(data, "x", "n", standard_population="w", **kw),
    "isr": lambda data, **kw: stats.isr(data, "x", "n", "ref_x", "ref_n", **kw),
    "isratio": lambda data, **kw: stats.isratio(data, "x", "n", "ref_x", "ref_n", reference_value=100, **kw),
}


@pytest.mark.parametrize("group_by", [["area"], ["area", "sex"], ["sex", "area"]])
@pytest.mark.parametrize("method", list(METHODS))
def test_grouped_on_the_cluster_equals_pandas(dask_client: Any, method: str, group_by: list[str]) -> None:
    assert len(dask_client.scheduler_info()["workers"]) == 2
    frame = rows()
    with pytest.warns() if method == "dsr" else _nothing():
        expected = METHODS[method](frame, group_by=group_by, confidence=LEVELS)
    with pytest.warns() if method == "dsr" else _nothing():
        actual = METHODS[method](lazy(frame), group_by=group_by, confidence=LEVELS)
    assert isinstance(actual, pd.DataFrame)
    assert actual[["value", "lower95_0cl"]].isna().any().all()  # missing in → missing out
    assert actual["value"].notna().sum() >= 1
    assert_same_rows(expected, actual, group_by)


@pytest.mark.parametrize("method", ["mean", "dsr", "isr", "isratio"])
def test_ungrouped_is_one_group(dask_client: Any, method: str) -> None:
    frame = rows().dropna(subset=["v", "n", "w", "ref_n"])
    expected = METHODS[method](frame, confidence=LEVELS)
    actual = METHODS[method](lazy(frame), confidence=LEVELS)
    assert len(actual) == 1
    np.testing.assert_allclose(actual["value"], expected["value"], rtol=1e-12)
    assert_same_rows(expected.assign(k=0), actual.assign(k=0), ["k"])


@pytest.mark.parametrize("method", ["proportion", "rate"])
def test_ungrouped_ratios_stay_row_wise_and_lazy(dask_client: Any, method: str) -> None:
    frame = rows()
    result = METHODS[method](lazy(frame), confidence=LEVELS)
    assert not isinstance(result, pd.DataFrame)  # a Dask frame: nothing computed yet
    computed = result.compute()
    expected = METHODS[method](frame, confidence=LEVELS)
    pd.testing.assert_frame_equal(computed, expected, check_dtype=False)


def esp_rows(areas: int = 6, seed: int = 11) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    bands = list(stats.esp2013().index)
    frame = pd.DataFrame(
        {
            "area": np.repeat([f"A{i}" for i in range(areas)], len(bands)),
            "band": bands * areas,
            "deaths": rng.integers(0, 60, areas * len(bands)).astype(float),
            "pop": rng.integers(800, 9_000, areas * len(bands)).astype(float),
        }
    )
    frame.loc[3, "deaths"] = np.nan  # counts as zero
    return frame


def test_esp2013_bands_joined_by_label_not_position(dask_client: Any) -> None:
    ordered = esp_rows()
    shuffled = ordered.sample(frac=1, random_state=5).reset_index(drop=True)
    assert (shuffled["band"].to_numpy() != ordered["band"].to_numpy()).any()
    options: dict[str, Any] = {"standard": "esp2013", "age_band": "band", "confidence": LEVELS}
    expected = stats.dsr(ordered, "deaths", "pop", group_by="area", **options)
    actual = stats.dsr(lazy(shuffled, 4), "deaths", "pop", group_by="area", **options)
    assert_same_rows(expected, actual, ["area"])
    # the default engine joins ESP2013's own labels by label too, whatever the order of the rows
    by_pandas = stats.dsr(shuffled, "deaths", "pop", group_by="area", **options).sort_values("area")
    assert_same_rows(expected, by_pandas.reset_index(drop=True), ["area"])


@pytest.mark.parametrize(
    ("change", "match"),
    [({"band": "5 - 9"}, None), ({"band": "young"}, "ESP2013's"), ({"band": "0-4"}, "repeats a band")],
)
def test_esp2013_labels_checked(dask_client: Any, change: dict[str, str], match: str | None) -> None:
    frame = esp_rows(areas=2)
    frame.loc[20, "band"] = change["band"]  # the second area's 5-9 band
    options: dict[str, Any] = {"standard": "esp2013", "age_band": "band", "group_by": "area"}
    if match is None:  # spaces in a label are ignored
        assert len(stats.dsr(lazy(frame, 3), "deaths", "pop", **options)) == 2
        return
    with pytest.raises(InputError, match=match):
        stats.dsr(lazy(frame, 3), "deaths", "pop", **options)


@pytest.mark.parametrize(
    ("method", "column", "cell", "match"),
    [
        ("proportion", "x", -1.0, "greater than or equal to zero"),
        ("proportion", "x", 1e9, "less than or equal to the denominator"),
        ("rate", "n", 0.0, "greater than zero"),
        ("dsr", "w", -5.0, "zero or more"),
        ("isr", "ref_n", 0.0, "greater than zero"),
        ("mean", "v", "abc", "not a number"),
        ("rate", "x", "N/A", "not a number"),
    ],
)
def test_bad_cell_names_its_row_and_column(
    dask_client: Any, method: str, column: str, cell: object, match: str
) -> None:
    frame = rows()
    if isinstance(cell, str):
        frame[column] = frame[column].astype(object)
    frame.loc[2345, column] = cell
    with pytest.raises(InputError, match=match) as caught:
        METHODS[method](lazy(frame), group_by="area")
    assert caught.value.column == column and caught.value.row == 2346


def test_observed_totals(dask_client: Any) -> None:
    frame = rows().dropna(subset=["ref_n"])
    totals = frame.groupby("sex")["x"].transform("sum")
    frame = frame.assign(total=totals.where(np.arange(len(frame)) % 3 == 0))
    options: dict[str, Any] = {"observed_totals": "total", "group_by": "sex"}
    expected = stats.isr(frame, "x", "n", "ref_x", "ref_n", **options)
    assert_same_rows(expected, stats.isr(lazy(frame), "x", "n", "ref_x", "ref_n", **options), ["sex"])
    frame.loc[frame.index[5], "total"] = 1.0
    with pytest.raises(InputError, match="same on every row"):
        stats.isr(lazy(frame), "x", "n", "ref_x", "ref_n", **options)


def persons_rows(seed: int = 4) -> pd.DataFrame:
    """Persons by number of events (1–3) per area, sex and ESP2013 band; a band's population (the
    same in every area, so any grouping is valid) on some of its rows only, the others missing."""
    rng = np.random.default_rng(seed)
    bands = list(stats.esp2013().index)
    index = pd.MultiIndex.from_product([["A", "B", "C"], ["F", "M"], bands, [1, 2, 3]])
    frame = index.to_frame(index=False, name=["area", "sex", "band", "freq"])
    frame["persons"] = rng.integers(0, 40, len(frame)).astype(float)
    position = frame["band"].map({band: i for i, band in enumerate(bands)}).to_numpy()
    frame["pop"] = rng.integers(1_000, 9_000, len(bands)).astype(float)[position]
    frame.loc[frame["freq"] == 2, "pop"] = np.nan
    frame["std"] = rng.integers(500, 7_000, len(bands)).astype(float)[position]
    return frame.sample(frac=1, random_state=3).reset_index(drop=True)


@pytest.mark.parametrize("standard", [{"standard": "esp2013"}, {"standard_population": "std"}])
@pytest.mark.parametrize("group_by", [["area"], ["area", "sex"], None])
def test_nonindependent_events_on_the_cluster(
    dask_client: Any, standard: dict[str, str], group_by: list[str] | None
) -> None:
    frame = persons_rows()
    options: dict[str, Any] = {
        "age_band": "band",
        "event_frequency": "freq",
        "confidence": LEVELS,
        **standard,
    }
    expected = stats.dsr(frame, "persons", "pop", group_by=group_by, **options)
    actual = stats.dsr(lazy(frame, 4), "persons", "pop", group_by=group_by, **options)
    assert (actual["method"] == stats.dsr.__globals__["NON_INDEPENDENT_METHOD"]).all()
    assert_same_rows(expected.assign(k=0), actual.assign(k=0), [*(group_by or []), "k"])


@pytest.mark.parametrize(
    ("column", "cell", "match"),
    [
        ("pop", 1.0, "different population"),
        ("std", 1.0, "different standard population"),
        ("freq", 0, "greater than zero"),
        ("band", None, "must not be missing"),
    ],
)
def test_bad_person_frequency_rows(dask_client: Any, column: str, cell: object, match: str) -> None:
    frame = persons_rows()
    frame.loc[frame.index[frame["pop"].notna()][7], column] = cell
    options: dict[str, Any] = {"age_band": "band", "event_frequency": "freq", "standard_population": "std"}
    with pytest.raises(InputError, match=match) as caught:
        stats.dsr(lazy(frame, 4), "persons", "pop", group_by="area", **options)
    assert caught.value.column == column


def test_what_the_dask_path_does_not_do(dask_client: Any) -> None:
    with pytest.raises(InputError, match="must be columns"):
        stats.isr(lazy(rows()), "x", "n", [1.0] * 3, "ref_n")


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *args: object) -> None:
        return None


def test_calc_computes_on_the_cluster_its_scheduler_names(dask_client: Any, tmp_path: Path) -> None:
    from healthassets.cli import main

    frame = rows().dropna(subset=["x", "n"])
    source, target = tmp_path / "in.parquet", tmp_path / "out.csv"
    frame.to_parquet(source, row_group_size=400)
    args = ["rate", str(source), "--numerator", "x", "--denominator", "n", "--group-by", "sex"]
    address = dask_client.scheduler.address
    before = dask_client.run_on_scheduler(_transitions)
    try:
        main(["calc", *args, "--engine", "dask", "--scheduler", address, "-o", str(target)])
    except SystemExit as stop:
        assert not stop.code
    assert dask_client.run_on_scheduler(_transitions) > before  # the tasks ran on the cluster
    expected = stats.rate(frame, "x", "n", group_by="sex")
    assert_same_rows(expected, pd.read_csv(target), ["sex"])


def _transitions(dask_scheduler: Any) -> int:
    return int(dask_scheduler.transition_counter)
