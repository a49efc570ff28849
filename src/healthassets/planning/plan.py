"""A place plan in the Arup Shared Asset Framework, as one validated document.

Arup, *Health-led planning: a shared asset framework* (discussion paper): partners agree a baseline
of the health assets a place most needs (under six dimensions, each physical or non-physical),
map how each proposed project aligns with them (strong → potential direct delivery; partial →
potential partnership delivery), map dependencies and impact pathways, and monitor investment and
impact. This module holds the vocabulary and the document's shape; ``alignment`` computes on it.

A plan is a plain dict (JSON) with lists of outcomes (``o…`` ids), priority assets (``a…``),
projects (``p…``), stakeholder groups (``s…``), alignment cells and typed links. ``check_plan``
validates a whole document and returns it normalised, or raises InputError naming the field.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from healthassets.errors import InputError

DIMENSIONS: dict[str, str] = {
    "personal_capacity": "Personal capacity",
    "lifestyle_activities": "Lifestyle and activities",
    "community_economy": "Community and economy",
    "built_environment": "Built environment",
    "natural_environment": "Natural environment",
    "climate_ecosystem": "Climate and ecosystem",
}
SECTORS: dict[str, str] = {
    "transport": "Transport",
    "water": "Water",
    "energy": "Energy",
    "housing": "Housing",
    "green_infrastructure": "Green infrastructure",
    "digital": "Digital",
    "health_service": "Health service",
    "community_programme": "Community programme",
}
PROJECT_STATUSES: dict[str, str] = {
    "proposed": "Proposed",
    "planned": "Planned",
    "in_delivery": "In delivery",
    "complete": "Complete",
    "paused": "Paused",
    "cancelled": "Cancelled",
}
FACTOR_HEADINGS: dict[str, str] = {
    "leadership_governance": "Leadership and governance",
    "policy_regulation": "Policy and regulation",
    "funding_delivery": "Funding and delivery",
    "data_insight": "Data and insight",
}
FACTOR_KINDS: dict[str, str] = {"barrier": "Barrier", "enabler": "Enabler"}
STRENGTHS: dict[str, str] = {
    "strong": "Strong (potential direct delivery)",
    "partial": "Partial (potential partnership delivery)",
}
LINK_KINDS = {("a", "a"), ("p", "a"), ("a", "o")}
"""Dependencies and impact pathways: asset → asset, project → asset, asset → outcome."""
SCORE_RANGE = (1.0, 5.0)
"""Stakeholder scores of a priority asset: 1 (low priority) to 5 (highest)."""
DEFAULT_WEIGHTS: dict[str, float] = {"strong": 1.0, "partial": 0.5, "indirect": 0.25, "outcome": 1.0}
"""Project ranking weights (see ``alignment.rank_projects``); each plan may change them."""
MAX_ITEMS = 200
"""Most outcomes, assets, projects or stakeholder groups one plan holds."""
MAX_IMPACT_MAP = 100_000
"""Longest impact map (CSV text, for the project's social return on investment) a project holds."""

_ID = re.compile(r"^[aops][1-9][0-9]{0,5}$")


def _text(value: Any, field: str, *, required: bool = True, limit: int = 2000) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise InputError("is required", column=field)
    if len(text) > limit:
        raise InputError(f"is longer than {limit} characters", column=field)
    return text


def _number(value: Any, field: str, *, low: float | None = None, high: float | None = None) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{str(value)[:40]!r} is not a number", column=field) from None
    if not math.isfinite(number):
        raise InputError("is not a finite number", column=field)
    if (low is not None and number < low) or (high is not None and number > high):
        raise InputError(f"must be from {low:g} to {high:g}", column=field)
    return number


def _choice(value: Any, field: str, choices: Mapping[str, str]) -> str:
    if value not in choices:
        raise InputError(f"{str(value)[:40]!r} is not one of {', '.join(choices)}", column=field)
    return str(value)


def _ids(items: list[dict[str, Any]], prefix: str, field: str) -> set[str]:
    seen: set[str] = set()
    for number, item in enumerate(items, start=1):
        key = item.get("id")
        if not isinstance(key, str) or not _ID.match(key) or key[0] != prefix:
            raise InputError(f"item {number} has no valid id ({prefix}1, {prefix}2, …)", column=field)
        if key in seen:
            raise InputError(f"the id {key} is used twice", column=field)
        seen.add(key)
    return seen


def _list(document: Mapping[str, Any], field: str) -> list[dict[str, Any]]:
    items = document.get(field) or []
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise InputError("must be a list of objects", column=field)
    if len(items) > MAX_ITEMS:
        raise InputError(f"holds more than {MAX_ITEMS} items", column=field)
    return items


def next_id(items: list[dict[str, Any]], prefix: str) -> str:
    """The next free id of a plan list: ``prefix`` + (largest number used + 1)."""
    numbers = [int(i["id"][1:]) for i in items if str(i.get("id", "")).startswith(prefix)]
    return f"{prefix}{max(numbers, default=0) + 1}"


def _outcome(item: dict[str, Any]) -> dict[str, Any]:
    indicator = item.get("indicator_id")
    if indicator not in (None, ""):
        try:
            indicator = int(indicator)
        except (TypeError, ValueError):
            raise InputError("must be an indicator number", column="outcomes.indicator_id") from None
    return {
        "id": item["id"],
        "title": _text(item.get("title"), "outcomes.title", limit=200),
        "indicator_id": indicator if indicator not in (None, "") else None,
        "baseline": _number(item.get("baseline"), "outcomes.baseline"),
        "baseline_period": _text(
            item.get("baseline_period"), "outcomes.baseline_period", required=False, limit=40
        ),
        "target": _number(item.get("target"), "outcomes.target"),
        "weight": _number(item.get("weight", 1.0), "outcomes.weight", low=0, high=100) or 0.0,
    }


def _asset(item: dict[str, Any], groups: set[str]) -> dict[str, Any]:
    scores = item.get("scores") or {}
    if not isinstance(scores, dict) or not set(scores) <= groups:
        raise InputError("scores name a stakeholder group the plan does not have", column="assets.scores")
    checked = {}
    for group, score in scores.items():
        number = _number(score, "assets.scores", low=SCORE_RANGE[0], high=SCORE_RANGE[1])
        if number is not None:
            checked[group] = number
    return {
        "id": item["id"],
        "title": _text(item.get("title"), "assets.title", limit=200),
        "dimension": _choice(item.get("dimension"), "assets.dimension", DIMENSIONS),
        "subcategory": _text(item.get("subcategory"), "assets.subcategory", required=False, limit=100),
        "physical": bool(item.get("physical", True)),
        "asset_id": _text(item.get("asset_id"), "assets.asset_id", required=False, limit=64) or None,
        "rationale": _text(item.get("rationale"), "assets.rationale", required=False),
        "scores": checked,
    }


def _project(item: dict[str, Any]) -> dict[str, Any]:
    factors = item.get("factors") or []
    if not isinstance(factors, list):
        raise InputError("must be a list", column="projects.factors")
    start = _number(item.get("start_year"), "projects.start_year", low=1900, high=2200)
    end = _number(item.get("end_year"), "projects.end_year", low=1900, high=2200)
    if start is not None and end is not None and end < start:
        raise InputError("the end year is before the start year", column="projects.end_year")
    areas = item.get("areas") or []
    if not isinstance(areas, list) or not all(isinstance(a, str) for a in areas):
        raise InputError("must be a list of area codes", column="projects.areas")
    return {
        "id": item["id"],
        "name": _text(item.get("name"), "projects.name", limit=200),
        "sector": _choice(item.get("sector"), "projects.sector", SECTORS),
        "owner": _text(item.get("owner"), "projects.owner", required=False, limit=200),
        "cost": _number(item.get("cost"), "projects.cost", low=0, high=1e13),
        "start_year": None if start is None else int(start),
        "end_year": None if end is None else int(end),
        "status": _choice(item.get("status", "proposed"), "projects.status", PROJECT_STATUSES),
        "areas": [a.strip() for a in areas if a.strip()],
        "impact_map": _text(
            item.get("impact_map"), "projects.impact_map", required=False, limit=MAX_IMPACT_MAP
        ),
        "investment": _number(item.get("investment"), "projects.investment", low=0, high=1e13),
        "factors": [
            {
                "heading": _choice(f.get("heading"), "projects.factors.heading", FACTOR_HEADINGS),
                "kind": _choice(f.get("kind"), "projects.factors.kind", FACTOR_KINDS),
                "text": _text(f.get("text"), "projects.factors.text", limit=500),
            }
            for f in factors
        ],
    }


def check_plan(document: Mapping[str, Any]) -> dict[str, Any]:
    """The plan ``document`` validated and normalised (unknown keys dropped); InputError naming the
    field (``column``) and reason otherwise. Alignment cells and links must name items of the plan;
    links must be of a kind in ``LINK_KINDS`` and not join an item to itself."""
    stakeholders = _list(document, "stakeholders")
    outcomes, assets, projects = (_list(document, f) for f in ("outcomes", "assets", "projects"))
    groups = _ids(stakeholders, "s", "stakeholders")
    outcome_ids, asset_ids = _ids(outcomes, "o", "outcomes"), _ids(assets, "a", "assets")
    project_ids = _ids(projects, "p", "projects")
    area = document.get("area") or {}
    if not isinstance(area, dict) or not str(area.get("code", "")).strip():
        raise InputError("is required", column="area")
    weights = {**DEFAULT_WEIGHTS, **(document.get("weights") or {})}
    titles = document.get("dimension_titles") or {}
    if not isinstance(titles, dict) or not set(titles) <= set(DIMENSIONS):
        raise InputError("names a dimension the framework does not have", column="dimension_titles")
    cells: dict[tuple[str, str], dict[str, Any]] = {}
    for cell in _list(document, "alignments"):
        key = (str(cell.get("project")), str(cell.get("asset")))
        if key[0] not in project_ids or key[1] not in asset_ids:
            raise InputError("names a project or asset the plan does not have", column="alignments")
        strength = cell.get("strength")
        if strength in (None, "", "none"):
            continue
        cells[key] = {
            "project": key[0],
            "asset": key[1],
            "strength": _choice(strength, "alignments.strength", STRENGTHS),
            "note": _text(cell.get("note"), "alignments.note", required=False, limit=500),
        }
    nodes = outcome_ids | asset_ids | project_ids
    links: dict[tuple[str, str], dict[str, Any]] = {}
    for link in _list(document, "links"):
        source, target = str(link.get("source")), str(link.get("target"))
        if source not in nodes or target not in nodes:
            raise InputError("names an item the plan does not have", column="links")
        if source == target:
            raise InputError("joins an item to itself", column="links")
        if (source[0], target[0]) not in LINK_KINDS:
            raise InputError(
                "must go from an asset to an asset or outcome, or from a project to an asset", column="links"
            )
        links[(source, target)] = {
            "source": source,
            "target": target,
            "note": _text(link.get("note"), "links.note", required=False, limit=500),
        }
    return {
        "title": _text(document.get("title"), "title", limit=200),
        "summary": _text(document.get("summary"), "summary", required=False),
        "example": bool(document.get("example", False)),
        "area": {
            "code": str(area["code"]).strip(),
            "name": _text(area.get("name"), "area.name", required=False, limit=200),
        },
        "neighbourhood": [str(c).strip() for c in document.get("neighbourhood") or [] if str(c).strip()],
        "stakeholders": [
            {
                "id": s["id"],
                "name": _text(s.get("name"), "stakeholders.name", limit=100),
                "weight": _number(s.get("weight", 1.0), "stakeholders.weight", low=0, high=100) or 0.0,
            }
            for s in stakeholders
        ],
        "dimension_titles": {k: _text(v, "dimension_titles", limit=100) for k, v in titles.items() if v},
        "outcomes": [_outcome(o) for o in outcomes],
        "assets": [_asset(a, groups) for a in assets],
        "projects": [_project(p) for p in projects],
        "alignments": list(cells.values()),
        "links": list(links.values()),
        "weights": {k: _number(weights[k], f"weights.{k}", low=0, high=100) or 0.0 for k in DEFAULT_WEIGHTS},
    }


def remove_item(document: dict[str, Any], item_id: str) -> dict[str, Any]:
    """A copy of the plan without the item ``item_id`` and every cell, link and score naming it."""
    lists = {"o": "outcomes", "a": "assets", "p": "projects", "s": "stakeholders"}
    field = lists.get(item_id[:1])
    if field is None:
        raise InputError(f"{item_id!r} is not an item of the plan", column="item")
    out = dict(document)
    out[field] = [i for i in document.get(field, []) if i.get("id") != item_id]
    out["alignments"] = [
        c for c in document.get("alignments", []) if item_id not in (c["project"], c["asset"])
    ]
    out["links"] = [k for k in document.get("links", []) if item_id not in (k["source"], k["target"])]
    if field == "stakeholders":
        out["assets"] = [
            {**a, "scores": {g: s for g, s in a.get("scores", {}).items() if g != item_id}}
            for a in out["assets"]
        ]
    return out
