"""What a plan's pages, report and exports show: priorities, the alignment matrix and its gaps,
dependencies (cycles, pathways), the project ranking, the monitoring of each outcome, and every
table as rows for CSV."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from healthassets.errors import NotFoundError
from healthassets.planning import alignment
from healthassets.planning.plan import DIMENSIONS, FACTOR_HEADINGS, PROJECT_STATUSES, SECTORS
from healthassets.services.api_values import SERIES_PER_AREA
from healthassets.services.profiles import indicator_metadata, with_trend
from healthassets.store import Engine
from healthassets.store.values import ValueFilter, fetch_values


def _number(value: float) -> float | None:
    return None if not math.isfinite(value) else float(value)


@dataclass(frozen=True)
class PlanAnalysis:
    """Everything computed from one plan document (all in the plan's item order)."""

    document: dict[str, Any]
    priorities: list[dict[str, Any]]
    matrix: list[list[int]]
    unsupported_assets: list[str]
    idle_projects: list[str]
    cycles: list[list[str]]
    pathways: dict[str, list[list[str]]]
    ranking: list[dict[str, Any]]
    names: dict[str, str]


def analyse(document: dict[str, Any], weights: dict[str, float] | None = None) -> PlanAnalysis:
    """The plan's priorities, alignment, gaps, dependencies and ranking (``weights`` override the
    plan's own ranking weights, for trying other weightings without saving them)."""
    scores, group_weights = alignment.score_matrix(document)
    combined = alignment.combine_scores(scores, group_weights)
    priorities = [
        {
            "id": asset["id"],
            "combined": _number(combined.combined[i]),
            "spread": _number(combined.spread[i]),
            "lowest": _number(combined.lowest[i]),
            "highest": _number(combined.highest[i]),
            "groups": int(combined.groups_scored[i]),
        }
        for i, asset in enumerate(document["assets"])
    ]
    matrix = alignment.alignment_matrix(document)
    no_support, no_asset = alignment.gaps(matrix)
    graph = alignment.dependency_graph(document)
    ranking = alignment.rank_projects(document, weights)
    order = np.argsort(-ranking.total, kind="stable")
    names = {o["id"]: o["title"] for o in document["outcomes"]}
    names |= {a["id"]: a["title"] for a in document["assets"]}
    names |= {p["id"]: p["name"] for p in document["projects"]}
    projects = document["projects"]
    return PlanAnalysis(
        document=document,
        priorities=priorities,
        matrix=matrix.tolist(),
        unsupported_assets=[a["id"] for a, gap in zip(document["assets"], no_support, strict=True) if gap],
        idle_projects=[p["id"] for p, gap in zip(projects, no_asset, strict=True) if gap],
        cycles=alignment.cycles(graph),
        pathways={p["id"]: alignment.pathways(graph, p["id"]) for p in projects},
        ranking=[
            {
                "id": projects[i]["id"],
                "rank": rank,
                "strong": float(ranking.strong[i]),
                "partial": float(ranking.partial[i]),
                "indirect": float(ranking.indirect[i]),
                "outcomes": float(ranking.outcomes[i]),
                "total": float(ranking.total[i]),
            }
            for rank, i in enumerate(order.tolist(), start=1)
        ],
        names=names,
    )


def outcome_monitoring(engine: Engine, document: dict[str, Any]) -> list[dict[str, Any]]:
    """Each outcome's headline series of its indicator for the plan's area (period, value), the
    latest value, the change since the baseline, the target's gap and the recent trend (the
    published one where the data has it, else the Fingertips method) of that series."""
    code = document["area"]["code"]
    meta = indicator_metadata(engine) if any(o["indicator_id"] for o in document["outcomes"]) else None
    out = []
    for outcome in document["outcomes"]:
        row: dict[str, Any] = {"id": outcome["id"], "latest": None, "period": "", "trend": "", "change": None,
                               "series": []}  # fmt: skip
        if outcome["indicator_id"] is not None and meta is not None:
            history = fetch_values(engine, ValueFilter(indicators=[outcome["indicator_id"]], areas=[code]))
            series = _headline_series(history)
            if not series.empty:
                last = series.iloc[-1]
                row.update(period=str(last["period"]), latest=_float(last["value"]))
                row["series"] = [
                    (str(p), _float(v)) for p, v in zip(series["period"], series["value"], strict=True)
                ]
                trend = with_trend(series.iloc[[-1]], series, meta, SERIES_PER_AREA)["trend"]
                row["trend"] = "" if trend.empty or pd.isna(trend.iloc[0]) else str(trend.iloc[0])
        if row["latest"] is not None and outcome["baseline"] is not None:
            row["change"] = row["latest"] - outcome["baseline"]
        if row["latest"] is not None and outcome["target"] is not None:
            row["to_target"] = outcome["target"] - row["latest"]
        out.append(row)
    return out


def _float(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _headline_series(history: pd.DataFrame) -> pd.DataFrame:
    """One series of ``history`` by period: no category, Persons where there are Persons, the most
    common age (the rules of :func:`healthassets.services.inequality.headline_rows`, over the
    whole series at once)."""
    plain = history[history["category_type"].fillna("") == ""]
    if plain.empty:
        return plain
    if (plain["sex"] == "Persons").any():
        plain = plain[plain["sex"] == "Persons"]
    plain = plain[plain["age"] == plain["age"].mode().iloc[0]]
    return plain.sort_values("period_sortable").drop_duplicates("period_sortable", keep="last")


def _strength(value: int) -> str:
    return {2: "strong", 1: "partial"}.get(value, "none")


def plan_tables(analysis: PlanAnalysis) -> dict[str, pd.DataFrame]:
    """Every table of the plan, as it is shown, for CSV export (one file per table)."""
    document, names = analysis.document, analysis.names
    titles = document["dimension_titles"]
    groups = document["stakeholders"]
    assets = pd.DataFrame(
        [
            {
                "id": a["id"],
                "title": a["title"],
                "dimension": titles.get(a["dimension"], DIMENSIONS[a["dimension"]]),
                "subcategory": a["subcategory"],
                "physical": "physical" if a["physical"] else "non-physical",
                "register_asset_id": a["asset_id"] or "",
                "rationale": a["rationale"],
                **{f"score_{g['name']}": a["scores"].get(g["id"]) for g in groups},
                "priority": p["combined"],
                "spread_sd": p["spread"],
                "lowest": p["lowest"],
                "highest": p["highest"],
                "no_project_supports_it": a["id"] in analysis.unsupported_assets,
            }
            for a, p in zip(document["assets"], analysis.priorities, strict=True)
        ]
    )
    projects = pd.DataFrame(
        [
            {
                "id": p["id"], "name": p["name"], "sector": SECTORS[p["sector"]], "owner": p["owner"],
                "cost": p["cost"], "start_year": p["start_year"], "end_year": p["end_year"],
                "status": PROJECT_STATUSES[p["status"]], "areas": " ".join(p["areas"]),
                "supports_no_priority_asset": p["id"] in analysis.idle_projects,
            }
            for p in document["projects"]
        ]
    )  # fmt: skip
    matrix = pd.DataFrame(
        [
            {"project": names[p["id"]], "asset": names[a["id"]], "strength": _strength(analysis.matrix[i][j]),
             "note": next((c["note"] for c in document["alignments"]
                           if c["project"] == p["id"] and c["asset"] == a["id"]), "")}
            for i, p in enumerate(document["projects"])
            for j, a in enumerate(document["assets"])
        ],
        columns=["project", "asset", "strength", "note"],
    )  # fmt: skip
    links = pd.DataFrame(
        [
            {"from": names[k["source"]], "to": names[k["target"]], "note": k["note"]}
            for k in document["links"]
        ],
        columns=["from", "to", "note"],
    )
    factors = pd.DataFrame(
        [
            {
                "project": p["name"],
                "heading": FACTOR_HEADINGS[f["heading"]],
                "kind": f["kind"],
                "text": f["text"],
            }
            for p in document["projects"]
            for f in p["factors"]
        ],
        columns=["project", "heading", "kind", "text"],
    )
    ranking = pd.DataFrame([{**r, "project": names[r["id"]]} for r in analysis.ranking])
    outcomes = pd.DataFrame(document["outcomes"])
    return {
        "outcomes": outcomes,
        "priority_assets": assets,
        "projects": projects,
        "alignment": matrix,
        "dependencies": links,
        "barriers_enablers": factors,
        "project_ranking": ranking,
    }


#: most stories a plan's page and report show
PLAN_STORIES = 6


def plan_stories(engine: Engine, document: dict[str, Any]) -> list[dict[str, Any]]:
    """Published stories about the register assets behind the plan's priority assets, newest
    first (title, body and the priority asset's title; never the teller's name or photo)."""
    from healthassets.store.stories import published_stories_of_assets

    titles = {a["asset_id"]: a["title"] for a in document["assets"] if a["asset_id"]}
    if not titles:
        return []
    with engine.connect() as connection:
        stories = published_stories_of_assets(connection, list(titles), PLAN_STORIES)
    return [{**story, "priority_asset": titles.get(story["asset_id"], "")} for story in stories]


#: Monte Carlo draws of a project's SROI ratio on its plan's pages (seeded: the page is stable)
PLAN_DRAWS, PLAN_SEED = 2_000, 1


def project_values(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each project with an impact map: its SROI ratio, present value, NPV, payback, the Monte
    Carlo median and 90 % interval of the ratio over its ranges, and the input the ratio is most
    sensitive to (one-way ±10 %); ``error`` instead when the map no longer calculates."""
    from healthassets.errors import InputError
    from healthassets.services.sroi import SroiRequest, calculate

    out: dict[str, dict[str, Any]] = {}
    for project in document["projects"]:
        amount = project.get("investment") or project.get("cost")
        if not project.get("impact_map") or not amount:
            continue
        try:
            found = calculate(
                SroiRequest(project["impact_map"], float(amount), draws=PLAN_DRAWS, seed=PLAN_SEED)
            )
        except InputError as error:
            out[project["id"]] = {"error": str(error)}
            continue
        result, bars, mc = found.result, found.one_way, found.monte_carlo
        top = int(np.argmax(bars.swing)) if len(bars.swing) else None
        out[project["id"]] = {
            "investment": float(amount),
            "ratio": _number(result.sroi_ratio),
            "present_value": _number(result.total_present_value),
            "net_present_value": _number(result.net_present_value),
            "payback_months": _number(result.payback_months),
            "median": None if mc is None else _number(mc.median),
            "lower": None if mc is None else _number(mc.lower),
            "upper": None if mc is None else _number(mc.upper),
            "varied": bool(found.impact.ranges),
            "sensitive_to": None
            if top is None or bars.swing[top] <= 0
            else (bars.outcome[top], bars.input[top]),
        }
    return out


@dataclass(frozen=True)
class PlanMap:
    """The plan's area by wards (or small areas), those its projects cover marked, and the register
    assets aligned with a project as points (never a person's)."""

    boundaries: dict[str, Any]
    covered: dict[str, list[str]]
    """area code → the names of the projects covering it"""
    points: list[dict[str, Any]]
    """label, asset id, name, longitude, latitude, the projects aligned with it"""


def plan_map(engine: Engine, data_dir: Path, document: dict[str, Any]) -> PlanMap:
    """What the plan's map shows (see :class:`PlanMap`)."""
    from healthassets.assets.privacy import is_person
    from healthassets.services.assets_moderation import get_asset
    from healthassets.services.boundaries import simplified_boundaries

    code = document["area"]["code"]
    boundaries = simplified_boundaries(engine, "ward", data_dir, code)
    if not boundaries["features"]:
        boundaries = simplified_boundaries(engine, "lsoa", data_dir, code)
    covered: dict[str, list[str]] = {}
    for project in document["projects"]:
        for area in project["areas"]:
            covered.setdefault(area, []).append(project["name"])
    projects = {p["id"]: p["name"] for p in document["projects"]}
    points: list[dict[str, Any]] = []
    for asset in document["assets"]:
        aligned = [projects[c["project"]] for c in document["alignments"] if c["asset"] == asset["id"]]
        if not asset["asset_id"] or not aligned:
            continue
        try:
            record = get_asset(engine, asset["asset_id"])
        except NotFoundError:
            continue
        if is_person(record) or record.get("latitude") is None or record.get("longitude") is None:
            continue
        points.append(
            {"label": str(len(points) + 1), "asset_id": asset["asset_id"], "name": record["name"],
             "longitude": float(record["longitude"]), "latitude": float(record["latitude"]),
             "projects": aligned, "priority_asset": asset["title"]}
        )  # fmt: skip
    return PlanMap(boundaries, covered, points)


def asset_counts_over_time(
    engine: Engine, document: dict[str, Any], quarters: int = 8
) -> list[tuple[str, int]]:
    """Register assets published in the plan's area at the end of each of the last ``quarters``
    quarters and today (from the register's moderation history)."""
    from healthassets.assets.history import published_counts
    from healthassets.store.asset_areas import status_history_in_area

    steps, assets = status_history_in_area(engine, document["area"]["code"])
    today = pd.Timestamp.now(tz="UTC")
    ends = pd.date_range(end=today, periods=quarters, freq="QE", tz="UTC")
    times = [*ends[ends < today], today]
    counts = published_counts(steps, assets, times)
    labels = [f"{t.year} Q{t.quarter}" for t in times[:-1]] + ["today"]
    return list(zip(labels, counts.tolist(), strict=True))
