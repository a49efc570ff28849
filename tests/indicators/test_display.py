import numpy as np
import pandas as pd

from healthassets.indicators.display import decimals_for


def test_most_values_have_one_place_large_none_and_proportions_three() -> None:
    assert decimals_for(pd.Series([34.7, 20.5])) == 1
    assert decimals_for(pd.Series([19_177.0, 2_500.0])) == 0
    # found by hand: IMD 2025 income domain scores 0.365 vs 0.232 read "0.4" vs "0.2"
    assert decimals_for(pd.Series([0.365, 0.232])) == 3
    assert decimals_for(pd.Series([-0.010, 0.648])) == 3


def test_missing_values_are_ignored() -> None:
    assert decimals_for(pd.Series([np.nan, 0.5])) == 3
    assert decimals_for(pd.Series([np.nan, np.nan])) == 1
    assert decimals_for(pd.Series([], dtype=float)) == 1
