"""The inequality section each authority's profile opens with, stored once per load (docs/adr/0075):
equal to the one computed on request for authorities of every kind, read instead of computed while
current, ignored when its values version is not the current one, and re-stamped — not recomputed —
when values that are not its inputs change."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine

from healthassets.indicators.inequality import Reason
from healthassets.services import inequality as inequality_service
from healthassets.services.inequality import REPETITIONS, area_inequality
from healthassets.services.inequality_defaults import INPUTS, default_inequalities, store_default_inequalities
from healthassets.services.inequality_rows import decode, encode
from healthassets.store import derived as derived_store
from healthassets.store import inequality as inequality_store

pytestmark = pytest.mark.db

#: Oldham, a Lancashire district, Lancashire county, Cornwall, the Isles of Scilly (too few LSOAs),
#: Cardiff (Wales: nothing ranked)
SAMPLE = ["E08000004", "E07000117", "E10000017", "E06000052", "E06000053", "W06000015"]


def same_summary(left: dict[str, object], right: dict[str, object]) -> bool:
    def equal(a: object, b: object) -> bool:
        both_nan = isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b)
        return both_nan or a == b

    return set(left) == set(right) and all(equal(left[k], right[k]) for k in left)


def test_every_stored_section_equals_the_one_computed_on_request(loaded_engine: Engine) -> None:
    stored = {r.area.code: r for r in default_inequalities(loaded_engine, only=SAMPLE)}
    assert sorted(stored) == sorted(SAMPLE)
    reasons = set()
    for code in SAMPLE:
        alone = area_inequality(loaded_engine, code, stored=False)
        batch = stored[code]
        assert (batch.indicator_id, batch.period, batch.reason) == (
            alone.indicator_id,
            alone.period,
            alone.reason,
        )
        assert same_summary(batch.summary, alone.summary), code
        pd.testing.assert_frame_equal(batch.deciles, alone.deciles, check_dtype=False, check_exact=True)
        reasons.add(batch.reason)
    assert {None, Reason.WALES, Reason.TOO_FEW_LSOAS} <= reasons  # the sample covers each kind


def test_a_profile_reads_the_stored_section_while_it_is_current(
    loaded_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the loaded store's sections current, the default section needs no computation; another
    indicator, or a section whose values version is not the current one, is computed."""
    expected = area_inequality(loaded_engine, "E08000004", stored=False)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("computed, not read")

    monkeypatch.setattr(inequality_service, "inequality", refuse)
    found = area_inequality(loaded_engine, "E08000004")
    assert found.indicator_id == expected.indicator_id and same_summary(found.summary, expected.summary)
    assert area_inequality(loaded_engine, "E08000004", expected.indicator_id).summary == found.summary
    with pytest.raises(AssertionError, match="computed, not read"):
        area_inequality(loaded_engine, "E08000004", inequality_service.IMD_SCORE)
    monkeypatch.setattr(inequality_service, "values_version", lambda _engine: "another version")
    with pytest.raises(AssertionError, match="computed, not read"):
        area_inequality(loaded_engine, "E08000004")
    assert REPETITIONS == 100_000  # stored sections are the page's own: 100,000 simulations


def test_a_row_reads_back_as_it_was_computed(loaded_engine: Engine) -> None:
    (section,) = default_inequalities(loaded_engine, only=["E08000004"])
    row = encode(
        "E08000004",
        section.indicator_id,
        section.period,
        section.reason,
        section.summary,
        section.deciles,
        "v",
    )
    indicator_id, period, reason, summary, deciles = decode(row)
    assert (indicator_id, period, reason) == (section.indicator_id, section.period, section.reason)
    assert same_summary(summary, section.summary)
    pd.testing.assert_frame_equal(deciles, section.deciles)


def test_values_that_are_not_inputs_re_stamp_the_stored_rows(engine: Engine) -> None:
    """A survey's publication (or any other indicator's values) leaves every section as it was, now
    current; a change to one input replaces only the sections it touches, in one transaction."""
    version = derived_store.values_version(engine)
    rows = [
        encode(code, 9_220_000, "2024", None, {"lsoas": 5, "sii": 1.5}, pd.DataFrame({"decile": [1]}), "old")
        for code in ("E08000001", "E08000002")
    ]
    inequality_store.replace_default_inequalities(engine, rows, None, "old")
    assert store_default_inequalities(engine, [123_456]) == 0  # not an input
    for code in ("E08000001", "E08000002"):
        row = inequality_store.default_inequality(engine, code)
        assert row is not None and row["values_version"] == version and decode(row)[3]["sii"] == 1.5
    replacement = encode("E08000001", 9_000_101, "2021", None, {"lsoas": 9}, pd.DataFrame(), version)
    inequality_store.replace_default_inequalities(engine, [replacement], ["E08000001"], version)
    first, second = (inequality_store.default_inequality(engine, c) for c in ("E08000001", "E08000002"))
    assert first is not None and first["indicator_id"] == 9_000_101 and decode(first)[4].empty
    assert second is not None and second["indicator_id"] == 9_220_000
    assert set(INPUTS) == {9_000_001, 9_100_001, 9_220_000, 9_000_101}
    assert np.isnan(decode(encode("X", 1, None, None, {"sii": float("nan")}, pd.DataFrame(), "v"))[3]["sii"])
