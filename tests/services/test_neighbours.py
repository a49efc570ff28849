"""Statistical neighbours on the real bundled data: authorities of England and Wales, counties,
nothing for other area types, and one computation per features file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine

from healthassets.benchmark.neighbours import model_variables, nearest_neighbours
from healthassets.errors import InputError
from healthassets.geography.areas import TYPE_GROUPS, area_types_of
from healthassets.io.neighbour_features import FILE, read_neighbour_features
from healthassets.services.neighbours import neighbour_table, statistical_neighbours
from healthassets.store.areas import ancestors, areas_of_type, get_area, siblings

pytestmark = pytest.mark.db
DATA = Path(__file__).resolve().parents[2] / "data"
NORTH_WEST = "E12000002"


def region_of(engine: Engine, code: str) -> str | None:
    return next((a.code for a in ancestors(engine, code) if a.area_type == "region"), None)


def test_oldham_neighbours_are_ordered_by_distance_and_reach_beyond_the_north_west(
    loaded_engine: Engine,
) -> None:
    oldham = get_area(loaded_engine, "E08000004")
    found = statistical_neighbours(loaded_engine, oldham)
    codes = [a.code for a in found]
    assert len(codes) == 10 and len(set(codes)) == 10 and "E08000004" not in codes
    assert {a.area_type for a in found} <= set(TYPE_GROUPS["ltla"])
    table = neighbour_table("ltla").set_index(["area_code", "neighbour_code"])["distance"]
    distances = [table[("E08000004", code)] for code in codes]
    assert distances == sorted(distances) and distances[0] > 0
    assert any(region_of(loaded_engine, code) != NORTH_WEST for code in codes)
    alphabetical = [a.code for a in siblings(loaded_engine, "E08000004")][:10]
    assert codes != alphabetical
    # ranked against every district and UA of England and Wales, these are the ten nearest
    features = read_neighbour_features(DATA / FILE)
    ltla = features[area_types_of(features.index.to_series()).isin(TYPE_GROUPS["ltla"]).to_numpy()]
    full = nearest_neighbours(model_variables(ltla), k=len(ltla))
    mine = full[full["area_code"] == "E08000004"]
    assert len(mine) == len(ltla) - 1
    assert mine["neighbour_code"].head(10).tolist() == codes


def test_welsh_authorities_get_neighbours_from_england_and_wales(loaded_engine: Engine) -> None:
    welsh = [a for a in areas_of_type(loaded_engine, "ltla") if a.code.startswith("W06")]
    assert len(welsh) == 22
    chosen = {a.code: [n.code for n in statistical_neighbours(loaded_engine, a)] for a in welsh}
    assert all(len(codes) == 10 for codes in chosen.values())
    countries = {code[0] for codes in chosen.values() for code in codes}
    assert countries == {"E", "W"}


def test_counties_are_matched_among_counties_and_unitary_authorities(loaded_engine: Engine) -> None:
    lancashire = get_area(loaded_engine, "E10000017")
    found = statistical_neighbours(loaded_engine, lancashire)
    assert len(found) == 10
    assert {a.area_type for a in found} <= set(TYPE_GROUPS["utla"])
    assert not any(a.code.startswith("E07") for a in found)


@pytest.mark.parametrize("code", ["E01005400", "E02001106", "E12000002", "E92000001", "E54000057"])
def test_other_area_types_have_no_statistical_neighbours(loaded_engine: Engine, code: str) -> None:
    assert statistical_neighbours(loaded_engine, get_area(loaded_engine, code)) == []


def test_the_table_is_computed_once_per_features_file() -> None:
    first = neighbour_table("ltla")
    assert neighbour_table("ltla") is first
    assert isinstance(first, pd.DataFrame) and set(first["rank"]) == set(range(1, 11))
    with pytest.raises(InputError, match="no statistical neighbours"):
        neighbour_table("lsoa")


def test_a_data_directory_without_the_features_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"neighbour_features\.csv"):
        neighbour_table("ltla", tmp_path)
