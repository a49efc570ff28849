"""ONS parks access: the bundled file read, bad rows refused."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from healthassets.errors import ImportValidationError, InputError
from healthassets.io.parks import FILE, PARKS_ID, parks_indicator, read_lsoa11_population, read_parks
from tests.conftest import DATA

HEADER = "area_code,area_name,area_type,la_code,la_name,indicator,period,value,unit"


def test_bundled_parks_file() -> None:
    distances = read_parks(DATA / FILE)
    # England and Wales LSOAs 2011 only (the Scottish data zones are left out), as the README counts
    assert len(distances) == 32_649 + 1_835 and distances.index.str[:3].isin(["E01", "W01"]).all()
    assert distances.between(0, 50_000).all()
    meta = parks_indicator().iloc[0]
    assert (
        meta["id"] == PARKS_ID
        and meta["polarity"] == "Low is good"
        and meta["benchmark_method"] == "Quintiles"
    )
    assert "Contains OS data" in meta["copyright"] and "Open Government Licence" in meta["data_reuse"]
    population = read_lsoa11_population(DATA / "geography" / "imd2019_england_lsoa11.csv")
    assert len(population) == 32_844 and (population > 0).all()


def write_parks(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "parks.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join([HEADER, *rows]) + "\n")
    return path


GOOD = "E01000001,City of London 001A,LSOA 2011,E09000001,City of London,d,2020-04,183.6,metres"


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("E0100000X,x,LSOA 2011,E09000001,x,d,2020-04,183.6,metres", "area_code"),
        ("E02000001,x,LSOA 2011,E09000001,x,d,2020-04,183.6,metres", "area_code"),
        ("E01000002,x,LSOA 2011,E09000001,x,d,2020-04,far,metres", "value"),
        ("E01000002,x,LSOA 2011,E09000001,x,d,2020-04,-3,metres", "value"),
        ("E01000002,x,LSOA 2011,E09000001,x,d,2020-04,183.6,km", "unit"),
        (GOOD, "area_code"),  # twice
    ],
)
def test_bad_parks_rows_are_refused_with_their_row(tmp_path: Path, row: str, column: str) -> None:
    path = write_parks(tmp_path, GOOD, row)
    with pytest.raises(ImportValidationError) as caught:
        read_parks(path)
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, column)]


def test_scottish_rows_are_left_out_and_columns_required(tmp_path: Path) -> None:
    path = write_parks(tmp_path, GOOD, "S01006506,Culter,LSOA 2011,S12000033,Aberdeen,d,2020-04,421.9,metres")
    assert read_parks(path).to_dict() == {"E01000001": 183.6}
    bare = tmp_path / "bare.csv"
    bare.write_text("area_code,value\nE01000001,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="required column"):
        read_parks(bare)
