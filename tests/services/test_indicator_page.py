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
