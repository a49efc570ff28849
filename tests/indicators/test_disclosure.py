import numpy as np
import pandas as pd

from healthassets.indicators.disclosure import applies_disclosure_control, apply_disclosure


def test_disclosure_text_classified() -> None:
    text = pd.Series(
        ["Counts between 1 and 4 are suppressed", "None applied", None, "Disclosure control not required as"]
    )
    assert applies_disclosure_control(text).tolist() == [True, False, False, False]


def test_rows_without_value_hide_their_numbers() -> None:
    values = pd.DataFrame(
        {
            "indicator_id": [1, 1, 2],
            "value": [5.0, np.nan, np.nan],
            "count": [3.0, 2.0, 4.0],
            "denominator": [60.0, 50.0, 70.0],
            "lower95_0cl": [1.0, 0.5, np.nan],
        }
    )
    out = apply_disclosure(values, pd.Series({1: True, 2: False}))
    assert out["value_status"].tolist() == ["value", "suppressed", "no value"]
    assert out["count"].isna().tolist() == [False, True, True]
    assert out["lower95_0cl"].isna().tolist() == [False, True, True]
    assert values["count"].notna().all()  # input untouched
