"""The SWEMWBS facts: the bundled table equals the code's copy; thresholds as published."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from healthassets.surveys import swemwbs

TABLE = Path(__file__).resolve().parents[2] / "data" / "instruments" / "swemwbs_conversion.csv"


def test_the_code_repeats_the_bundled_conversion_table() -> None:
    table = pd.read_csv(TABLE)
    assert list(table["raw_score"]) == list(range(7, 36))
    assert list(table["metric_score"]) == list(swemwbs.METRIC)


def test_only_the_verified_threshold_ships() -> None:
    assert list(swemwbs.RELIABLE_CHANGE) == ["swemwbs_metric"]
    assert swemwbs.RELIABLE_CHANGE["swemwbs_metric"][0] == 2.87
    assert "Shah" in swemwbs.RELIABLE_CHANGE["swemwbs_metric"][1]


def test_sem_threshold_is_2_77_sem() -> None:
    # SD 8, alpha 0.91: SEM = 8 * 0.3 = 2.4 (the low end Maheswaran et al. report) → 6.648
    assert swemwbs.sem_threshold(8, 0.91) == pytest.approx(2.77 * 2.4)
    with pytest.raises(ValueError):
        swemwbs.sem_threshold(8, 1.5)
