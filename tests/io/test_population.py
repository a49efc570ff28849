"""Census 2021 residents per LSOA: the bundled file read, totals that do not add up refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from healthassets.errors import InputError
from healthassets.io.population import RESIDENTS, read_population
from tests.conftest import DATA


def test_residents(tmp_path: Path) -> None:
    frame = read_population(DATA / "geography" / "lsoa21_population_census2021_ew.csv")
    assert len(frame) == 35_672 and set(frame["indicator_id"]) == {RESIDENTS}
    assert frame["value"].sum() == 59_597_114  # the file's total (data/geography/README.md)
    bad = tmp_path / "population.csv"
    bad.write_text(
        "LSOA21CD,LSOA21NM,total,age_0_15,age_16_24,age_25_34,age_35_49,age_50_64,age_65_plus\n"
        "E01000001,City of London 001A,1478,125,110,291,336,245,370\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="do not add up"):
        read_population(bad)
