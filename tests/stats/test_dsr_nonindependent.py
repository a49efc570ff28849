"""Directly standardised rates for non-independent events (a person can have several events).

No reference file exists for this case, so the expectations are worked here from the published
method (PHEindicatormethods ``calculate_dsr(independent_events = FALSE)``, Fingertips technical
guidance; Dobson et al. 1991): rows give, per age band i and event frequency f, the number of
*persons* p_if with f events. Events xᵢ = Σ_f f·p_if; the DSR is the usual Σ wᵢxᵢ/nᵢ / Σw; its
variance is Σ_f f²·V_f with V_f = Σᵢ wᵢ² p_if / nᵢ² / (Σw)² (the DSR variance of the persons with
f events, scaled by f²); the limits are Dobson's with Byar's limits of the total events.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm

from healthassets import stats
from healthassets.errors import InputError


def byars(observed: float, confidence: float) -> tuple[float, float]:
    """Byar's approximation, written out from Breslow & Day (1987)."""
    z = norm.ppf(0.5 + confidence / 2)
    o = observed
    lower = o * (1 - 1 / (9 * o) - z / (3 * np.sqrt(o))) ** 3
    upper = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * np.sqrt(o + 1))) ** 3
    return lower, upper


def persons_frame() -> pd.DataFrame:
    """Two age bands × three event frequencies for one area."""
    return pd.DataFrame(
        {
            "ageband": ["young", "young", "young", "old", "old", "old"],
            "freq": [1, 2, 3, 1, 2, 3],
            "persons": [20, 5, 2, 30, 4, 1],
            "pop": [1000, 1000, 1000, 500, 500, 500],
            "std": [6000, 6000, 6000, 4000, 4000, 4000],
        }
    )


def hand_worked(confidence: float, multiplier: float = 100_000) -> tuple[float, float, float, float]:
    # events per band: young 20 + 10 + 6 = 36, old 30 + 8 + 3 = 41
    w = np.array([6000.0, 4000.0])
    n = np.array([1000.0, 500.0])
    x = np.array([36.0, 41.0])
    total_w = w.sum()
    value = (w * x / n).sum() / total_w
    # Σ_f f² p_if per band: young 20 + 4·5 + 9·2 = 58, old 30 + 4·4 + 9·1 = 55
    variance = (w**2 * np.array([58.0, 55.0]) / n**2).sum() / total_w**2
    observed = x.sum()
    lo, up = byars(observed, confidence)
    factor = np.sqrt(variance / observed)
    return (
        observed,
        value * multiplier,
        (value + factor * (lo - observed)) * multiplier,
        (value + factor * (up - observed)) * multiplier,
    )


def nonindependent(data: pd.DataFrame, **kwargs: object) -> pd.DataFrame:
    return stats.dsr(
        data,
        "persons",
        "pop",
        standard_population="std",
        event_frequency="freq",
        age_band="ageband",
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("confidence", [0.95, 0.998, 0.9])
def test_hand_worked_case(confidence: float) -> None:
    observed, value, lower, upper = hand_worked(confidence)
    result = nonindependent(persons_frame(), confidence=confidence)
    assert len(result) == 1
    row = result.iloc[0]
    assert row["total_count"] == observed
    assert row["total_pop"] == 1500  # each band's population counted once
    assert row["value"] == pytest.approx(value, rel=1e-12)
    low_name, up_name = stats.ci_columns(confidence)
    assert row[low_name] == pytest.approx(lower, rel=1e-12)
    assert row[up_name] == pytest.approx(upper, rel=1e-12)
    assert row["statistic"] == "dsr per 100000"
    assert row["method"] == "Dobson, with confidence adjusted for non-independent events"


def test_output_columns_and_two_levels() -> None:
    result = nonindependent(persons_frame(), confidence=[0.95, 0.998])
    assert list(result.columns) == [
        "total_count",
        "total_pop",
        "value",
        "lower95_0cl",
        "upper95_0cl",
        "lower99_8cl",
        "upper99_8cl",
        "statistic",
        "method",
    ]
    for level in (0.95, 0.998):
        _, _, lower, upper = hand_worked(level)
        low_name, up_name = stats.ci_columns(level)
        assert result.loc[0, low_name] == pytest.approx(lower, rel=1e-12)
        assert result.loc[0, up_name] == pytest.approx(upper, rel=1e-12)


def collapsed(data: pd.DataFrame) -> pd.DataFrame:
    """The same data as independent events: one row per band with events Σ f·persons."""
    events = data.assign(events=data["persons"] * data["freq"])
    return events.groupby("ageband", sort=False).agg(
        events=("events", "sum"), pop=("pop", "first"), std=("std", "first")
    )


def test_value_equals_independent_dsr_of_the_events_and_limits_are_wider() -> None:
    data = persons_frame()
    adjusted = nonindependent(data, confidence=[0.95, 0.998])
    independent = stats.dsr(
        collapsed(data), "events", "pop", standard_population="std", confidence=[0.95, 0.998]
    )
    assert adjusted.loc[0, "value"] == pytest.approx(independent.loc[0, "value"], rel=1e-12)
    assert adjusted.loc[0, "total_count"] == independent.loc[0, "total_count"]
    assert independent.loc[0, "method"] == "Dobson"
    for low, up in (("lower95_0cl", "upper95_0cl"), ("lower99_8cl", "upper99_8cl")):
        assert adjusted.loc[0, low] < independent.loc[0, low]
        assert adjusted.loc[0, up] > independent.loc[0, up]


def test_everyone_with_one_event_gives_the_independent_limits() -> None:
    data = persons_frame().query("freq == 1")
    adjusted = nonindependent(data, confidence=[0.95, 0.998])
    independent = stats.dsr(data, "persons", "pop", standard_population="std", confidence=[0.95, 0.998])
    numbers = [
        "total_count",
        "total_pop",
        "value",
        "lower95_0cl",
        "upper95_0cl",
        "lower99_8cl",
        "upper99_8cl",
    ]
    pd.testing.assert_frame_equal(adjusted[numbers], independent[numbers], rtol=1e-12)


def test_missing_frequency_rows_are_the_same_as_zero_persons() -> None:
    """Variance uses the whole standard population of the group (see docs/adr on this choice)."""
    data = persons_frame()
    sparse = data[~((data["ageband"] == "old") & (data["freq"] == 3))]
    full = data.copy()
    full.loc[(full["ageband"] == "old") & (full["freq"] == 3), "persons"] = 0
    pd.testing.assert_frame_equal(nonindependent(sparse), nonindependent(full))


def test_row_order_does_not_matter() -> None:
    data = persons_frame()
    shuffled = data.sample(frac=1, random_state=3)
    pd.testing.assert_frame_equal(nonindependent(shuffled), nonindependent(data), rtol=1e-12)


def test_suppressed_when_total_events_below_ten() -> None:
    data = pd.DataFrame(
        {
            "ageband": ["a", "a", "b", "b"],
            "freq": [1, 3, 1, 3],
            "persons": [2, 1, 1, 1],  # 2 + 3 + 1 + 3 = 9 events
            "pop": [100, 100, 200, 200],
            "std": [1, 1, 1, 1],
        }
    )
    result = nonindependent(data, confidence=[0.95, 0.998])
    assert result.loc[0, "total_count"] == 9
    assert result[["value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"]].isna().all(axis=None)
    assert result.loc[0, "statistic"] == "dsr NA for total count < 10"


def test_ten_events_from_fewer_than_ten_persons_are_not_suppressed() -> None:
    data = pd.DataFrame(
        {"ageband": ["a", "b"], "freq": [2, 2], "persons": [3, 2], "pop": [100, 100], "std": [1, 1]}
    )
    result = nonindependent(data)
    assert result.loc[0, "total_count"] == 10
    assert result.loc[0, "value"] == pytest.approx((6 / 100 + 4 / 100) / 2 * 100_000)
    assert result.loc[0, "statistic"] == "dsr per 100000"


def two_areas() -> pd.DataFrame:
    first = persons_frame().assign(area="A")
    second = persons_frame().assign(area="B", persons=[40, 2, 0, 10, 6, 2], pop=[800] * 3 + [900] * 3)
    return pd.concat([second, first], ignore_index=True)


def test_grouped_equals_each_group_alone() -> None:
    data = two_areas()
    grouped = nonindependent(data, group_by="area", confidence=[0.95, 0.998])
    assert grouped["area"].tolist() == ["B", "A"]  # order of first appearance
    for position, area in enumerate(["B", "A"]):
        alone = nonindependent(data[data["area"] == area], confidence=[0.95, 0.998])
        expected = alone.assign(area=area)[grouped.columns]
        pd.testing.assert_frame_equal(grouped.iloc[[position]].reset_index(drop=True), expected)


def test_group_by_the_frequency_column_is_ignored_as_in_phe() -> None:
    data = two_areas()
    plain = nonindependent(data, group_by="area")
    with_frequency = nonindependent(data, group_by=["area", "freq"])
    pd.testing.assert_frame_equal(with_frequency, plain)


def test_esp2013_joined_by_band_position_within_each_group() -> None:
    esp = stats.esp2013().to_numpy()
    bands = [f"band{i}" for i in range(19)]
    rng = np.random.default_rng(7)
    rows = []
    for area in ("A", "B"):
        for i, band in enumerate(bands):
            for f in (1, 2):
                rows.append(
                    {
                        "area": area,
                        "ageband": band,
                        "freq": f,
                        "persons": int(rng.integers(0, 30)),
                        "pop": 1000 + i,
                    }
                )
    data = pd.DataFrame(rows)
    by_standard = stats.dsr(
        data,
        "persons",
        "pop",
        standard="esp2013",
        age_band="ageband",
        event_frequency="freq",
        group_by="area",
    )
    with_column = data.assign(std=np.tile(np.repeat(esp, 2), 2))
    by_column = stats.dsr(
        with_column,
        "persons",
        "pop",
        standard_population="std",
        age_band="ageband",
        event_frequency="freq",
        group_by="area",
    )
    pd.testing.assert_frame_equal(by_standard, by_column)


@pytest.mark.parametrize(
    "change, column, match",
    [
        ({"freq": [1, 2, 0, 1, 2, 3]}, "freq", "greater than zero"),
        ({"freq": [1, 2, np.nan, 1, 2, 3]}, "freq", "greater than zero"),
        ({"freq": [1, 2, "three", 1, 2, 3]}, "freq", "not a number"),
        ({"persons": [20, -5, 2, 30, 4, 1]}, "persons", "greater than or equal to zero"),
        ({"pop": [1000, 1000, 1000, 500, 0, 500]}, "pop", "greater than zero"),
        ({"pop": [1000, 999, 1000, 500, 500, 500]}, "pop", "different population"),
        ({"std": [6000, 6000, 6000, 4000, 4001, 4000]}, "std", "different standard population"),
        ({"ageband": ["young", None, "young", "old", "old", "old"]}, "ageband", "missing"),
    ],
)
def test_bad_person_frequency_rows(change: dict[str, list[object]], column: str, match: str) -> None:
    data = persons_frame().astype(object)
    for name, values in change.items():
        data[name] = values
    with pytest.raises(InputError, match=match) as caught:
        nonindependent(data)
    assert caught.value.column == column
    assert caught.value.row is not None and 1 <= caught.value.row <= len(data)


def test_needs_the_age_band_column() -> None:
    with pytest.raises(InputError, match="age band"):
        stats.dsr(persons_frame(), "persons", "pop", standard_population="std", event_frequency="freq")


def test_unknown_frequency_column() -> None:
    with pytest.raises(InputError) as caught:
        stats.dsr(
            persons_frame(),
            "persons",
            "pop",
            standard_population="std",
            event_frequency="frequency",
            age_band="ageband",
        )
    assert caught.value.column == "frequency"


def test_esp2013_with_the_wrong_number_of_bands() -> None:
    with pytest.raises(InputError, match="19 age bands") as caught:
        stats.dsr(
            persons_frame(), "persons", "pop", standard="esp2013", age_band="ageband", event_frequency="freq"
        )
    assert caught.value.row == 1


person_counts = st.lists(st.integers(0, 60), min_size=6, max_size=6)


@settings(max_examples=40, deadline=None)
@given(counts=person_counts, extra=st.integers(10, 40))
def test_properties(counts: list[int], extra: int) -> None:
    data = persons_frame()
    counts[0] += extra  # at least 10 events so nothing is suppressed
    data["persons"] = counts
    adjusted = nonindependent(data, confidence=[0.95, 0.998])
    independent = stats.dsr(
        collapsed(data), "events", "pop", standard_population="std", confidence=[0.95, 0.998]
    )
    row = adjusted.iloc[0]
    assert row["value"] == pytest.approx(independent.loc[0, "value"], rel=1e-12)
    assert (
        row["lower99_8cl"] <= row["lower95_0cl"] <= row["value"] <= row["upper95_0cl"] <= row["upper99_8cl"]
    )
    # frequencies ≥ 1 can only widen the interval
    assert row["upper95_0cl"] - row["lower95_0cl"] >= (
        independent.loc[0, "upper95_0cl"] - independent.loc[0, "lower95_0cl"]
    ) * (1 - 1e-12)
    _, _, lower, upper = hand_worked_general(data, 0.95)
    assert row["lower95_0cl"] == pytest.approx(lower, rel=1e-10)
    assert row["upper95_0cl"] == pytest.approx(upper, rel=1e-10)


def hand_worked_general(data: pd.DataFrame, confidence: float) -> tuple[float, float, float, float]:
    """Σ_f f²·V_f for any person-frequency table of one group (the PHE two-pass formula)."""
    bands = data.drop_duplicates("ageband")
    total_w = bands["std"].sum()
    value = (data["persons"] * data["freq"] * data["std"] / data["pop"]).sum() / total_w
    variance = 0.0
    for f, part in data.groupby("freq"):
        v_f = (part["std"] ** 2 * part["persons"] / part["pop"] ** 2).sum() / total_w**2
        variance += float(f) ** 2 * v_f
    observed = float((data["persons"] * data["freq"]).sum())
    lo, up = byars(observed, confidence)
    factor = np.sqrt(variance / observed)
    return (
        observed,
        value * 1e5,
        (value + factor * (lo - observed)) * 1e5,
        (value + factor * (up - observed)) * 1e5,
    )
