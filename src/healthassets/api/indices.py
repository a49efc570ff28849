"""Routes of ``/api/v1`` for the composite indices fed from the store (docs/adr/0063): the list, and
one index for a level and country with the weights asked for — scores, ranks, rank intervals, the
stored Sobol' sensitivity."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from healthassets.api import models
from healthassets.api.routes import engine_of, records
from healthassets.errors import InputError
from healthassets.services import indices as index_service

router = APIRouter()

WeightList = Annotated[
    list[str],
    Query(
        max_length=60,
        description="COLUMN=WEIGHT, repeatable (a component's column, a number of 0 or more); the "
        "others keep the index's own weights",
    ),
]
ROW_COLUMNS = ["area_code", "area_name", "score", "rank", "decile", "rank_median", "rank_lower", "rank_upper"]


def _pairs(given: list[str], prefix: str, parameter: str) -> dict[str, str]:
    """``['anxiety=2']`` → ``{'w.anxiety': '2'}`` (the page's query form); InputError without '='."""
    out = {}
    for item in given:
        name, equals, value = item.partition("=")
        if not equals or not name.strip():
            raise InputError(f"{item!r}: give COLUMN=WEIGHT", column=parameter)
        out[f"{prefix}.{name.strip()}"] = value.strip()
    return out


@router.get(
    "/indices",
    summary="The composite indices fed from the store",
    response_model=list[models.IndexSummary],
)
def list_indices() -> list[dict[str, Any]]:
    return [
        {
            "slug": spec.slug,
            "name": spec.name,
            "version": spec.version,
            "description": spec.description,
            "levels": list(spec.store.levels) if spec.store else [],
            "countries": list(spec.store.countries) if spec.store else [],
            "coverage": spec.store.coverage if spec.store else "",
        }
        for spec in index_service.store_presets()
    ]


@router.get(
    "/indices/{slug}",
    summary="One composite index: scores, ranks, rank intervals and sensitivity",
    description="Every area of ``level`` in ``country`` (or of the authority ``parent``), ranked "
    "among the country's areas (1 = highest score; rank_lower and rank_upper: the 5th and 95th "
    "percentile ranks over the index's simulations). ``weight`` and ``domain_weight`` change weights "
    "(COLUMN=WEIGHT); the sensitivity (Sobol' indices computed at load) is the published weights'.",
    response_model=models.IndexResult,
)
def get_index(
    request: Request,
    slug: str,
    level: Annotated[str | None, Query(max_length=10)] = None,
    country: Annotated[str | None, Query(max_length=2)] = None,
    parent: Annotated[str | None, Query(max_length=12, description="an authority of the country")] = None,
    weight: WeightList = [],  # noqa: B006 (FastAPI copies defaults)
    domain_weight: WeightList = [],  # noqa: B006
) -> dict[str, Any]:
    spec = index_service.store_spec(slug)
    query = {**_pairs(weight, "w", "weight"), **_pairs(domain_weight, "d", "domain_weight")}
    try:
        weights, domain_weights = index_service.parse_weights(query, spec)
    except InputError as error:  # named as the API's parameters, not the page's w.<column>
        parameter = "weight" if (error.column or "").startswith("w.") else "domain_weight"
        raise InputError(error.reason, column=parameter) from None
    engine = engine_of(request)
    view = index_service.build_index(
        engine, slug, level=level, country=country, weights=weights, domain_weights=domain_weights
    )
    table = view.table
    if parent and view.level != "ltla":
        _area, codes = index_service.areas_within(engine, parent, view.level, view.country)
        table = table[table["area_code"].isin(codes)]
    domains = [d.name for d in view.spec.domains]
    rows = records(table[ROW_COLUMNS])
    for row, values in zip(rows, records(table[[f"domain {d}" for d in domains]]), strict=True):
        row["domains"] = {name: values[f"domain {name}"] for name in domains}
    sensitivity = None if view.sensitivity is None else records(view.sensitivity)
    return {
        "slug": slug,
        "name": spec.name,
        "version": spec.version,
        "level": view.level,
        "country": view.country,
        "changed": view.changed,
        "weights": {column: float(w) for column, w in view.weights.items()},
        "domain_weights": view.domain_weights,
        "scored": view.scored,
        "draws": view.draws,
        "sensitivity": sensitivity,
        "sensitivity_runs": view.sensitivity_runs,
        "rows": rows,
    }
