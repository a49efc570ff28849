"""Life expectancy: PHEindicatormethods' ``phe_life_expectancy`` suppression and edge rules.

Two kinds of test. Reference: ``life_expectancy_cases.csv`` (one group per rule) against the
package's own output (``life_expectancy_cases_results.csv``, see tests/data/phe/README.md), at 4 dp.
Constructed: inputs whose expected outputs follow by hand from the documented rules — in the open
band e₉₀ = P₉₀/D₉₀ with SE = P₉₀/D₉₀^1.5 (Silcocks), and a band in which everyone dies has
e = nₓ·aₓ = 2.5 years.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from healthassets import stats
from healthassets.errors import InputError
from tests.phe_tolerance import assert_frame_matches

AGES = [0, 1, *range(5, 95, 5)]
LIMITS = ["lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"]
COMPARED = ["value", *LIMITS, "pops_used", "dths_used"]
Z95, Z998 = 1.959963984540054, 3.090232306167813
# the package's example data (df1 in its tests), also tests/data/phe/life_expectancy_df1.csv
POPS = [7060, 35059, 46974, 48489, 43219, 38561, 46009, 57208, 61435, 55601, 50209, 56416, 46411, 39820]
POPS += [37978, 37039, 33288, 23306, 11936, 11936]
DEATHS = [17, 9, 4, 8, 20, 15, 24, 33, 50, 71, 100, 163, 263, 304, 536, 872, 1390, 1605, 1936, 1937]


def group(
    name: str, pops: list[float] | None = None, deaths: list[float] | None = None, **at: float
) -> pd.DataFrame:
    """One area's 20 bands (df1 unless given); ``pop85=119`` / ``deaths90=0`` change one band."""
    frame = pd.DataFrame(
        {"area": name, "startage": AGES, "pops": pops or POPS, "deaths": deaths or DEATHS}, dtype=object
    )
    for key, number in at.items():
        column = "pops" if key.startswith("pop") else "deaths"
        frame.loc[frame["startage"] == int(key.removeprefix("pop").removeprefix("deaths")), column] = number
    return frame.astype({"pops": float, "deaths": float, "startage": int})


def run(*groups: pd.DataFrame, **options: object) -> pd.DataFrame:
    """Life expectancy by area (95 % and 99.8 % limits), warnings left to the caller."""
    data = pd.concat(groups, ignore_index=True)
    options.setdefault("confidence", (0.95, 0.998))
    return stats.life_expectancy(data, "startage", "pops", "deaths", group_by="area", **options)  # type: ignore[arg-type]


def quietly(*groups: pd.DataFrame, **options: object) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", stats.LifeExpectancyWarning)
        return run(*groups, **options)


def rows(out: pd.DataFrame, area: str) -> pd.DataFrame:
    return out[out["area"] == area].set_index("startage")


# --- against the package's output -------------------------------------------------------------


def _reference(phe_testdata: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    cases = pd.read_csv(phe_testdata / "life_expectancy_cases.csv")
    expected = pd.read_csv(phe_testdata / "life_expectancy_cases_results.csv")
    return cases, expected


REFERENCE_AREAS = sorted(
    pd.read_csv(Path(__file__).parents[1] / "data/phe/life_expectancy_cases.csv")["area"].unique()
)


@pytest.mark.parametrize("area", REFERENCE_AREAS)
def test_each_rule_matches_the_package(phe_testdata: Path, area: str) -> None:
    cases, expected = _reference(phe_testdata)
    shuffled = cases.sample(frac=1, random_state=7)  # answers must not depend on row order
    actual = quietly(shuffled).sort_values(["area", "startage"])
    want = expected[expected["area"] == area].sort_values("startage")
    got = actual[actual["area"] == area]
    assert got["startage"].tolist() == want["startage"].tolist()
    assert_frame_matches(got, want, COMPARED, decimals=4)


def test_reference_cases_give_the_package_warnings(phe_testdata: Path) -> None:
    cases, _ = _reference(phe_testdata)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run(cases)
    text = "\n".join(str(w.message) for w in caught if w.category is stats.LifeExpectancyWarning)
    for reason in (
        "negative deaths",
        "population of zero or less",
        "20 age bands",
        "more deaths than population",
        "total population (all ages) is 5000 or fewer",
        "wider than 20 years",
        "90+ band has no deaths",
    ):
        assert reason in text


# --- the total-population rule ----------------------------------------------------------------

FLAT_DEATHS = [2, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 4, 6, 8, 12, 20, 30, 50, 120]


def test_total_population_is_summed_over_every_age() -> None:
    """5001 people in all: calculated at every start age, though only 251 are aged 90+."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", stats.LifeExpectancyWarning)
        out = rows(run(group("a", [250] * 19 + [251], FLAT_DEATHS)), "a")
    assert out["pops_used"].tolist()[-2:] == [501, 251]
    assert out["value"].notna().all()
    assert out.loc[90, "value"] == pytest.approx(251 / 120)
    assert out.loc[90, "lower95_0cl"] == pytest.approx(251 / 120 - Z95 * 251 / 120**1.5)


def test_total_population_of_5000_or_fewer_suppresses_the_group() -> None:
    with pytest.warns(stats.LifeExpectancyWarning, match=r"1 group\(s\) \(first: area=a\).*5000 or fewer"):
        out = run(group("a", [250] * 20, FLAT_DEATHS), group("b", [250] * 19 + [251], FLAT_DEATHS))
    assert out.loc[out["area"] == "a", ["value", *LIMITS]].isna().all().all()
    assert rows(out, "a")["pops_used"].iloc[0] == 5000
    assert out.loc[out["area"] == "b", ["value", *LIMITS]].notna().all().all()


# --- the 95 % interval wider than 20 years ----------------------------------------------------


def test_wide_interval_blanks_the_value_and_keeps_every_limit() -> None:
    """One death among 20 aged 90+: e₉₀ = 20, SE = 20; only the oldest start ages are that wide."""
    with pytest.warns(
        stats.LifeExpectancyWarning, match="wider than 20 years; the confidence limits are kept"
    ):
        out = rows(run(group("a", pop90=20, deaths90=1)), "a")
    assert np.isnan(out.loc[90, "value"])
    assert out.loc[90, LIMITS].tolist() == pytest.approx(
        [20 - Z95 * 20, 20 + Z95 * 20, 20 - Z998 * 20, 20 + Z998 * 20]
    )
    wide = out["upper95_0cl"] - out["lower95_0cl"] > 20
    assert wide.any() and not wide.all()
    assert out.loc[wide, "value"].isna().all()
    assert out.loc[~wide, "value"].notna().all()
    assert out[LIMITS].notna().all().all()


def test_wide_interval_rule_uses_the_95_percent_interval_whatever_the_levels() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", stats.LifeExpectancyWarning)
        out = rows(run(group("a", pop90=311, deaths90=1), confidence=0.998), "a")
    assert np.isnan(out.loc[90, "value"])
    assert out.loc[90, "upper99_8cl"] == pytest.approx(311 + Z998 * 311)


# --- zero populations, deaths above the population, everyone dying in a band ------------------


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"pop20": 0}, "population of zero or less"),
        ({"pop10": -10}, "population of zero or less"),
        ({"pop85": 119}, "more deaths than population"),
        ({"deaths5": -2}, "negative deaths"),
    ],
)
def test_bad_band_blanks_its_whole_group_only(change: dict[str, float], reason: str) -> None:
    with pytest.warns(stats.LifeExpectancyWarning, match=f"first: area=bad.*{reason}"):
        out = run(group("good"), group("bad", **change))
    bad = rows(out, "bad")
    assert len(bad) == 20 and bad[["value", *LIMITS]].isna().all().all()
    assert bad["pops_used"].notna().all()
    assert rows(out, "good").loc[0, "value"] == pytest.approx(80.1696081, abs=5e-5)


def test_deaths_equal_to_population_is_not_suppressed() -> None:
    """Everyone aged 85-89 dies: e₈₅ = n·a = 2.5, nobody is left at 90 (e = 0, no limits)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", stats.LifeExpectancyWarning)
        out = rows(run(group("a", pop85=1936)), "a")
    assert out.loc[85, "value"] == 2.5
    assert out.loc[90, "value"] == 0
    assert out.loc[90, LIMITS].isna().all()
    assert out.loc[:80, "value"].notna().all()


@pytest.mark.parametrize("age, deaths", [(80, 0.45 * 23306), (1, 20000)])
def test_probability_of_dying_is_at_most_one(age: int, deaths: float) -> None:
    """Above Pᵢ/(nᵢaᵢ) deaths everyone dies in the band (q = 1), rather than q > 1."""
    out = rows(quietly(group("a", **{f"deaths{age}": deaths})), "a")
    assert out.loc[age, "value"] == pytest.approx(2.5 if age > 1 else 2.0)
    assert (out.loc[age + 1 :, "value"] == 0).all()
    assert (out.loc[:age, "value"] > 0).all()


def test_no_death_in_the_open_band() -> None:
    with pytest.warns(stats.LifeExpectancyWarning, match="90\\+ band has no deaths"):
        out = rows(run(group("a", deaths90=0)), "a")
    assert out["value"].isna().all()
    assert out["lower95_0cl"].isna().all()
    assert (out["upper95_0cl"] == np.inf).all()


def test_a_missing_count_blanks_its_group() -> None:
    """ADR 0038: missing in, missing out (the package would take the band as one where all die)."""
    with pytest.warns(stats.LifeExpectancyWarning, match="first: area=a.*missing"):
        out = run(group("a", deaths40=np.nan), group("b"))
    assert out.loc[out["area"] == "a", ["value", *LIMITS]].isna().all().all()
    assert out.loc[out["area"] == "b", "value"].notna().all()


# --- age bands -------------------------------------------------------------------------------


def test_a_group_lacking_a_band_is_missing_and_keeps_its_rows() -> None:
    short = group("short").iloc[:-1]
    doubled = pd.concat([group("doubled"), group("doubled").iloc[[3]]])
    with pytest.warns(stats.LifeExpectancyWarning, match=r"2 group\(s\).*each of the 20 age bands"):
        out = run(group("good"), short, doubled)
    assert rows(out, "short").index.tolist() == AGES[:-1]
    assert out.loc[out["area"] != "good", ["value", *LIMITS]].isna().all().all()
    assert out.loc[out["area"] == "good", "value"].notna().all()


def test_a_band_absent_from_the_whole_input_is_an_error() -> None:
    with pytest.raises(InputError, match="no row has start age 90"):
        stats.life_expectancy(group("a").iloc[:-1], "startage", "pops", "deaths")


@pytest.mark.parametrize("bad", [3, 2.5, -1, 95, "x1", "1..2", "ninety"])
def test_unknown_start_age_is_an_error_at_its_row(bad: object) -> None:
    data = group("a").astype({"startage": object})
    data.loc[4, "startage"] = bad
    with pytest.raises(InputError, match="row 5"):
        stats.life_expectancy(data, "startage", "pops", "deaths")


def test_band_labels_read_by_their_start_age() -> None:
    labels = ["0", "1-4", *[f"{a} – {a + 4}" for a in range(5, 90, 5)], "90 +"]
    labelled = group("a").assign(startage=labels).sample(frac=1, random_state=3)
    out = stats.life_expectancy(labelled, "startage", "pops", "deaths")
    plain = stats.life_expectancy(group("a"), "startage", "pops", "deaths")
    assert out["startage"].tolist() == labels
    assert out["statistic"].iloc[1] == "life expectancy at 1-4"
    assert_frame_matches(out, plain, ["value", "lower95_0cl", "upper95_0cl", "pops_used"])


def test_statistic_and_method() -> None:
    out = stats.life_expectancy(group("a"), "startage", "pops", "deaths")
    assert out["statistic"].tolist() == [f"life expectancy at {a}" for a in AGES]
    assert set(out["method"]) == {"Chiang, using Silcocks et al for confidence limits"}


# --- le_age and confidence levels ------------------------------------------------------------


def test_start_ages_keep_only_those_rows() -> None:
    out = stats.life_expectancy(group("a"), "startage", "pops", "deaths", start_ages=[5, 25, 4])
    assert out["startage"].tolist() == [5, 25]
    assert out["value"].round(4).tolist() == [75.4419, 55.7884]


def test_start_ages_none_a_band_returns_every_age_with_a_warning() -> None:
    with pytest.warns(stats.LifeExpectancyWarning, match="none of the start ages 4, 6"):
        out = stats.life_expectancy(group("a"), "startage", "pops", "deaths", start_ages=[4, 6])
    assert len(out) == 20


@pytest.mark.parametrize("level", [0.8, 0.5, (0.95, 0.89)])
def test_confidence_below_90_percent_is_an_error(level: object) -> None:
    with pytest.raises(InputError, match=r"between 0\.9 and 1"):
        stats.life_expectancy(group("a"), "startage", "pops", "deaths", confidence=level)  # type: ignore[arg-type]


def test_several_confidence_levels_give_the_same_limits_as_one() -> None:
    both = stats.life_expectancy(group("a"), "startage", "pops", "deaths", confidence=(0.95, 0.998))
    one = stats.life_expectancy(group("a"), "startage", "pops", "deaths", confidence=0.998)
    assert_frame_matches(one, both, ["lower99_8cl", "upper99_8cl"])


def test_forty_simulated_areas_match_the_package(phe_testdata: Path) -> None:
    """Simulated small areas, towns and extreme mortality (tests/data/phe/README.md), any row order."""
    cases = pd.read_csv(phe_testdata / "life_expectancy_random.csv").sample(frac=1, random_state=11)
    expected = pd.read_csv(phe_testdata / "life_expectancy_random_results.csv")
    actual = quietly(cases).sort_values(["area", "startage"])
    expected = expected.sort_values(["area", "startage"])
    assert actual[["area", "startage"]].values.tolist() == expected[["area", "startage"]].values.tolist()
    assert_frame_matches(actual, expected, COMPARED, decimals=4)
