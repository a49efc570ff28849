"""The public's view of the register: published only, people at their approximate point (ADR 0035)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from healthassets.assets.privacy import APPROXIMATE, coarse_points
from healthassets.assets.search import AssetFilter
from healthassets.assets.vocabulary import Status
from healthassets.services.asset_browse import list_page, map_points, public_filter
from healthassets.services.assets_moderation import create_asset

LAT, LON = 53.465469, -2.248348
PLACE = {"asset_type": "physical", "dimensions": "natural_environment"}
PERSON = {
    "name": "Ann's stories",
    "asset_type": "individual",
    "dimensions": "personal_capacity",
    "is_person": "yes",
    "consent_recorded_at": "2026-01-05",
    "address": "1 Private Road",
    "postcode": "M15 5RF",
    "latitude": str(LAT),
    "longitude": str(LON),
}


def test_the_public_filter_shows_published_live_assets_and_no_people_in_small_areas() -> None:
    asked = AssetFilter(statuses=["submitted"], include_deleted=True, created_by=3, area="E01005208")
    shown = public_filter(asked)
    assert shown.statuses == ["published"] and not shown.include_deleted and shown.created_by is None
    assert shown.people == "none" and public_filter(AssetFilter(area="E08000003")).people == "any"


@pytest.mark.db
def test_people_are_listed_and_mapped_only_at_their_approximate_point(engine: Engine) -> None:
    for n in range(3):
        create_asset(
            engine,
            {**PLACE, "name": f"Park {n}", "latitude": "53.48", "longitude": "-2.24"},
            status=Status.PUBLISHED,
        )
    create_asset(engine, {**PLACE, "name": "Hidden", "latitude": "53.48", "longitude": "-2.24"})  # submitted
    person = create_asset(engine, PERSON, status=Status.PUBLISHED)

    listing = list_page(engine, AssetFilter(), page=1, page_size=10)
    row = listing.rows[0]
    assert listing.total == 4 and row["name"] == "Ann's stories"
    assert row["address"] is None and row["postcode"] is None and row[APPROXIMATE]
    assert (row["latitude"], row["longitude"]) != (LAT, LON)

    points, more = map_points(engine, AssetFilter(), limit=2)
    assert len(points) == 2 and more
    lon, lat = (float(v[0]) for v in coarse_points([LON], [LAT]))
    tiny = (LON - 0.00001, LAT - 0.00001, LON + 0.00001, LAT + 0.00001)
    assert person not in map_points(engine, AssetFilter(bbox=tiny), limit=10)[0]["id"].tolist()
    around = (lon - 0.0001, lat - 0.0001, lon + 0.0001, lat + 0.0001)
    found, more = map_points(engine, AssetFilter(bbox=around), limit=10)
    assert found["id"].tolist() == [person] and bool(found[APPROXIMATE].iloc[0]) and not more
