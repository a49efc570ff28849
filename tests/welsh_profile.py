"""A small database for the Welsh profile tests and journeys (issue 10, parts 2–4).

The real areas of Wales (its 22 unitary authorities with their ONS Welsh names, Anglesey's MSOAs and
LSOAs), England and three North West districts, from the bundled geography; a test profile of five
synthetic indicators — one of each kind the spider chart and the comparators must handle — with values
drawn from a seeded generator for every Welsh authority, Wales, England, the English districts and
Anglesey's LSOAs. The English districts' values spread wider than the Welsh ones, so a Welsh area
scaled against anything but Wales's own areas would show it.

The values are inputs only: tests compute what they expect from :func:`welsh_values` themselves.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from healthassets.indicators.profile_definitions import DomainDefinition, ProfileDefinition, ProfileIndicator

WALES, ENGLAND, ANGLESEY = "W92000004", "E92000001", "W06000001"
ENGLISH_DISTRICTS = ("E08000001", "E08000002", "E08000003")
SLUG = "test-welsh"
PERIOD = "2023"

CI95 = "Confidence intervals overlapping reference value (95.0)"
#: id, name, polarity, benchmark method, whether the values have 95 % limits
INDICATORS = [
    (9299001, "Test life satisfaction", "High is good", CI95, True),
    (9299002, "Test anxiety", "Low is good", CI95, True),
    (9299003, "Test library within a walk", "High is good", "Quintiles", False),
    (9299004, "Test museums per head", "High is good", "No comparison", False),
    (9299005, "Test neutral measure", "No judgement", CI95, True),
]
#: the spread of each indicator's values among the Welsh authorities, and (wider) the English districts
CENTRES = {9299001: 7.4, 9299002: 3.1, 9299003: 70.0, 9299004: 12.0, 9299005: 50.0}
SPREAD = {9299001: 0.3, 9299002: 0.4, 9299003: 8.0, 9299004: 4.0, 9299005: 5.0}

PROFILE = ProfileDefinition(
    SLUG,
    "Test assets",
    "Synthetic indicators for the Welsh profile tests.",
    (
        DomainDefinition(
            "individual",
            "Individual assets",
            "",
            (
                ProfileIndicator(9299001, "Life satisfaction is a personal asset."),
                ProfileIndicator(9299002),
            ),
        ),
        DomainDefinition(
            "community",
            "Community assets",
            "",
            (ProfileIndicator(9299003), ProfileIndicator(9299004), ProfileIndicator(9299005)),
        ),
    ),
)


def areas_and_links(data_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The bundled areas the database holds, and their links among themselves."""
    from healthassets.io.geography import build_geography

    areas, links = build_geography(data_dir)
    administrative = links[links["hierarchy"] == "administrative"]
    in_anglesey = set(administrative.loc[administrative["parent_code"] == ANGLESEY, "child_code"])
    in_anglesey |= set(administrative.loc[administrative["parent_code"].isin(in_anglesey), "child_code"])
    wanted = areas["code"].str.startswith("W06") | areas["code"].isin(
        [WALES, ENGLAND, "E12000002", *ENGLISH_DISTRICTS, *in_anglesey]
    )
    kept = areas[wanted]
    codes = set(kept["code"])
    return kept, administrative[
        administrative["child_code"].isin(codes) & administrative["parent_code"].isin(codes)
    ]


@cache
def welsh_values(codes: tuple[str, ...]) -> pd.DataFrame:
    """indicator_id, area_code, value, lower95_0cl, upper95_0cl for the given areas (seeded)."""
    rng = np.random.default_rng(20260)
    rows = []
    for ident, _name, _polarity, _method, with_limits in INDICATORS:
        for code in codes:
            english = code.startswith("E")
            spread = SPREAD[ident] * (3 if english and code != ENGLAND else 1)
            centre = CENTRES[ident] + (0.5 * SPREAD[ident] if code == ENGLAND else 0)
            value = (
                round(float(centre + rng.uniform(-spread, spread)), 3) if code != WALES else CENTRES[ident]
            )
            half = 0.05 * SPREAD[ident] if with_limits else np.nan
            rows.append((ident, code, value, value - half, value + half))
    return pd.DataFrame(rows, columns=["indicator_id", "area_code", "value", "lower95_0cl", "upper95_0cl"])


def build(engine: Engine, data_dir: Path, tmp: Path) -> Engine:
    """Fill an empty, migrated database: areas, the test indicators and values (through the
    Fingertips CSV import, the public write path), the bundled profiles and the test profile, and the
    derived tables."""
    from healthassets.services.derived import rebuild_derived
    from healthassets.services.loading import import_fingertips_csv
    from healthassets.services.profiles import ensure_profiles
    from healthassets.store.areas import write_geography
    from healthassets.store.indicators import save_indicators
    from healthassets.store.profiles import write_profiles

    areas, links = areas_and_links(data_dir)
    write_geography(engine, areas, links)
    save_indicators(
        engine,
        pd.DataFrame(
            [
                {
                    "id": i,
                    "name": n,
                    "polarity": p,
                    "benchmark_method": m,
                    "value_type": "Mean",
                    "unit": "score",
                }
                for i, n, p, m, _ in INDICATORS
            ]
        ),
    )
    codes = areas.loc[areas["area_type"].isin(["unitary", "metropolitan", "country", "lsoa"]), "code"]
    values = welsh_values(tuple(sorted(codes)))
    csv = pd.DataFrame(
        {
            "Indicator ID": values["indicator_id"],
            "Area Code": values["area_code"],
            "Sex": "Persons",
            "Age": "All ages",
            "Time period": PERIOD,
            "Value": values["value"],
            "Lower CI 95.0 limit": values["lower95_0cl"],
            "Upper CI 95.0 limit": values["upper95_0cl"],
        }
    )
    path = tmp / "welsh-values.csv"
    csv.to_csv(path, index=False)
    import_fingertips_csv(engine, path, source="test:welsh-profile")
    ensure_profiles(engine)
    write_profiles(engine, [PROFILE])
    rebuild_derived(engine)
    return engine
