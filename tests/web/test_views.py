"""Downloads of the profile and indicator pages (web.views.csv_response): formula cells defused,
numbers — negative ones included — written as numbers."""

from __future__ import annotations

import io

import pandas as pd

from healthassets.web.views import csv_response


def test_data_csv_defuses_formulas_and_keeps_negative_numbers() -> None:
    values = pd.DataFrame(
        {
            "indicator_id": [90362],
            "indicator_name": ['=HYPERLINK("http://evil.example","Healthy life expectancy")'],
            "area_code": ["E08000004"],
            "area_name": ["@Oldham"],
            "value": [-1.5],
            "lower95_0cl": [-2.25],
        }
    )
    body = csv_response(values, "oldham").body
    text = bytes(body).decode("utf-8")
    frame = pd.read_csv(io.StringIO(text))
    assert frame["Indicator Name"][0].startswith("'=HYPERLINK") and frame["Area Name"][0] == "'@Oldham"
    assert frame["Value"][0] == -1.5 and frame["Lower CI 95.0 limit"][0] == -2.25
