"""Survey results per area: worked examples of the sums, the t and Wilson limits, and the three
disclosure rules (primary, differencing between overlapping areas, complementary within a
partition); properties checked against a direct computation on the raw responses."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest

from healthassets.errors import InputError
from healthassets.surveys import area_summaries, protect_differences, standardise_to_population
from healthassets.surveys.summary import summarise

Z = 1.959963984540054


def membership(areas: dict[str, tuple[str, str]]) -> pd.DataFrame:
    """{code: (type, "abc")} → membership rows, one per LSOA letter."""
    rows = [(code, kind, lsoa) for code, (kind, lsoas) in areas.items() for lsoa in lsoas]
    return pd.DataFrame(rows, columns=["area_code", "area_type", "lsoa"])


# a ward W1 = {a, b, c} and an MSOA M1 = {b, c, d} built from the same LSOAs, plus each LSOA
WARD_AND_MSOA = membership({"W1": ("ward", "abc"), "M1": ("msoa", "bcd"), **{x: ("lsoa", x) for x in "abcd"}})


def responses_for(counts: dict[str, int], rng: np.random.Generator | None = None) -> pd.DataFrame:
    lsoa = [x for x, k in counts.items() for _ in range(k)]
    values = rng.normal(20, 4, len(lsoa)).round(1) if rng is not None else np.arange(len(lsoa), dtype=float)
    return pd.DataFrame({"lsoa": lsoa, "score": values})


def by_code(out: pd.DataFrame) -> pd.DataFrame:
    return out.set_index("area_code")


def test_differencing_a_ward_and_an_msoa_would_reveal_three() -> None:
    # a = 3, b = 10, c = 10, d = 12: W1 = 23, M1 = 32, both ≥ 10. W1 ∖ M1 = {a} = 3 responses,
    # M1 ∖ W1 = {d} = 12. Publishing both (with d) gives a = 23 − 32 + 12 = 3 → suppress the
    # smaller of the pair, W1 (23 < 32). a itself: 3 < 10, primary.
    out = by_code(protect_differences(pd.Series({"a": 3, "b": 10, "c": 10, "d": 12}), WARD_AND_MSOA))
    assert out.loc["W1", "suppression_reason"] == "could be derived by differencing from M1"
    assert out.loc["a", "suppression_reason"] == "fewer than 10 responses"
    assert list(out.loc[["M1", "b", "c", "d"], "suppressed"]) == [False] * 4
    assert list(out.loc[["W1", "M1"], "n"]) == [23, 32]


def test_a_tie_suppresses_the_later_area_code() -> None:
    # a = 3, d = 3, b = c = 10: W1 = M1 = 23 and each differs from the other by 3; "W1" > "M1"
    out = by_code(protect_differences(pd.Series({"a": 3, "b": 10, "c": 10, "d": 3}), WARD_AND_MSOA))
    assert out.loc["W1", "suppressed"] and not out.loc["M1", "suppressed"]


def test_a_difference_of_ten_or_zero_is_safe() -> None:
    # a = 10 (W1 ∖ M1), d = 0 (M1 ∖ W1 empty): nothing small to reveal
    out = by_code(protect_differences(pd.Series({"a": 10, "b": 10, "c": 10}), WARD_AND_MSOA))
    assert not out.loc[["W1", "M1", "a", "b", "c"], "suppressed"].any()
    assert out.loc["d", "suppressed"]  # 0 responses is still fewer than 10


def test_complementary_suppression_in_an_exact_partition() -> None:
    # authority L1 = {a, b, c, d} and its LSOAs: a = 5 (primary); L1 − b − c − d = 52 − 47 = 5
    # would give a back; no pair of L1 with one LSOA differs by 1–9 (52 − 12 = 40, …), so only the
    # complementary rule sees it → suppress the smallest published child, b (12). Then the hidden
    # children total 5 + 12 = 17 ≥ 10: a fixed point.
    geo = membership({"L1": ("lad", "abcd"), **{x: ("lsoa", x) for x in "abcd"}})
    out = by_code(protect_differences(pd.Series({"a": 5, "b": 12, "c": 15, "d": 20}), geo))
    assert out.loc["a", "suppression_reason"] == "fewer than 10 responses"
    assert out.loc["b", "suppression_reason"] == "complementary: protects a"
    assert not out.loc[["L1", "c", "d"], "suppressed"].any()


def test_children_that_do_not_cover_the_parent_are_not_a_partition() -> None:
    # L1 = {a, b, c, d} but only LSOAs a, b, c are listed as areas: L1 − b − c does not give a
    geo = membership({"L1": ("lad", "abcd"), **{x: ("lsoa", x) for x in "abc"}})
    out = by_code(protect_differences(pd.Series({"a": 5, "b": 12, "c": 15, "d": 20}), geo))
    assert not out.loc[["L1", "b", "c"], "suppressed"].any()


def _random_geography(rng: np.random.Generator) -> pd.DataFrame:
    lsoas = [f"L{k:02d}" for k in range(12)]
    areas: dict[str, tuple[str, list[str]]] = {x: ("lsoa", [x]) for x in lsoas}
    areas |= {f"M{k}": ("msoa", lsoas[3 * k : 3 * k + 3]) for k in range(4)}
    for k in range(3):  # wards: best-fit sets that cut across the MSOAs
        start = int(rng.integers(0, 8))
        areas[f"W{k}"] = ("ward", lsoas[start : start + int(rng.integers(2, 5))])
    areas["A1"] = ("lad", lsoas)
    rows = [(code, kind, x) for code, (kind, members) in areas.items() for x in members]
    return pd.DataFrame(rows, columns=["area_code", "area_type", "lsoa"])


def _check_fixed_point(out: pd.DataFrame, geo: pd.DataFrame, counts: pd.Series, min_count: int) -> None:
    """Brute force over sets: no published pair differs by 1 … min_count − 1 responses and no
    published parent exactly partitioned by one type hides 1 … min_count − 1 in suppressed children."""
    sets = geo.groupby("area_code")["lsoa"].apply(frozenset).to_dict()
    kinds = geo.groupby("area_code")["area_type"].first().to_dict()
    n = {code: sum(counts.get(x, 0) for x in s) for code, s in sets.items()}
    published = set(out.loc[~out["suppressed"], "area_code"])
    assert all(n[c] >= min_count for c in published)
    for a, b in itertools.combinations(sorted(published), 2):
        if sets[a] & sets[b]:
            for rest in (sets[a] - sets[b], sets[b] - sets[a]):
                assert not 1 <= sum(counts.get(x, 0) for x in rest) < min_count, (a, b)
    for parent in published:
        for kind in set(kinds.values()) - {kinds[parent]}:
            children = [c for c in sets if kinds[c] == kind and sets[c] <= sets[parent]]
            if sorted(x for c in children for x in sets[c]) == sorted(sets[parent]):
                hidden = sum(n[c] for c in children if c not in published)
                assert not 1 <= hidden < min_count, (parent, kind)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_the_rules_reach_a_fixed_point(seed: int) -> None:
    rng = np.random.default_rng(seed)
    geo = _random_geography(rng)
    counts = pd.Series(rng.integers(0, 14, 12), index=[f"L{k:02d}" for k in range(12)])
    out = protect_differences(counts, geo)
    _check_fixed_point(out, geo, counts, 10)
    # applying the rules again to what they published changes nothing
    kept = geo[geo["area_code"].isin(out.loc[~out["suppressed"], "area_code"])]
    if not kept.empty:
        assert not protect_differences(counts, kept)["suppressed"].any()


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_published_figures_equal_the_direct_computation(seed: int) -> None:
    rng = np.random.default_rng(seed)
    geo = _random_geography(rng)
    counts = dict(zip([f"L{k:02d}" for k in range(12)], rng.integers(0, 25, 12).tolist(), strict=True))
    responses = responses_for(counts, rng)
    responses.loc[rng.random(len(responses)) < 0.1, "score"] = np.nan  # empty values: not counted
    out = area_summaries(responses, "score", geo)
    published = out[out["suppressed"] == "false"]
    assert not published.empty
    for row in published.itertuples():
        lsoas = set(geo.loc[geo["area_code"] == row.area_code, "lsoa"])
        inside = responses[responses["lsoa"].isin(lsoas)]
        direct = summarise(inside["score"].to_numpy(), pd.DataFrame(index=inside.index), min_count=0)
        assert row.n == direct.loc[0, "n"]
        for column in ("mean", "lower95_0cl", "upper95_0cl"):
            assert getattr(row, column) == pytest.approx(direct.loc[0, column], rel=1e-9)
    suppressed = out[out["suppressed"] == "true"]
    assert suppressed[["n", "mean", "lower95_0cl", "upper95_0cl"]].isna().all().all()


def test_means_bands_and_waves_by_hand() -> None:
    # wave 1: W1 has a = 4 responses of value 1, b = 6 of value 3 (n = 10, mean 2.2,
    # s² = (4·1.2² + 6·0.8²)/9 = 9.6/9), bands "high" 3 of 10; wave 2: 5 responses → suppressed
    geo = membership({"W1": ("ward", "ab")})
    wave1 = pd.DataFrame(
        {
            "lsoa": ["a"] * 4 + ["b"] * 6,
            "score": [1.0] * 4 + [3.0] * 6,
            "band": ["high"] * 3 + ["low"] * 7,
            "wave": "baseline",
        }
    )
    wave2 = pd.DataFrame({"lsoa": ["a"] * 5, "score": 2.0, "band": "low", "wave": "follow-up"})
    out = area_summaries(pd.concat([wave1, wave2]), "score", geo, band="band", wave="wave")
    assert list(out["wave"]) == ["baseline", "follow-up"]
    first = out.iloc[0]
    half = 2.2621571627 * math.sqrt(9.6 / 9) / math.sqrt(10)  # t_{0.975, 9}
    assert first["n"] == 10 and first["mean"] == pytest.approx(2.2)
    assert first["lower95_0cl"] == pytest.approx(2.2 - half, rel=1e-9)
    centre, spread = 2 * 3 + Z * Z, Z * math.sqrt(Z * Z + 4 * 3 * 0.7)
    assert first["high_proportion"] == pytest.approx(0.3)
    assert first["high_lower95_0cl"] == pytest.approx((centre - spread) / (2 * (10 + Z * Z)))
    assert first["high_upper95_0cl"] == pytest.approx((centre + spread) / (2 * (10 + Z * Z)))
    second = out.iloc[1]
    assert second["suppressed"] == "true" and pd.isna(second["n"]) and pd.isna(second["low_proportion"])
    assert second["suppression_reason"] == "fewer than 10 responses"


def test_area_summaries_apply_differencing_per_wave() -> None:
    counts = {"a": 3, "b": 10, "c": 10, "d": 12}
    out = by_code(area_summaries(responses_for(counts), "score", WARD_AND_MSOA))
    assert out.loc["W1", "suppression_reason"] == "could be derived by differencing from M1"
    assert pd.isna(out.loc["W1", "mean"]) and out.loc["M1", "n"] == 32
    # M1 holds values 3 … 34 (responses numbered in order a, b, c, d): mean 18.5
    assert out.loc["M1", "mean"] == pytest.approx(18.5)


def test_standardised_mean_by_hand() -> None:
    # population: young 300, old 100 → w = 0.75, 0.25. young: 1, 3 (mean 2, s² 2, n 2);
    # old: 4, 6, 8 (mean 6, s² 4, n 3). m = 0.75·2 + 0.25·6 = 3;
    # V = 0.75²·2/2 + 0.25²·4/3 = 0.5625 + 0.083333… ; crude mean 22/5 = 4.4
    responses = pd.DataFrame(
        {"score": [1, 3, 4, 6, 8, 5], "age": ["young", "young", "old", "old", "old", ""]}
    )
    out = standardise_to_population(responses, "score", "age", {"young": 300, "old": 100})
    half = Z * math.sqrt(0.5625 + 0.25**2 * 4 / 3)
    assert out["standardised_mean"] == pytest.approx(3.0)
    assert out["lower95_0cl"] == pytest.approx(3.0 - half) and out["upper95_0cl"] == pytest.approx(3.0 + half)
    assert out["crude_mean"] == pytest.approx(4.4) and out["n"] == 5 and out["reason"] == ""


def test_standardising_needs_two_responses_in_every_populated_band() -> None:
    responses = pd.DataFrame({"score": [1, 4, 6], "age": ["young", "old", "old"]})
    out = standardise_to_population(responses, "score", "age", {"young": 300, "old": 100})
    assert math.isnan(out["standardised_mean"]) and "young" in out["reason"]
    # a band nobody in the area is in needs no responses
    out = standardise_to_population(responses, "score", "age", {"young": 0, "old": 100})
    assert out["standardised_mean"] == pytest.approx(5.0)


def test_bad_input_names_the_column() -> None:
    good = responses_for({"a": 10})
    with pytest.raises(InputError) as missing:
        area_summaries(good.drop(columns="lsoa"), "score", WARD_AND_MSOA)
    assert missing.value.column == "lsoa"
    with pytest.raises(InputError) as no_value:
        area_summaries(good, "wellbeing", WARD_AND_MSOA)
    assert no_value.value.column == "wellbeing"
    text = good.assign(score=good["score"].astype(object))
    text.loc[1, "score"] = "ten"
    with pytest.raises(InputError) as not_number:
        area_summaries(text, "score", WARD_AND_MSOA)
    assert not_number.value.column == "score" and not_number.value.row == 2
    with pytest.raises(InputError) as no_type:
        area_summaries(good, "score", WARD_AND_MSOA.drop(columns="area_type"))
    assert no_type.value.column == "area_type"
    with pytest.raises(InputError) as age:
        standardise_to_population(good.assign(age="old"), "score", "age", {"young": 1})
    assert age.value.column == "age"
    with pytest.raises(InputError) as band:
        area_summaries(good, "score", WARD_AND_MSOA, band="band")
    assert band.value.column == "band"


def test_an_area_with_two_types_is_an_error_and_unplaced_responses_count_nowhere() -> None:
    twice = pd.concat([WARD_AND_MSOA, membership({"W1": ("msoa", "d")})])
    with pytest.raises(InputError, match="W1") as error:
        protect_differences(pd.Series({"a": 10}), twice)
    assert error.value.column == "area_type"
    # 12 responses in "z", which no area holds, and one with no LSOA: a, b, c, d as before
    responses = pd.concat([responses_for({"a": 10, "z": 12}), pd.DataFrame({"lsoa": [None], "score": [1.0]})])
    out = by_code(area_summaries(responses, "score", WARD_AND_MSOA))
    assert out.loc["a", "n"] == 10 and out.loc["W1", "n"] == 10 and out.loc["M1", "suppressed"] == "true"
