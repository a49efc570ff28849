"""Custom instruments from TOML: a good file scores; each bad field is named."""

from __future__ import annotations

import numpy as np
import pytest

from healthassets.errors import InputError
from healthassets.surveys import parse_instrument, score

GOOD = """
slug = "park"
name = "Our park"
[[items]]
key = "park_safe"
text = "Placeholder item one"
[[items]]
key = "park_visit"
text = "Placeholder item two"
type = "choice"
options = ["never", "monthly", "weekly"]
[[measures]]
name = "park_total"
items = ["park_safe", "park_visit"]
bands = [{ name = "low", min = 2, max = 4 }, { name = "high", min = 5, max = 8 }]
"""


def test_a_custom_instrument_scores() -> None:
    instrument = parse_instrument(GOOD, "park.toml")
    assert instrument.item("park_visit").scale.maximum == 3
    scored = score(instrument, {"park_safe": np.array([5.0, 1, 5]), "park_visit": np.array([3.0, 1, 4])})
    np.testing.assert_array_equal(scored.frame["park_total"], [8, 2, np.nan])
    assert list(scored.frame["park_total_band"].fillna("-")) == ["high", "low", "-"]


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (('type = "choice"', 'type = "slider"'), "items[1].type"),
        (('key = "park_safe"', 'key = "Park Safe"'), "items[0].key"),
        (('items = ["park_safe", "park_visit"]', 'items = ["park_safe", "nope"]'), "measures[0].items[1]"),
        (("min = 5, max = 8", "min = 5, max = 'x'"), "measures[0].bands[1].max"),
        (('name = "Our park"', 'name = "Our park"\ncolour = "red"'), "colour"),
    ],
)
def test_bad_fields_are_named(edit: tuple[str, str], field: str) -> None:
    with pytest.raises(InputError, match=f"park.toml: field '{field.replace('[', '.').replace(']', '.')}'"):
        parse_instrument(GOOD.replace(*edit), "park.toml")
