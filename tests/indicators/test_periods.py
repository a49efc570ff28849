"""Fingertips time-period labels → sortable numbers, and labels from a start year."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from healthassets.indicators.periods import period_labels, period_sortable

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@pytest.mark.parametrize(
    "label, year, part",
    [
        ("2019", 2019, 0),
        ("2019/20", 2019, 0),
        ("1999/00", 1999, 0),
        ("2017 - 19", 2017, 0),
        ("2019/20 - 21/22", 2019, 0),
        ("2020 Q1", 2020, 1),
        ("2019/20 Q3", 2019, 3),
        ("Jan 2020", 2020, 1),
        ("March 2021", 2021, 3),
        ("2020/21 Jan", 2020, 1),
        ("2020 Jan - Mar", 2020, 1),
        ("Oct 2019 - Sep 2020", 2019, 10),
        ("  2019  ", 2019, 0),
    ],
)
def test_fingertips_forms(label: str, year: int, part: int) -> None:
    assert period_sortable(pd.Series([label])).iloc[0] == year * 10000 + part * 100


@pytest.mark.parametrize(
    "label",
    [
        "",
        "last year",
        "22",
        "2019/",
        "2019/21",
        "2019/2020",
        "19/20",
        "2020/21 Q5",
        "Foo 2020",
        "3000",
        "1066",
    ],
)
def test_malformed_forms(label: str) -> None:
    assert pd.isna(period_sortable(pd.Series([label])).iloc[0])


@settings(max_examples=40, deadline=None)
@given(
    year=st.integers(1900, 2150),
    form=st.sampled_from(["calendar", "split", "rolling", "quarter", "month"]),
    part=st.integers(1, 12),
)
def test_generated_labels_sort_by_start(year: int, form: str, part: int) -> None:
    quarter = (part - 1) % 4 + 1
    label, expected = {
        "calendar": (f"{year}", 0),
        "split": (f"{year}/{(year + 1) % 100:02d}", 0),
        "rolling": (f"{year} - {(year + 2) % 100:02d}", 0),
        "quarter": (f"{year}/{(year + 1) % 100:02d} Q{quarter}", quarter),
        "month": (f"{MONTHS[part - 1]} {year}", part),
    }[form]
    assert period_sortable(pd.Series([label])).iloc[0] == year * 10000 + expected * 100


@settings(max_examples=30, deadline=None)
@given(years=st.lists(st.integers(1990, 2100), min_size=1, max_size=20))
def test_labels_from_start_year_parse_back(years: list[int]) -> None:
    year = pd.Series(years)
    for kind in ("Calendar", "Financial", "Academic", "Financial multi-year"):
        labels = period_labels(year, pd.Series([kind] * len(years)))
        assert period_sortable(labels).tolist() == [y * 10000 for y in years]


def test_financial_labels() -> None:
    labels = period_labels(pd.Series([2018, 2099]), pd.Series(["Financial", "Financial multi-year"]))
    assert labels.tolist() == ["2018/19", "2099/00 - 03/04"]
