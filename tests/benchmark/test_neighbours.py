"""Statistical neighbours on hand-made features: order, standardisation, the weighted RMS distance,
and the IMD term counted only between English areas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from healthassets.benchmark.neighbours import (
    IMD_DOMAINS,
    MODEL,
    model_variables,
    nearest_neighbours,
    standardise,
)


def neighbours_of(table: pd.DataFrame, code: str) -> list[str]:
    return table[table["area_code"] == code].sort_values("rank")["neighbour_code"].tolist()


def distance(table: pd.DataFrame, a: str, b: str) -> float:
    row = table[(table["area_code"] == a) & (table["neighbour_code"] == b)]
    assert len(row) == 1
    return float(row["distance"].iloc[0])


def test_one_variable_ranks_by_absolute_difference() -> None:
    features = pd.DataFrame({"x": [0.0, 1.0, 3.0, 7.0]}, index=["A", "B", "C", "D"])
    table = nearest_neighbours(features, {"x": 1.0}, k=3)
    assert neighbours_of(table, "A") == ["B", "C", "D"]
    assert neighbours_of(table, "C") == ["B", "A", "D"]  # |3-1| = 2 < |3-0| = 3 < |3-7| = 4
    sd = np.std([0.0, 1.0, 3.0, 7.0])
    assert distance(table, "A", "D") == pytest.approx(7.0 / sd)
    assert table.groupby("area_code")["distance"].apply(lambda d: d.is_monotonic_increasing).all()
    assert (table["area_code"] != table["neighbour_code"]).all()


def test_k_is_capped_and_ties_go_to_the_lower_code() -> None:
    features = pd.DataFrame({"x": [5.0, 4.0, 6.0]}, index=["M", "Z", "B"])
    table = nearest_neighbours(features, {"x": 1.0}, k=10)
    assert neighbours_of(table, "M") == ["B", "Z"]  # equally far: B before Z
    assert len(table) == 3 * 2


def test_standardise_gives_z_scores_and_zero_for_no_spread() -> None:
    frame = pd.DataFrame({"a": [1.0, 2.0, 3.0, np.nan], "same": [4.0, 4.0, 4.0, 4.0]})
    z = standardise(frame)
    assert z["a"].iloc[:3].tolist() == pytest.approx([-np.sqrt(1.5), 0.0, np.sqrt(1.5)])
    assert np.isnan(z["a"].iloc[3])
    assert (z["same"] == 0.0).all()


def test_units_do_not_matter() -> None:
    rng = np.random.default_rng(7)
    features = pd.DataFrame(
        rng.normal(size=(12, 2)), columns=["a", "b"], index=[f"A{i:02}" for i in range(12)]
    )
    weights = {"a": 1.0, "b": 1.0}
    plain = nearest_neighbours(features, weights, k=4)
    rescaled = nearest_neighbours(features.assign(a=features["a"] * 1000 + 50), weights, k=4)
    pd.testing.assert_frame_equal(plain, rescaled)


def test_distance_is_the_weighted_root_mean_square_of_z_differences() -> None:
    features = pd.DataFrame({"a": [0.0, 2.0, 4.0], "b": [1.0, 1.0, 4.0]}, index=["P", "Q", "R"])
    weights = {"a": 3.0, "b": 1.0}
    z = standardise(features)
    expected = np.sqrt(
        (3.0 * (z.loc["P", "a"] - z.loc["R", "a"]) ** 2 + (z.loc["P", "b"] - z.loc["R", "b"]) ** 2) / 4
    )
    table = nearest_neighbours(features, weights, k=2)
    assert distance(table, "P", "R") == pytest.approx(expected)


def test_a_variable_missing_for_one_area_counts_only_between_areas_that_have_it() -> None:
    features = pd.DataFrame(
        {"a": [0.0, 1.0, 2.0, 3.0], "extra": [0.0, 5.0, np.nan, 1.0]}, index=["A", "B", "C", "D"]
    )
    table = nearest_neighbours(features, {"a": 1.0, "extra": 1.0}, k=3)
    only_a = nearest_neighbours(features[["a"]], {"a": 1.0}, k=3)
    assert distance(table, "A", "C") == pytest.approx(distance(only_a, "A", "C"))
    assert distance(table, "A", "B") != pytest.approx(distance(only_a, "A", "B"))


def authority_features() -> pd.DataFrame:
    """Four English and two Welsh authorities; the Welsh rows even carry IMD-like numbers."""
    rng = np.random.default_rng(3)
    codes = ["E06000001", "E06000002", "E08000001", "E09000001", "W06000001", "W06000002"]
    frame = pd.DataFrame(
        {
            "population": rng.uniform(50_000, 500_000, 6),
            "share_aged_0_15": rng.uniform(0.15, 0.22, 6),
            "share_aged_65_plus": rng.uniform(0.12, 0.28, 6),
            "share_households_deprived_1plus": rng.uniform(0.4, 0.6, 6),
            "share_households_deprived_2plus": rng.uniform(0.1, 0.25, 6),
            "share_rural": rng.uniform(0.0, 0.8, 6),
            **{domain: rng.uniform(0, 40, 6) for domain in IMD_DOMAINS},
        },
        index=codes,
    )
    return frame


def test_model_variables_take_the_log_of_population_and_blank_imd_outside_england() -> None:
    features = authority_features()
    variables = model_variables(features)
    assert list(variables.columns) == list(MODEL)
    assert variables["log_population"].to_numpy() == pytest.approx(np.log(features["population"].to_numpy()))
    welsh = variables.index.str.startswith("W")
    assert variables.loc[welsh, list(IMD_DOMAINS)].isna().all().all()
    assert variables.loc[~welsh, list(IMD_DOMAINS)].notna().all().all()


def test_imd_counts_between_english_areas_only() -> None:
    features = authority_features()
    table = nearest_neighbours(model_variables(features), k=5)
    common = [v for v in MODEL if v not in IMD_DOMAINS]
    without_imd = nearest_neighbours(model_variables(features)[common], k=5)
    # English–Welsh and Welsh–Welsh pairs: exactly the distance without the IMD domains
    for a, b in (("E06000001", "W06000001"), ("W06000002", "E09000001"), ("W06000001", "W06000002")):
        assert distance(table, a, b) == pytest.approx(distance(without_imd, a, b))
    # English–English pairs: the IMD domains change the distance
    assert distance(table, "E06000001", "E08000001") != pytest.approx(
        distance(without_imd, "E06000001", "E08000001")
    )
    # whatever numbers a Welsh row carries in the IMD columns, nothing changes
    other = features.copy()
    other.loc[["W06000001", "W06000002"], list(IMD_DOMAINS)] = 999.0
    pd.testing.assert_frame_equal(nearest_neighbours(model_variables(other), k=5), table)


def test_a_welsh_twin_is_nearest_but_an_english_twin_is_kept_apart_by_imd() -> None:
    features = authority_features()
    common = [v for v in features.columns if v not in IMD_DOMAINS]
    # E06000002 and W06000001 equal E06000001 on every common variable; E06000002's IMD differs
    features.loc[["E06000002", "W06000001"], common] = features.loc["E06000001", common].to_numpy()
    features.loc["E06000001", list(IMD_DOMAINS)] = 40.0
    features.loc["E06000002", list(IMD_DOMAINS)] = 0.0
    table = nearest_neighbours(model_variables(features), k=5)
    assert neighbours_of(table, "E06000001")[0] == "W06000001"
    assert distance(table, "E06000001", "W06000001") == pytest.approx(0.0)
    assert distance(table, "E06000001", "E06000002") > 0.5


def test_no_model_variable_is_an_error() -> None:
    with pytest.raises(ValueError, match="no model variable"):
        nearest_neighbours(pd.DataFrame({"other": [1.0, 2.0]}, index=["A", "B"]))
