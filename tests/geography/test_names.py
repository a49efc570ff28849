"""Place names as people type them."""

from __future__ import annotations

import pandas as pd
import pytest

from healthassets.geography.names import search_key, search_keys


@pytest.mark.parametrize(
    ("typed", "published"),
    [
        ("ynys mon", "Ynys Môn"),
        ("Bro Morgannwg", "Bro Morgannwg"),
        ("st helens", "St. Helens"),
        ("Saint Helens", "St. Helens"),
        ("brighton and hove", "Brighton & Hove"),
        ("kingston upon hull", "Kingston upon Hull, City of"),
        ("newcastle under lyme", "Newcastle-under-Lyme"),
        ("  OLDHAM  ", "Oldham"),
        ("Powys", "Powys"),
    ],
)
def test_two_spellings_share_a_key(typed: str, published: str) -> None:
    assert search_key(published).startswith(search_key(typed))


def test_vectorised_keys_equal_the_scalar_ones() -> None:
    names = pd.Series(["Ynys Môn", "St. Helens", None, "Brighton & Hove", "Llŷn", "Ceredigion"])
    assert search_keys(names).tolist() == [search_key(n) for n in names]
