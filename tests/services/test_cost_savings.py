"""The cost–savings template scaled to IMD 2025 deciles, on the bundled data (Oldham)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import Engine

from healthassets.errors import InputError
from healthassets.services.asset_places import lsoa_population
from healthassets.services.cost_savings import CostSavingsRequest, residents_by_decile, scaled_cost_savings
from healthassets.store import areas as area_queries
from healthassets.store.values import ValueFilter, fetch_values

DATA = Path(__file__).resolve().parents[2] / "data"
OLDHAM = "E08000004"


def request(**changes: object) -> CostSavingsRequest:
    values: dict[str, object] = {
        "area": OLDHAM, "deciles": [1, 2], "reach": 0.1, "cost_per_head": 50.0, "effect_per_head": 0.5,
        "unit_cost": 42.0, "years": 3,
    }  # fmt: skip
    values.update(changes)
    return CostSavingsRequest(**values)  # type: ignore[arg-type]


def test_every_lsoa_and_resident_falls_in_one_decile(loaded_engine: Engine) -> None:
    table = residents_by_decile(loaded_engine, DATA, OLDHAM)
    lsoas = sorted(a.code for a in area_queries.descendants(loaded_engine, OLDHAM, "lsoa"))
    population = lsoa_population(DATA)
    assert table["lsoas"].sum() == len(lsoas)
    assert table["residents"].sum() == pytest.approx(float(population.reindex(lsoas).sum()))
    deciles = fetch_values(loaded_engine, ValueFilter(indicators=[9_000_011], areas=lsoas, latest_only=True))
    first = deciles.loc[deciles["value"] == 1, "area_code"]
    assert table.loc[1, "lsoas"] == len(first)
    assert table.loc[1, "residents"] == pytest.approx(float(population.reindex(first).sum()))


def test_figures_follow_the_template(loaded_engine: Engine) -> None:
    table = residents_by_decile(loaded_engine, DATA, OLDHAM)
    found = scaled_cost_savings(loaded_engine, DATA, request(deciles=[2, 1, 2], discount_rate=0.0))
    residents = np.array([table.loc[1, "residents"], table.loc[2, "residents"]])
    np.testing.assert_allclose(found.residents, [*residents, residents.sum()])
    people = found.residents * 0.1
    np.testing.assert_allclose(found.figures.cost, people * 50)
    np.testing.assert_allclose(found.figures.saving_year1, people * 0.5 * 42)
    # no discounting: three equal years; the return is 3 × 21 / 50 = 1.26 per £1 in every row
    np.testing.assert_allclose(found.figures.present_value, people * 21 * 3)
    np.testing.assert_allclose(found.figures.return_per_pound, 1.26)
    np.testing.assert_allclose(found.figures.payback_months, 50 / (21 / 12))


@pytest.mark.parametrize(
    ("changes", "column"),
    [
        ({"deciles": []}, "deciles"),
        ({"deciles": [0, 11]}, "deciles"),
        ({"reach": 0.0}, "reach"),
        ({"reach": 1.5}, "reach"),
        ({"cost_per_head": -1.0}, "cost_per_head"),
        ({"years": 0}, "years"),
        ({"discount_rate": 1.0}, "rate"),
        ({"area": "W06000015"}, "area"),
    ],
)
def test_unusable_requests_name_the_field(
    loaded_engine: Engine, changes: dict[str, object], column: str
) -> None:
    with pytest.raises(InputError) as raised:
        scaled_cost_savings(loaded_engine, DATA, request(**changes))
    assert raised.value.column == column
