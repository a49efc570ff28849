"""``/indices`` and ``/indices/{slug}``: the composite indices fed from the store — method,
components and weights (editable: ``w.<column>`` and ``d.<domain>`` in the URL, so a page can be
shared), the results as a map and a table, each area's rank interval and the Sobol' sensitivity
computed at load (docs/adr/0063). CSV and GeoJSON of the same view; the spec as TOML."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from healthassets.errors import InputError
from healthassets.geography.areas import expand_type
from healthassets.indicators.display import decimals_for
from healthassets.indices import presets
from healthassets.io.csv_safety import csv_text
from healthassets.services import indices as index_service
from healthassets.services.boundaries import simplified_boundaries
from healthassets.web.context import PageState
from healthassets.web.i18n import current_language, gettext
from healthassets.web.messages import N_
from healthassets.web.pages import memoised, render_page
from healthassets.web.routes.assets_needs import LEVEL_WORDS as SMALL_AREA_WORDS
from healthassets.web.routes.assets_needs import number_text
from healthassets.web.svg.rank_intervals import rank_interval_chart
from healthassets.web.views import csv_download

router = APIRouter()

LEVEL_WORDS = {**SMALL_AREA_WORDS, "ltla": N_("Local authorities")}
COUNTRY_WORDS = {"E": N_("England"), "W": N_("Wales")}
NORMALISE_WORDS = {
    "minmax": N_("min-max, to 0–100"),
    "zscore": N_("z-scores"),
    "rank": N_("ranks"),
    "prank": N_("percentile ranks"),
    "rankit": N_("ranks turned into normal scores (rankits)"),
    "exp-rank": N_("ranks, exponentially transformed (as the Indices of Deprivation)"),
    "goalposts": N_("goalposts"),
    "target": N_("distance to a target"),
    "reference": N_("distance to a reference"),
    "none": N_("none (values as they are)"),
}
AGGREGATE_WORDS = {
    "mean": N_("weighted arithmetic mean"),
    "sum": N_("weighted sum"),
    "geometric": N_("weighted geometric mean"),
}
FACTOR_WORDS = {
    "weights": N_("Indicator weights"),
    "domain weights": N_("Domain weights"),
    "normalisation": N_("Normalisation"),
    "aggregation": N_("Aggregation"),
    "imputation": N_("Imputation"),
}
#: score quintiles within the country, 1 = highest scores (ColorBrewer Blues, colour-blind safe)
QUINTILE_COLOURS = ["#08519c", "#3182bd", "#6baed6", "#bdd7e7", "#eff3ff"]
NOT_SCORED = "#ffffff"
#: rows of the table when a small-area level is shown for the whole country
TOP_ROWS = 50
CSV_FIXED = ["area_code", "area_name", "score", "rank", "decile", "rank_median", "rank_lower", "rank_upper"]


def view_of(request: Request, slug: str, *, published: bool = False) -> index_service.IndexView:
    """The service's index for the URL's level, country and weights (``published``: the spec's
    own weights, whatever the URL says), memoised per data version."""
    spec = index_service.store_spec(slug)
    params = request.query_params
    weights, domain_weights = ({}, {}) if published else index_service.parse_weights(params, spec)
    level, country = params.get("level") or None, params.get("country") or None
    key = (
        "index",
        slug,
        level,
        country,
        tuple(sorted(weights.items())),
        tuple(sorted(domain_weights.items())),
    )
    engine = request.app.state.engine
    return memoised(
        request,
        key,
        lambda: index_service.build_index(
            engine, slug, level=level, country=country, weights=weights, domain_weights=domain_weights
        ),
    )


def _parent(request: Request, view: index_service.IndexView) -> tuple[Any, set[str] | None]:
    """The authority whose areas the table and map show (``parent``), and their codes; (None,
    None) for the whole country."""
    code = (request.query_params.get("parent") or "").strip()
    if not code or view.level == "ltla":
        return None, None
    return index_service.areas_within(request.app.state.engine, code, view.level, view.country)


def shown_rows(view: index_service.IndexView, codes: set[str] | None) -> pd.DataFrame:
    """The areas of the table and map: the authority's, every authority, or the country's top rows."""
    table = view.table
    if codes is not None:
        return table[table["area_code"].isin(codes)].sort_values(["rank", "area_name"], na_position="last")
    ordered = table.sort_values(["rank", "area_name"], na_position="last")
    return ordered if view.level == "ltla" else ordered.head(TOP_ROWS)


def quintile_colour(view: index_service.IndexView) -> pd.Series:
    """Each area's fill: its score quintile among the country's ranked areas."""
    rank = view.table["rank"].to_numpy(dtype=float, na_value=np.nan)
    quintile = np.ceil(5 * rank / max(view.scored, 1))
    colours = [QUINTILE_COLOURS[int(q) - 1] if q == q else NOT_SCORED for q in quintile]
    return pd.Series(colours, index=view.table["area_code"].to_numpy())


def table_rows(view: index_service.IndexView, rows: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as the page shows them: names in the page's language, numbers formatted once per
    column (:func:`~healthassets.indicators.display.decimals_for`)."""
    welsh = current_language.get() == "cy"
    domains = [f"domain {d.name}" for d in view.spec.domains]
    places = decimals_for(view.table["score"])
    out = []
    for record in rows.to_dict("records"):
        lower, upper = record.get("rank_lower"), record.get("rank_upper")
        out.append(
            {
                "code": record["area_code"],
                "name": record["area_name_cy"] if welsh else record["area_name"],
                "score": number_text(record["score"], places, gettext("Not scored")),
                "rank": "" if pd.isna(record["rank"]) else int(record["rank"]),
                "decile": "" if pd.isna(record["decile"]) else int(record["decile"]),
                "median": number_text(record.get("rank_median"), 1),
                "interval": f"{number_text(lower, 1)}–{number_text(upper, 1)}" if not pd.isna(lower) else "",
                "domains": [number_text(record[d], 1) for d in domains],
            }
        )
    return out


def component_rows(view: index_service.IndexView) -> list[dict[str, Any]]:
    weights = view.weights
    return [
        {
            "column": c.column,
            "name": gettext(c.name),
            "direction": gettext("higher is more") if c.direction > 0 else gettext("lower is more"),
            "domain": c.domain,
            "weight": format(float(weights[c.column]), ".4g"),
            "areas": c.areas,
        }
        for c in view.components.itertuples()
    ]


def factor_text(view: index_service.IndexView, factor: str) -> str:
    """A Sobol' factor in words: a group of choices, or one indicator's weight ("weight <column>")."""
    if factor in FACTOR_WORDS:
        return gettext(FACTOR_WORDS[factor])
    column = factor.removeprefix("weight ")
    names = dict(zip(view.components["column"], view.components["name"], strict=True))
    return gettext("Weight of {name}").format(name=gettext(names.get(column, column)))


def sensitivity_rows(view: index_service.IndexView) -> list[dict[str, str]]:
    if view.sensitivity is None:
        return []
    return [
        {
            "factor": factor_text(view, str(r.factor)),
            "s1": f"{number_text(r.S1, 3)} ± {number_text(r.S1_conf, 3)}",
            "st": f"{number_text(r.ST, 3)} ± {number_text(r.ST_conf, 3)}",
        }
        for r in view.sensitivity.itertuples()
    ]


@router.get("/indices", response_class=HTMLResponse)
def indices_list(request: Request) -> HTMLResponse:
    return render_page(request, "indices.html", specs=index_service.store_presets(), level_words=LEVEL_WORDS)


def _data_url(request: Request, path: str, *, published: bool) -> str:
    """``path`` with this page's query (without the weights when the page fell back to the
    published ones), for the map's GeoJSON and the downloads."""
    state = PageState.of(request)
    if not published:
        return state.derived(path)
    kept = [(k, v) for k, v in state.query if not k.startswith(("w.", "d."))]
    return PageState(state.path, kept, state.lang, state.palette).derived(path)


def weight_problem(error: InputError, view: index_service.IndexView) -> tuple[str, str] | None:
    """(the input's id, the message) of a weight typed wrongly into the page's form, in the page's
    language; None for any other problem (a parameter no form field sends stays a plain 400)."""
    column = error.column or ""
    if column == "weights":
        first = view.spec.domains[0].name if "domain" in error.reason and view.spec.domains else None
        target = f"d-{first}" if first else f"w-{view.spec.columns[0]}"
        return target, gettext("At least one weight must be above 0")
    kind, _, name = column.partition(".")
    names = dict(zip(view.components["column"], view.components["name"], strict=True))
    if kind == "w" and name in names:
        return f"w-{name}", gettext("Weight of {name}: enter a number of 0 or more").format(name=names[name])
    if kind == "d" and name in view.domain_weights:
        label = gettext(name.capitalize())
        return f"d-{name}", gettext("Weight of {name}: enter a number of 0 or more").format(name=label)
    return None


@router.get("/indices/{slug}", response_class=HTMLResponse)
def index_page(request: Request, slug: str) -> HTMLResponse:
    problem = None
    try:
        view = view_of(request, slug)
    except InputError as error:
        view = view_of(request, slug, published=True)
        problem = weight_problem(error, view)
        if problem is None:
            raise
    parent, codes = _parent(request, view)
    shown = shown_rows(view, codes)
    labels = {
        "x": gettext("Areas shown, in order of rank"),
        "y": gettext("Rank in the country (1 = highest score)"),
        "interval": gettext("5th to 95th percentile rank over the simulations"),
    }
    engine = request.app.state.engine
    authorities = [] if view.level == "ltla" else index_service.authorities_of(engine, view.country)
    return render_page(
        request,
        "index.html",
        status_code=400 if problem else 200,
        problem=problem,
        data_url=lambda path: _data_url(request, path, published=problem is not None),
        typed={k: v for k, v in request.query_params.items() if k.startswith(("w.", "d."))},
        view=view,
        parent=parent,
        authorities=authorities,
        rows=table_rows(view, shown),
        components=component_rows(view),
        sensitivity=sensitivity_rows(view),
        chart_svg=rank_interval_chart(shown, view.scored, labels) if not shown.empty else None,
        whole_country=codes is None and view.level != "ltla",
        top_rows=TOP_ROWS,
        base=f"/indices/{slug}",
        level_words=LEVEL_WORDS,
        country_words=COUNTRY_WORDS,
        normalise_words=NORMALISE_WORDS,
        aggregate_words=AGGREGATE_WORDS,
        quintile_colours=QUINTILE_COLOURS,
    )


@router.get("/indices/{slug}/data.csv")
def index_csv(request: Request, slug: str) -> Response:
    """Every area of the level and country with the page's weights, at full precision."""
    view = view_of(request, slug)
    domains = [f"domain {d.name}" for d in view.spec.domains]
    frame = view.table[[*CSV_FIXED[:2], *view.spec.columns, *domains, *CSV_FIXED[2:]]].copy()
    frame = frame.rename(columns={d: d.replace("domain ", "domain_") for d in domains})
    filename = f"{slug}-{view.level}-{view.country}"
    return csv_download(csv_text(frame), filename)


@router.get("/indices/{slug}/map.geojson")
def index_geojson(request: Request, slug: str) -> JSONResponse:
    """The areas of the map (an authority's small areas, or every authority of the country) with
    their score and quintile colour."""
    view = view_of(request, slug)
    parent, codes = _parent(request, view)
    if codes is None and view.level != "ltla":
        return JSONResponse({"type": "FeatureCollection", "features": []})
    engine, data_dir = request.app.state.engine, request.app.state.data_dir
    within = parent.code if parent is not None else index_service.COUNTRY_CODES[view.country]
    types = expand_type(view.level)
    state = PageState.of(request)
    rows = {r["code"]: r for r in table_rows(view, shown_rows(view, codes))}
    colours = quintile_colour(view)
    features = []
    for area_type in types:
        for feature in simplified_boundaries(engine, area_type, data_dir, within)["features"]:
            row = rows.get(feature["properties"]["code"])
            if row is None:
                continue
            properties = {
                **feature["properties"],
                "value_text": gettext("score {score}, rank {rank}").format(
                    score=row["score"], rank=row["rank"] or "–"
                ),
                "benchmark_text": gettext("decile {decile}").format(decile=row["decile"] or "–"),
                "colour": colours.get(row["code"], NOT_SCORED),
                "url": state.url(f"/areas/{row['code']}"),
            }
            features.append({"type": "Feature", "properties": properties, "geometry": feature["geometry"]})
    return JSONResponse({"type": "FeatureCollection", "features": features})


@router.get("/indices/{slug}/spec.toml")
def index_spec_toml(request: Request, slug: str) -> Response:
    index_service.store_spec(slug)  # only the indices the site shows
    return Response(presets.preset_text(slug), media_type="application/toml; charset=utf-8")
