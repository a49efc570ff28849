"""Routes of ``/api/v1`` for place plans (issue 13, docs/adr/0069): public plans, and one plan
(public, or shared by link with its ``key``) with everything computed from it."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from healthassets.api import models
from healthassets.api.routes import engine_of
from healthassets.services import plans as plan_service
from healthassets.services.plan_views import analyse

router = APIRouter()


@router.get("/plans", summary="Public place plans", response_model=list[models.PlanSummary])
def list_plans(request: Request) -> list[dict[str, Any]]:
    return [
        {"id": p["id"], "title": p["title"], "area_code": p["area_code"], "example": bool(p["example"])}
        for p in plan_service.plans_for(engine_of(request), None)
    ]


@router.get(
    "/plans/{plan_id}",
    summary="One place plan with its priorities, alignment, gaps, pathways and ranking",
    response_model=models.PlanDetail,
)
def get_plan(
    request: Request,
    plan_id: Annotated[str, Path(max_length=36)],
    key: Annotated[str | None, Query(max_length=64, description="the read-only link's key")] = None,
) -> dict[str, Any]:
    plan = plan_service.read_plan(engine_of(request), plan_id, None, key)
    analysis = asdict(analyse(plan.document))
    analysis.pop("names")
    return {
        "id": plan.id,
        **{k: v for k, v in analysis.items() if k != "matrix"},
        "alignment_matrix": analysis["matrix"],
    }
