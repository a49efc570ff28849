"""A postcode → the areas that contain it (own ward and best-fit ward) and the nearest public assets."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine

from healthassets.access.projection import from_british_national_grid, to_british_national_grid
from healthassets.assets.privacy import coarse_points
from healthassets.assets.vocabulary import Status
from healthassets.errors import InputError
from healthassets.services.assets_moderation import create_asset
from healthassets.services.place_search import find_places
from healthassets.services.postcode_page import PostcodeNotInLookup, find_postcode, in_lookup
from tests.conftest import DATA

pytestmark = pytest.mark.db


def bundled_sample(size: int) -> pd.DataFrame:
    """Postcodes of the bundled file with their LSOA's best-fit ward and MSOA (from the lookup)."""
    postcodes = pd.read_csv(DATA / "geography" / "gm_postcodes_codepoint_open_2025.csv", dtype=str)
    lookup = pd.read_csv(
        DATA / "geography" / "lsoa21_lookup_ew.csv", dtype=str, usecols=["LSOA21CD", "MSOA21CD", "WD24CD"]
    )
    joined = postcodes.merge(lookup, left_on="lsoa21_pip", right_on="LSOA21CD")
    differ = joined[joined["ward_code"] != joined["WD24CD"]]
    same = joined[joined["ward_code"] == joined["WD24CD"]]
    return pd.concat([differ.sample(size // 2, random_state=1), same.sample(size // 2, random_state=1)])


def test_the_areas_of_a_postcode_are_the_bundled_lookups(loaded_engine: Engine) -> None:
    sample = bundled_sample(40)
    for row in sample.itertuples():
        typed = f"  {row.postcode.lower().replace(' ', '')} "  # as people type it
        place = find_postcode(loaded_engine, DATA, typed, nearest=0)
        assert place.postcode == row.postcode and place.slug == row.postcode.replace(" ", "")
        assert place.lsoa is not None and place.lsoa.code == row.lsoa21_pip
        assert place.msoa is not None and place.msoa.code == row.MSOA21CD and place.msoa.alt_name
        assert place.ward is not None and place.ward.code == row.ward_code and place.ward.area_type == "ward"
        assert place.authority is not None and place.authority.code == row.lad_code
        if row.ward_code == row.WD24CD:
            assert place.best_fit_ward is None
        else:  # the postcode's own ward differs from the ward its LSOA best fits: both are named
            assert place.best_fit_ward is not None and place.best_fit_ward.code == row.WD24CD


def test_postcodes_outside_the_lookup_and_nonsense(loaded_engine: Engine) -> None:
    with pytest.raises(PostcodeNotInLookup, match="SW1A 1AA is not in the bundled postcode lookup"):
        find_postcode(loaded_engine, DATA, "sw1a1aa")
    for nonsense in ("Oldham", "OL1", "", "OL1 1AA; drop table"):
        with pytest.raises(InputError):
            find_postcode(loaded_engine, DATA, nonsense)
    assert in_lookup(DATA, "ol1  1aa") and not in_lookup(DATA, "SW1A 1AA") and not in_lookup(DATA, "x")


def test_search_suggests_postcodes_then_areas_with_their_authority(loaded_engine: Engine) -> None:
    found = find_places(loaded_engine, DATA, "OL1 1A", limit=8)
    assert (
        found.postcodes and all(p.startswith("OL1 1A") for p in found.postcodes) and len(found.postcodes) <= 5
    )
    wards = find_places(loaded_engine, DATA, "Werneth", limit=10)
    assert wards.postcodes == []
    werneth = [a for a in wards.areas if a.area_type == "ward" and a.name == "Werneth"]
    assert werneth and wards.authorities[werneth[0].code].name == "Oldham"


def _point_metres_away(latitude: float, longitude: float, east: float, north: float) -> tuple[float, float]:
    xy = to_british_national_grid([longitude], [latitude])[0]
    lonlat = from_british_national_grid([xy[0] + east], [xy[1] + north])[0]
    return float(lonlat[1]), float(lonlat[0])


def test_nearest_assets_are_published_ones_as_the_public_sees_them(loaded_geography: Engine) -> None:
    here = find_postcode(loaded_geography, DATA, "OL1 1AA", nearest=0)
    fields = {"asset_type": "institution", "dimensions": "community_economy"}

    def add(name: str, east: float, status: Status = Status.PUBLISHED, **more: str) -> str:
        lat, lon = _point_metres_away(here.latitude, here.longitude, east, 0.0)
        record = {**fields, "name": name, "latitude": f"{lat:.6f}", "longitude": f"{lon:.6f}", **more}
        return create_asset(loaded_geography, record, status=status, data_dir=DATA)

    library = add("Oldham Library", 300.0)
    add("A draft nobody has checked", 50.0, status=Status.SUBMITTED)
    far = add("Saddleworth museum", 6_000.0)
    person = add("Jo's knitting circle", 10.0, is_person="yes", consent_recorded_at="2026-01-02")
    place = find_postcode(loaded_geography, DATA, "OL1 1AA")
    names = [a.name for a in place.assets]
    assert "A draft nobody has checked" not in names
    by_id = {a.id: a for a in place.assets}
    assert by_id[library].distance_m == pytest.approx(300.0, abs=1.0) and not by_id[library].approximate
    assert by_id[far].distance_m == pytest.approx(6_000.0, abs=1.0)
    # a person is shown, and measured, at the centre of their 1 km grid square (ADR 0035)
    lat, lon = _point_metres_away(here.latitude, here.longitude, 10.0, 0.0)
    coarse_lon, coarse_lat = coarse_points([lon], [lat])
    assert by_id[person].approximate
    assert (by_id[person].latitude, by_id[person].longitude) == pytest.approx((coarse_lat[0], coarse_lon[0]))
    origin = to_british_national_grid([here.longitude], [here.latitude])[0]
    shown = to_british_national_grid(coarse_lon, coarse_lat)[0]
    assert by_id[person].distance_m == pytest.approx(float(np.hypot(*(shown - origin))), abs=0.5)
    assert [a.distance_m for a in place.assets] == sorted(a.distance_m for a in place.assets)
