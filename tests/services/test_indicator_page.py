"""The indicator page's choices: which period is shown."""

from __future__ import annotations

import pandas as pd
import pytest

from healthassets.errors import InputError
from healthassets.services.indicator_page import chosen_period


def test_the_newest_period_by_default_and_an_unknown_one_refused() -> None:
    series = pd.DataFrame(
        {"period": ["2019/20", "2021/22", "2020/21", "2021/22"], "period_sortable": [2019, 2021, 2020, 2021]}
    )
    assert chosen_period(series, None) == (["2021/22", "2020/21", "2019/20"], "2021/22")
    assert chosen_period(series, "2019/20")[1] == "2019/20"
    with pytest.raises(InputError, match="no values for the period '2018/19'; choose one of 2021/22"):
        chosen_period(series, "2018/19")
    assert chosen_period(series.iloc[0:0], None) == ([], None)


def test_quintiles_rank_english_and_welsh_areas_apart() -> None:
    from healthassets.services.indicator_page import benchmark_rows

    meta = pd.DataFrame({"benchmark_method": ["Quintiles"], "polarity": ["High is good"]}, index=[9_200_020])
    english = [f"E0600000{i}" for i in range(5)]
    welsh = [f"W0600000{i}" for i in range(5)]
    shown = pd.DataFrame({"area_code": english + welsh, "value": [10.0, 20, 30, 40, 50, 1, 2, 3, 4, 5]})
    labels = benchmark_rows(shown, None, meta, 9_200_020)["benchmark"].tolist()
    # the best Welsh area is 'Best' in Wales although it is below every English one
    assert labels == ["Worst", "Worse", "Middle", "Better", "Best"] * 2
