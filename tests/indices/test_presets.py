"""The bundled presets parse and carry the published weights."""

from __future__ import annotations

import pytest

from healthassets.indices.presets import names, preset


def test_presets_are_listed_and_valid() -> None:
    assert names() == ["cni", "community-assets", "imd2025", "phw-domains", "warm", "wimd"]
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


def test_store_fed_presets_name_a_store_indicator_for_every_column() -> None:
    for name in ("community-assets", "imd2025", "phw-domains", "warm"):
        spec = preset(name)
        assert spec.store is not None and spec.store.coverage
        assert all(isinstance(i.indicator_id, int) for i in spec.indicators), name
    phw = preset("phw-domains")
    assert [d.name for d in phw.domains] == ["individual", "community", "structural"]
    assert phw.store is not None and phw.store.countries == ("E", "W")
    anxiety = next(i for i in phw.indicators if i.column == "anxiety")
    assert anxiety.direction == -1 and anxiety.indicator_id == 9_200_003
    imd = preset("imd2025")
    assert imd.store is not None and imd.store.values == "rank" and imd.uncertainty.draws == 0
