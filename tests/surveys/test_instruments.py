"""The bundled instruments: items, scales, bands, licences."""

from __future__ import annotations

import pytest

from healthassets.errors import InputError
from healthassets.surveys import instruments


def test_ons4_bands_cover_the_scale_once_each() -> None:
    for measure in instruments.ONS4.measures:
        covered = [b.name for point in range(11) for b in measure.bands if b.low <= point <= b.high]
        assert len(covered) == 11
    anxiety = instruments.ONS4.measures[3]
    assert [(b.name, b.low, b.high) for b in anxiety.bands] == [
        ("very low", 0, 1),
        ("low", 2, 3),
        ("medium", 4, 5),
        ("high", 6, 10),
    ]


def test_wemwbs_wording_is_not_shipped_and_the_notice_is() -> None:
    for instrument in (instruments.SWEMWBS, instruments.WEMWBS):
        assert instrument.licence.wording_licensed
        assert all(item.text is None for item in instrument.items)
        assert not instrument.publishable
        assert (
            "© NHS Health Scotland, University of Warwick and University of Edinburgh"
            in instrument.licence.notice
        )
    assert instruments.ONS4.publishable and not instruments.ONS4.licence.wording_licensed
    assert len(instruments.SWEMWBS.items) == 7 and len(instruments.WEMWBS.items) == 14


def test_registry_and_checklist() -> None:
    assert set(instruments.REGISTRY) == {"ons4", "swemwbs", "wemwbs", "ccc", "social-capital"}
    with pytest.raises(InputError, match="instruments: ons4"):
        instruments.get("phq9")
    checklist = instruments.community_capacity(["leadership", "resources"])
    assert checklist.columns == ("capacity_leadership", "capacity_resources")
    assert checklist.item("capacity_resources").text == "resources"
    with pytest.raises(InputError):
        instruments.community_capacity(["a", "a"])
