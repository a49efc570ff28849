"""Group summaries: t and Wilson limits by hand, band naming and order, suppression."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from healthassets.errors import InputError
from healthassets.surveys.summary import band_order, band_stem, summarise


def test_mean_and_wilson_by_hand() -> None:
    values = np.arange(1, 11, dtype=float)
    bands = pd.Series(["high"] * 3 + ["low"] * 7)
    out = summarise(values, pd.DataFrame(index=range(10)), bands)
    # t_{0.975, 9} = 2.2621571627; s = sqrt(110/12)
    half = 2.2621571627 * math.sqrt(110 / 12) / math.sqrt(10)
    assert out.loc[0, "mean"] == 5.5
    assert out.loc[0, "lower95_0cl"] == pytest.approx(5.5 - half, rel=1e-9)
    z = 1.959963984540054
    centre, spread = 2 * 3 + z * z, z * math.sqrt(z * z + 4 * 3 * 0.7)
    assert out.loc[0, "high_lower95_0cl"] == pytest.approx((centre - spread) / (2 * (10 + z * z)))
    assert list(out.columns[4:7]) == ["low_proportion", "low_lower95_0cl", "low_upper95_0cl"]
    assert out.loc[0, "suppressed"] == "false"


def test_band_names_and_order() -> None:
    assert band_stem(" Very  high! ") == "very_high"
    assert band_order(["high", "very low"]) == ["very low", "high"]
    assert band_order(["z", "a"]) == ["z", "a"]
    with pytest.raises(InputError, match="both be named"):
        summarise(np.ones(2), pd.DataFrame(index=range(2)), pd.Series(["a b", "a-b"]))


def test_suppression_is_below_min_count_and_blanks_every_figure() -> None:
    groups = pd.DataFrame({"area": ["x"] * 9 + ["y"] * 10})
    out = summarise(np.ones(19), groups, pd.Series(["low"] * 19), min_count=10)
    assert list(out["area"]) == ["x", "y"] and list(out["suppressed"]) == ["true", "false"]
    assert out.drop(columns=["area", "suppressed"]).iloc[0].isna().all()
    assert out.loc[1, "n"] == 10 and out.loc[1, "low_proportion"] == 1


def test_a_scored_band_column_reports_every_band_of_its_measure() -> None:
    from healthassets.surveys.summary import known_bands

    assert known_bands("ons4_anxiety_band") == ("very low", "low", "medium", "high")
    assert known_bands("my_band") == ()
    bands = pd.Series(["high"] * 10)
    out = summarise(np.ones(10), pd.DataFrame(index=range(10)), bands, known=known_bands("ons4_anxiety_band"))
    assert [c for c in out.columns if c.endswith("_proportion")] == [
        "very_low_proportion",
        "low_proportion",
        "medium_proportion",
        "high_proportion",
    ]
    assert out.loc[0, "very_low_proportion"] == 0 and out.loc[0, "very_low_lower95_0cl"] == 0
    # Wilson upper limit of 0/10: z² / (n + z²)
    z2 = 1.959963984540054**2
    assert out.loc[0, "low_upper95_0cl"] == pytest.approx(z2 / (10 + z2))
