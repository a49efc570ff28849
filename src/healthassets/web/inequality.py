"""The "Inequality within an area" section of the area profile and the indicator page: the view of
:func:`healthassets.services.inequality.area_inequality` — sentences in the page's language, the
decile table, the chart (Vega-Lite spec and its SVG) and the CSV (docs/adr/0055)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from fastapi import Request

from healthassets.errors import InputError
from healthassets.indicators.inequality import Reason
from healthassets.indicators.local_deciles import Method
from healthassets.io.csv_safety import csv_text
from healthassets.io.export import format_numbers
from healthassets.services.inequality import (
    IMD_SCORE,
    AreaInequality,
    AreaInfo,
    Choice,
    area_inequality,
    inequality_choices,
    is_authority,
)
from healthassets.web import charts, svg
from healthassets.web.context import PageState, display_name
from healthassets.web.i18n import current_language, format_number, gettext
from healthassets.web.messages import N_
from healthassets.web.pages import memoised

#: the chooser's groups, in order (N_: extracted into the catalogue, translated when shown)
SOURCES = {
    "census": N_("Census 2021 household deprivation"),
    "assets": N_("Community assets"),
    "access": N_("Access to community assets"),
    "deprivation": N_("Deprivation (IMD 2025)"),
    "other": N_("Other small-area indicators"),
}


#: units that read badly after a number ("−1.986 score"): the SII is shown without them
UNITLESS = {"score", "index", "rank", "decile"}


def reason_text(reason: Reason, name: str, result: AreaInequality) -> str:
    """Why there is no slope index (or nothing at all), in the page's language."""
    summary = result.summary
    texts = {
        Reason.WALES: gettext(
            "Not available for Welsh areas (the Welsh Index of Multiple Deprivation is not bundled)."
        ),
        Reason.NOT_AUTHORITY: gettext(
            "Local deprivation deciles are made within local authorities only: choose a district, "
            "unitary authority or county."
        ),
        Reason.NOT_AVERAGED: gettext(
            "Not calculated: this indicator is a rank or a decile, and ranks are never averaged."
        ),
        Reason.NOT_MAPPED: gettext(
            "Not mapped: the community asset register does not cover {area} yet, so there are no "
            "values to compare across its deciles (this is not a zero)."
        ),
        Reason.NO_VALUES: gettext("Not calculated: this indicator has no small-area values in {area}."),
        Reason.NO_SCORES: gettext("Not calculated: no LSOA in {area} has an IMD 2025 score."),
        Reason.TOO_FEW_LSOAS: gettext(
            "Not calculated: {area} has fewer than ten LSOAs with an IMD 2025 score, too few for deciles."
        ),
        Reason.EMPTY_DECILE: gettext("Not calculated: tied IMD 2025 scores leave a decile without LSOAs."),
        Reason.MISSING_VALUES: gettext(
            "Not calculated: {missing} of the {lsoas} LSOAs have no value, so some deciles are incomplete."
        ),
        Reason.ZERO_VALUE: gettext(
            "No slope index: a decile's value is 0 (or 100%), and the slope index's confidence interval, "
            "simulated as PHEindicatormethods' phe_sii does on the log or logit scale, needs every decile "
            "above 0."
        ),
        Reason.SINGLE_LSOA: gettext(
            "No slope index: a decile holds a single LSOA, so its value has no confidence interval."
        ),
    }
    return texts[reason].format(
        area=name,
        missing=format_number(summary.get("missing"), 0),
        lsoas=format_number(summary.get("lsoas"), 0),
    )


def method_text(result: AreaInequality) -> str:
    if result.method is Method.PROPORTION:
        return gettext(
            "Each decile's percentage is recomputed from its summed counts, with a Wilson score 95% "
            "confidence interval; the slope index weights the deciles by their denominators."
        )
    if result.method is Method.RATE:
        return gettext(
            "Each decile's rate per 1,000 residents is recomputed from its summed counts and its Census 2021 "
            "residents, with an exact (under 10) or Byar's 95% confidence interval."
        )
    return gettext(
        "Each decile's value is the mean of its LSOAs weighted by their Census 2021 residents; its 95% "
        "confidence interval shows how much its LSOAs differ."
    )


def places_for(values: pd.Series) -> int:
    """Decimal places for a decile table: enough to tell small values apart (scores of 0.1…)."""
    known = values.dropna().abs()
    if known.empty:
        return 1
    typical = float(known.median())
    return 0 if typical >= 1000 else 1 if typical >= 10 else 2 if typical >= 1 else 3


def unit_of(result: AreaInequality) -> str:
    if result.method is Method.RATE and result.indicator_id % 10 == 0:
        return gettext("assets per 1,000 residents")
    return str(result.metadata.get("unit") or "")


def sii_sentences(result: AreaInequality, name: str, places: int) -> tuple[str, str]:
    """('Slope index of inequality: …', what it means in words)."""
    s = result.summary
    unit = unit_of(result)
    # a difference of percentages is in percentage points; scores and indices need no word
    difference = gettext("percentage points") if unit == "%" else "" if unit in UNITLESS else unit
    sii, lower, upper = (float(s[k]) for k in ("sii", "sii_lower95_0cl", "sii_upper95_0cl"))
    headline = gettext(
        "Slope index of inequality (SII): {sii} {unit} (95% confidence interval {lower} to {upper})."
    )
    headline = headline.format(
        sii=format_number(sii, places), unit=difference, lower=format_number(lower, places),
        upper=format_number(upper, places),
    ).replace("  ", " ")  # fmt: skip
    if lower <= 0 <= upper:
        meaning = gettext("The interval includes zero: no clear gradient across {area}'s deciles.")
    elif sii > 0:
        meaning = gettext(
            "Across the gradient, the fitted value is {gap} higher in the least deprived part of {area} than "
            "in the most deprived."
        )
    else:
        meaning = gettext(
            "Across the gradient, the fitted value is {gap} lower in the least deprived part of {area} than "
            "in the most deprived."
        )
    gap = f"{format_number(abs(sii), places)} {difference}".strip()
    return headline, meaning.format(area=name, gap=gap)


def decile_label(decile: int) -> str:
    if decile == 1:
        return gettext("1 (most deprived)")
    if decile == 10:
        return gettext("10 (least deprived)")
    return str(decile)


def decile_rows(result: AreaInequality, places: int) -> list[dict[str, Any]]:
    rows = []
    for record in result.deciles.to_dict("records"):
        value = record.get("value")
        rows.append(
            {
                **record,
                "label": decile_label(int(record["decile"])),
                "value_text": format_number(value, places) if _known(value) else gettext("No value"),
                "ci_text": _range(record.get("lower95_0cl"), record.get("upper95_0cl"), places),
                "fitted_text": format_number(record.get("fitted"), places),
                "population_text": format_number(record.get("population"), 0),
                "count_text": format_number(record.get("count"), 0),
                "denominator_text": format_number(record.get("denominator"), 0),
            }
        )
    return rows


def _known(value: object) -> bool:
    return isinstance(value, int | float) and not (isinstance(value, float) and math.isnan(value))


def _range(lower: object, upper: object, places: int) -> str:
    if not (_known(lower) and _known(upper)):
        return ""
    return f"{format_number(lower, places)} – {format_number(upper, places)}"


def chart_spec(result: AreaInequality, name: str) -> dict[str, Any]:
    places = places_for(result.deciles["value"]) if len(result.deciles) else 1
    data = [
        {
            "decile": str(int(r["decile"])),
            "value": r.get("value"),
            "lower": r.get("lower95_0cl"),
            "upper": r.get("upper95_0cl"),
            "fitted": r.get("fitted") if result.computed else None,
            "value_text": r["value_text"],
            "ci_text": r["ci_text"],
        }
        for r in decile_rows(result, places)
    ]
    title = sii_sentences(result, name, places)[0] if result.computed else ""
    labels = {
        "description": gettext("Values by local deprivation decile with the slope index of inequality"),
        "decile": gettext("Local deprivation decile (1 = most deprived)"),
        "value": unit_of(result) or gettext("Value"),
        "bars": gettext("Decile value (95% confidence interval)"),
        "line": gettext("Slope index of inequality: fitted line"),
        "ci": gettext("95% confidence interval"),
        "title": title,
    }
    return charts.deciles_chart(data, labels)


def inequality_of(request: Request, code: str, indicator_id: int | None) -> AreaInequality:
    """The service's result, memoised per data version (shared by the page, its chart and CSV)."""
    engine = request.app.state.engine
    choices = memoised(request, ("inequality-choices",), lambda: inequality_choices(engine))
    return memoised(
        request,
        ("inequality", code.upper(), indicator_id),
        lambda: area_inequality(
            engine, code, indicator_id, data_dir=request.app.state.data_dir, choices=choices
        ),
    )


def choice_groups(choices: list[Choice], chosen: int) -> list[tuple[str, list[tuple[int, str, bool]]]]:
    """The chooser's option groups (translated titles), in :data:`SOURCES` order."""
    groups = []
    for key, title in SOURCES.items():
        members = [(c.indicator_id, c.name, c.indicator_id == chosen) for c in choices if c.source == key]
        if members:
            groups.append((gettext(title), members))
    return groups


def section(request: Request, result: AreaInequality) -> dict[str, Any]:
    """Everything the template's section shows."""
    state = PageState.of(request)
    name = display_name(result.area, current_language.get())
    base = f"/areas/{result.area.code}/inequality/{result.indicator_id}"
    has_deciles = len(result.deciles) > 0
    places = places_for(result.deciles["value"]) if has_deciles else 1
    headline, meaning = sii_sentences(result, name, places) if result.computed else ("", "")
    return {
        "area_name": name,
        "result": result,
        "indicator_name": str(result.metadata.get("name") or result.indicator_id),
        "base": base,
        "csv_url": state.derived(base + "/data.csv"),
        "groups": choice_groups(result.choices, result.indicator_id),
        "reason": reason_text(result.reason, name, result) if result.reason else "",
        "method": method_text(result) if result.method else "",
        "headline": headline,
        "meaning": meaning,
        "rows": decile_rows(result, places) if has_deciles else [],
        "counts": result.method in (Method.PROPORTION, Method.RATE),
        #: a rate's denominator is the residents column already
        "denominators": result.method is Method.PROPORTION,
        "unit": unit_of(result),
        "svg": svg.deciles(chart_spec(result, name)) if has_deciles else None,
        "by_construction": result.indicator_id == IMD_SCORE,
    }


def csv_frame(result: AreaInequality) -> pd.DataFrame:
    """The decile table with the SII on every row, in English column names, indicator first (as the
    Fingertips layout of the other CSVs)."""
    table = result.deciles
    n = len(table)
    s = result.summary

    def column(name: str) -> Any:
        return table[name].to_numpy(dtype=float) if name in table else np.full(n, np.nan)

    return format_numbers(
        pd.DataFrame(
            {
                "Indicator ID": [result.indicator_id] * n,
                "Indicator Name": [str(result.metadata.get("name") or "")] * n,
                "Area Code": [result.area.code] * n,
                "Area Name": [result.area.name] * n,
                "Time period": [result.period or ""] * n,
                "Local deprivation decile (1 = most deprived)": table["decile"].astype(int).to_numpy()
                if n
                else [],
                "LSOAs": table["lsoas"].astype(int).to_numpy() if n else [],
                "Residents (Census 2021)": column("population"),
                "Count": column("count"),
                "Denominator": column("denominator"),
                "Value": column("value"),
                "Lower CI 95.0 limit": column("lower95_0cl"),
                "Upper CI 95.0 limit": column("upper95_0cl"),
                "Fitted value (SII line)": column("fitted"),
                "Slope index of inequality": np.full(n, float(s.get("sii", np.nan))),
                "SII lower CI 95.0 limit": np.full(n, float(s.get("sii_lower95_0cl", np.nan))),
                "SII upper CI 95.0 limit": np.full(n, float(s.get("sii_upper95_0cl", np.nan))),
                "Note": [reason_text(result.reason, result.area.name, result) if result.reason else ""] * n,
            }
        )
    )


def csv_body(result: AreaInequality) -> str:
    return csv_text(csv_frame(result))


def chosen_indicator(request: Request) -> int | None:
    """The ``inequality`` query parameter (an indicator id), if given."""
    text = (request.query_params.get("inequality") or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise InputError(f"{text!r} is not an indicator id", column="inequality")
    return int(text)


def area_section(request: Request, area: AreaInfo) -> dict[str, Any] | None:
    """The area profile's section: for a local authority or county (Welsh ones say why not), the
    indicator of ``?inequality=`` (default: see ``DEFAULT_ORDER``); None for other areas."""
    if not is_authority(area):
        return None
    view = section(request, inequality_of(request, area.code, chosen_indicator(request)))
    view["chooser"] = True
    return view


def indicator_section(
    request: Request, indicator_id: int, area: AreaInfo | None, parent: AreaInfo | None
) -> dict[str, Any] | None:
    """The indicator page's section, for an indicator with LSOA values: within the chosen area when
    it is an authority, else the authority the areas are listed in; {"choose": True} without one."""
    engine = request.app.state.engine
    choices = memoised(request, ("inequality-choices",), lambda: inequality_choices(engine))
    if indicator_id not in {c.indicator_id for c in choices} and not any(
        c.indicator_id == indicator_id + 1 for c in choices if c.source == "assets"
    ):
        return None
    authority = next((a for a in (area, parent) if a is not None and is_authority(a)), None)
    if authority is None:
        return {"choose": True}
    view = section(request, inequality_of(request, authority.code, indicator_id))
    view["chooser"] = False
    return view
