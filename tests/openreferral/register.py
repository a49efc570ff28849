"""A small seeded register for the feed tests, written through the moderation services."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Engine, insert

from healthassets.assets.vocabulary import Status
from healthassets.services.assets_moderation import change_status, create_asset, soft_delete
from healthassets.store.models import Area, AreaType
from tests.conftest import DATA

POSTCODES = pd.read_csv(DATA / "geography" / "gm_postcodes_codepoint_open_2025.csv", dtype=str).set_index(
    "postcode"
)


def at(postcode: str) -> dict[str, str]:
    row = POSTCODES.loc[postcode]
    return {"latitude": row["lat"], "longitude": row["lon"]}


PERSON = {
    "name": "Storytelling with Ann",
    "description": "Ann tells stories to children and adults",
    "asset_type": "individual",
    "dimensions": "personal_capacity",
    "five_ways": "connect;keep_learning",
    "physical": "no",
    "is_person": "yes",
    "consent_recorded_at": "2026-01-05",
    "email": "ann.private@example.org",
    "phone": "07700 900123",
    "address": "1 Private Road, Hulme, Manchester",
    "postcode": "M15 5RF",
    **at("M15 5RF"),
}
PUBLIC: dict[str, dict[str, Any]] = {
    "garden": {
        "name": "Hulme Community Garden",
        "description": "A community garden growing food together",
        "asset_type": "physical",
        "dimensions": "natural_environment;climate_ecosystem",
        "five_ways": "be_active;take_notice",
        "tags": "Gardening;Volunteering",
        "opening_times": "Monday 09:00-12:00; Saturday 10:00-16:00; Sunday CLOSED",
        "minimum_age": "5",
        **at("M1 3BE"),
    },
    "boxing": {
        "name": "Youth Boxing Club",
        "description": "Boxing training for young people",
        "asset_type": "association",
        "dimensions": "lifestyle_activities",
        "five_ways": "be_active;connect",
        "tags": "sport",
        "opening_times": "Tuesday 18:00-20:00; Thursday 18:00-20:00",
        "minimum_age": "11",
        "maximum_age": "18",
        "email": "coach@boxing.example.org",
        "phone": "0161 496 0000",
        "website": "www.boxing.example.org",
        "organisation_name": "Manchester Youth Trust",
        "address": "2 Ring Street, Manchester",
        "postcode": "M1 1AE",
        "cost": "£2 a session",
        "accessibility": "Step-free entrance",
        **at("M1 1AE"),
    },
    "cafe": {
        "name": "Reading Café",
        "description": "Books, coffee and a weekly reading group",
        "asset_type": "cultural",
        "dimensions": "personal_capacity;community_economy",
        "five_ways": "keep_learning",
        "tags": "volunteering",
        "opening_times": "Wednesday 10:00-15:00",
        "maximum_age": "99",
        **at("M13 9PL"),
    },
    "person": PERSON,
    "helpline": {
        "name": "Manchester wellbeing helpline",
        "description": "A telephone helpline for Manchester residents",
        "asset_type": "institution",
        "dimensions": "personal_capacity",
        "physical": "no",
        "served_areas": "E08000003",
        "phone": "0800 000 0000",
    },
    "bolton": {
        "name": "Bolton befriending",
        "description": "Befriending for older people in Bolton",
        "asset_type": "association",
        "dimensions": "community_economy",
        "five_ways": "connect",
        "physical": "no",
        "served_areas": "E08000001",
    },
}
HIDDEN: dict[str, dict[str, Any]] = {
    "submitted": {
        "name": "Secret suggestion",
        "asset_type": "association",
        "dimensions": "personal_capacity",
        "tags": "hiddentag",
        **at("M1 1AE"),
    },
    "archived": {
        "name": "Closed library",
        "asset_type": "institution",
        "dimensions": "built_environment",
        **at("M1 1AE"),
    },
    "deleted": {
        "name": "Deleted garden",
        "asset_type": "physical",
        "dimensions": "natural_environment",
        **at("M1 1AE"),
    },
}


def seed(engine: Engine) -> dict[str, str]:
    """Write the register; return key → asset id (public and hidden)."""
    with engine.begin() as connection:
        connection.execute(insert(AreaType), [{"code": "ltla", "name": "District", "level": 3}])
        connection.execute(
            insert(Area),
            [
                {"code": "E08000003", "name": "Manchester", "area_type": "ltla"},
                {"code": "E08000001", "name": "Bolton", "area_type": "ltla"},
            ],
        )
    ids = {key: create_asset(engine, fields, status=Status.PUBLISHED) for key, fields in PUBLIC.items()}
    ids["submitted"] = create_asset(engine, HIDDEN["submitted"], status=Status.SUBMITTED)
    ids["archived"] = create_asset(engine, HIDDEN["archived"], status=Status.PUBLISHED)
    change_status(engine, ids["archived"], Status.ARCHIVED, user_id=None)
    ids["deleted"] = create_asset(engine, HIDDEN["deleted"], status=Status.PUBLISHED)
    soft_delete(engine, ids["deleted"], user_id=None)
    return ids
