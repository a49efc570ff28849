"""What the public sees of a person listed as an asset (docs/adr/0035)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from healthassets.access import to_british_national_grid
from healthassets.assets.privacy import (
    APPROXIMATE,
    coarse_points,
    in_box,
    person_mask,
    public_record,
    public_view,
    widened,
)

# M15 5RF's Code-Point Open centroid (easting 383610, northing 396554)
LAT, LON = 53.465469, -2.248348


def test_a_point_moves_to_the_centre_of_its_1km_grid_square() -> None:
    lon, lat = coarse_points([LON], [LAT])
    easting, northing = to_british_national_grid(lon, lat)[0]
    assert abs(easting - 383_500) < 1 and abs(northing - 396_500) < 1
    # every point of the square gives the same coarse point, and snapping again changes nothing
    corners = to_british_national_grid([LON], [LAT])[0]
    assert 0 < np.hypot(*(corners - [easting, northing])) < 710
    again = coarse_points(lon, lat)
    assert again[0][0] == lon[0] and again[1][0] == lat[0]


def test_points_in_the_same_square_share_their_coarse_point_and_nan_stays_nan() -> None:
    from healthassets.access.projection import from_british_national_grid

    inside = from_british_national_grid([383_001, 383_999, 383_400], [396_001, 396_999, 396_700])
    lon, lat = coarse_points([*inside[:, 0], np.nan], [*inside[:, 1], np.nan])
    assert len(set(lon[:3])) == 1 and len(set(lat[:3])) == 1
    assert np.isnan(lon[3]) and np.isnan(lat[3])


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["a", "b", "c", "d"],
            "asset_type": ["individual", "association", "physical", "individual"],
            "is_person": [False, True, False, True],
            "address": ["1 Private Road", "2 Home Street", "Park gates", None],
            "postcode": ["M15 5RF", "M15 5RF", "M1 1AE", None],
            "email": ["a@example.org", "b@example.org", "park@example.org", None],
            "phone": ["1", "2", "3", None],
            "latitude": [LAT, LAT, LAT, np.nan],
            "longitude": [LON, LON, LON, np.nan],
        }
    )


def test_people_are_flagged_or_of_the_individual_type() -> None:
    assert person_mask(_frame()).tolist() == [True, True, False, True]


def test_public_view_hides_contacts_and_coarsens_only_people() -> None:
    frame = _frame()
    shown = public_view(frame)
    for column in ("address", "postcode", "email", "phone"):
        assert shown[column].iloc[:2].isna().all() and shown[column].iloc[2] == frame[column].iloc[2]
    assert (shown["latitude"].iloc[:2] != LAT).all() and shown["latitude"].iloc[2] == LAT
    assert shown[APPROXIMATE].tolist() == [True, True, False, False]
    assert np.isnan(shown["latitude"].iloc[3])
    assert frame["address"].iloc[0] == "1 Private Road"  # the input is untouched


def test_public_record_matches_public_view() -> None:
    row = _frame().iloc[1].to_dict()
    shown = public_record(row)
    view = public_view(_frame()).iloc[1]
    assert shown["address"] is None and shown["email"] is None and shown[APPROXIMATE]
    assert (shown["latitude"], shown["longitude"]) == (view["latitude"], view["longitude"])
    assert public_record(_frame().iloc[2].to_dict())["address"] == "Park gates"


def test_a_widened_box_finds_every_point_whose_coarse_point_is_in_the_box() -> None:
    rng = np.random.default_rng(7)
    lon, lat = rng.uniform(-3, -2, 500), rng.uniform(53, 54, 500)
    coarse_lon, coarse_lat = coarse_points(lon, lat)
    box = (-2.6, 53.3, -2.4, 53.5)
    shown = pd.DataFrame({"longitude": coarse_lon, "latitude": coarse_lat})
    exact = pd.DataFrame({"longitude": lon, "latitude": lat})
    assert not (in_box(shown, box) & ~in_box(exact, widened(box))).any()
