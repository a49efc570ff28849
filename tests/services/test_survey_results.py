"""A survey's results published as an indicator (issue 14 part 3): placed by LSOA, summarised for
each LSOA, MSOA, ward and authority with disclosure control, stored, replaced on republication."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine

from healthassets.errors import InputError
from healthassets.services.survey_results import publish_survey_results, survey_membership
from healthassets.store import areas as area_store
from healthassets.store.values import ValueFilter, fetch_values

INDICATOR = 9_500_001
OLDHAM = "E08000004"


def _responses(engine: Engine) -> tuple[pd.DataFrame, list[str]]:
    """30 responses in one LSOA of an Oldham MSOA, 25 in a second, 4 in a third."""
    msoa = area_store.descendants(engine, OLDHAM, "msoa")[0]
    lsoas = [a.code for a in area_store.descendants(engine, msoa.code, "lsoa")][:3]
    rng = np.random.default_rng(7)
    placed = [lsoas[0]] * 30 + [lsoas[1].lower() + " "] * 25 + [lsoas[2]] * 4 + [""] * 3
    scores = np.round(rng.normal(25, 4, len(placed)), 2)
    return pd.DataFrame({"lsoa": placed, "swemwbs_metric": scores}), lsoas


def _publish(engine: Engine, responses: pd.DataFrame, **options: object) -> object:
    given = {
        "value": "swemwbs_metric",
        "lsoa": "lsoa",
        "indicator_id": INDICATOR,
        "name": "Mental wellbeing (SWEMWBS), residents' survey",
        "period": "2026",
        "instrument": "swemwbs",
        "wave": "baseline",
        **options,
    }
    return publish_survey_results(engine, responses, **given)  # type: ignore[arg-type]


def test_results_are_stored_per_area_with_small_numbers_suppressed(loaded_geography: Engine) -> None:
    engine = loaded_geography
    responses, lsoas = _responses(engine)
    done = _publish(engine, responses)
    stored = fetch_values(engine, ValueFilter(indicators=[INDICATOR])).set_index("area_code")
    membership = survey_membership(engine, pd.Series(lsoas))
    assert set(stored.index) == set(membership["area_code"])
    assert set(membership["area_type"]) == {"lsoa", "msoa", "ward", "ltla"}
    first = stored.loc[lsoas[0]]
    values = responses.loc[responses["lsoa"] == lsoas[0], "swemwbs_metric"]
    assert first["value"] == pytest.approx(values.mean()) and first["denominator"] == 30
    assert first["lower95_0cl"] < first["value"] < first["upper95_0cl"]
    # the second LSOA would give the third away (MSOA − first − second = 4): suppressed too
    assert np.isnan(stored.loc[lsoas[1], "value"]) and np.isnan(stored.loc[lsoas[1], "denominator"])
    third = stored.loc[lsoas[2]]  # 4 responses: no value, no count, no limits
    assert np.isnan(third["value"]) and np.isnan(third["denominator"]) and np.isnan(third["lower95_0cl"])
    assert "fewer than 10 responses" in third["value_note"]
    # the authority holds the 59 placed responses (the second LSOA's typed in lower case with a
    # space); the three unplaced count nowhere
    assert stored.loc[OLDHAM, "denominator"] == 59
    # no two published areas can be differenced into 1-9 responses
    per_lsoa = {lsoas[0]: 30, lsoas[1]: 25, lsoas[2]: 4}
    sets = membership.groupby("area_code")["lsoa"].agg(frozenset)
    published = [code for code in sets.index if not np.isnan(stored.loc[code, "value"])]
    for a in published:
        for b in published:
            if a != b and sets[a] & sets[b]:
                left = sum(per_lsoa[lsoa] for lsoa in sets[a] - sets[b])
                assert not 0 < left < 10, (a, b, left)
    assert done.responses == 62  # type: ignore[attr-defined]
    # republishing the same period replaces the batch
    _publish(engine, responses.iloc[:40])
    again = fetch_values(engine, ValueFilter(indicators=[INDICATOR])).set_index("area_code")
    assert again.loc[OLDHAM, "denominator"] == 40 and len(again) <= len(stored)


def test_bad_input_is_named_and_nothing_is_written(loaded_geography: Engine) -> None:
    engine = loaded_geography
    responses, _lsoas = _responses(engine)
    with pytest.raises(InputError, match="outside the local range") as caught:
        _publish(engine, responses, indicator_id=90_000)
    assert caught.value.column == "--indicator-id"
    wrong = responses.copy()
    wrong.loc[5, "lsoa"] = "E08000004"  # an authority, not an LSOA
    with pytest.raises(InputError, match="not an LSOA") as caught:
        _publish(engine, wrong)
    assert (caught.value.row, caught.value.column) == (6, "lsoa")
    with pytest.raises(InputError) as caught:
        _publish(engine, responses, period="last spring")
    assert caught.value.column == "--period"
    assert fetch_values(engine, ValueFilter(indicators=[INDICATOR])).empty
