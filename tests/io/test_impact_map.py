"""Reading an impact map: ranges, warnings, ignored columns and where problems are reported."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from healthassets.errors import ImportValidationError
from healthassets.io.impact_map import read_impact_map

HEADER = "outcome,quantity,proxy,duration,deadweight,displacement,attribution,drop_off"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "impact.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_ranges_fill_fixed_rows_with_the_point_value(tmp_path: Path) -> None:
    text = f"{HEADER},proxy_low,proxy_high,note\nA,1,100,2,0,0,0,0,90,110,x\nB,2,50,3.0,0,0,0,0,,,y\n"
    read = read_impact_map(write(tmp_path, text))
    assert read.impacts.outcome == ("A", "B")
    assert read.impacts.duration.tolist() == [2, 3]
    np.testing.assert_array_equal(read.ranges["proxy"].low, [90.0, 50.0])
    np.testing.assert_array_equal(read.ranges["proxy"].high, [110.0, 50.0])
    assert read.warnings == ()


def test_point_outside_its_range_and_empty_ranges_are_warnings(tmp_path: Path) -> None:
    text = f"{HEADER},quantity_low,quantity_high,proxy_low,proxy_high\nA,1,100,2,0,0,0,0,2,3,,\n"
    read = read_impact_map(write(tmp_path, text))
    assert any("outside" in note for note in read.warnings)
    assert any("proxy is not varied" in note for note in read.warnings)


def test_problems_sorted_by_row_then_column_with_original_row_numbers(tmp_path: Path) -> None:
    text = f"{HEADER}\n,,,,,,,\nA,1,1,1,0,0,0,2\nB,x,1,1,7,0,0,0\n"
    with pytest.raises(ImportValidationError) as caught:
        read_impact_map(write(tmp_path, text))
    where = [(p.row, p.column) for p in caught.value.problems]
    assert where == [(2, "drop_off"), (3, "quantity"), (3, "deadweight")]
    assert "(and 2 more problem(s))" in str(caught.value)
