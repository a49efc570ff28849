"""The bundled presets parse and carry the published weights."""

from __future__ import annotations

import pytest

from healthassets.indices.presets import names, preset


def test_presets_are_listed_and_valid() -> None:
    assert names() == ["cni", "imd2025", "wimd"]
    imd = preset("imd2025")
    assert [i.weight for i in imd.indicators] == [0.225, 0.225, 0.135, 0.135, 0.093, 0.093, 0.093]
    assert sum(i.weight or 0 for i in imd.indicators) == pytest.approx(0.999)
    assert (imd.normalise, imd.aggregate) == ("exp-rank", "sum")
    wimd = preset("wimd")
    assert [i.weight for i in wimd.indicators] == [0.22, 0.22, 0.15, 0.14, 0.10, 0.07, 0.05, 0.05]
    assert len(preset("cni").indicators) == 3


def test_unknown_preset() -> None:
    with pytest.raises(KeyError):
        preset("imd1066")
