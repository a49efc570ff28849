"""The changes the plan page's forms make, one function per form (``action``): each reads its
fields and applies one edit through :mod:`healthassets.services.plans`; it returns a new link to
show once ("" otherwise). Invalid fields are InputErrors the page shows above the form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.datastructures import FormData

from healthassets.errors import InputError
from healthassets.planning.plan import DEFAULT_WEIGHTS, DIMENSIONS
from healthassets.services import plans as plan_service
from healthassets.services.accounts import Account
from healthassets.services.site import Engine
from healthassets.web.forms import text

PlanEdit = Callable[[Engine, str, Account | None, FormData, int], str]


def _change(engine: Engine, plan_id: str, account: Account | None, version: int, change: Any) -> str:
    plan_service.change_plan(engine, plan_id, account, version, change)
    return ""


def _register_id(raw: str) -> str | None:
    """A register asset's id from its id or its page's address (…/assets/<id>)."""
    value = raw.strip().rstrip("/")
    return value.rsplit("/assets/", 1)[-1].split("?")[0] or None if value else None


def add_outcome(engine: Engine, plan_id: str, account: Account | None, form: FormData, version: int) -> str:
    plan = plan_service.edit_plan_access(engine, plan_id, account)
    raw = text(form, "indicator_id")
    values: dict[str, Any] = {"title": text(form, "title"), "target": text(form, "target") or None,
                              "weight": text(form, "weight") or 1, "indicator_id": raw or None}  # fmt: skip
    if raw:
        try:
            indicator = int(raw)
        except ValueError:
            raise InputError(f"{raw[:20]!r} is not an indicator number", column="indicator_id") from None
        values["baseline"], values["baseline_period"] = plan_service.baseline(
            engine, indicator, plan.document["area"]["code"]
        )
    return _change(engine, plan_id, account, version, plan_service.add_item("outcomes", "o", values))


def add_asset(engine: Engine, plan_id: str, account: Account | None, form: FormData, version: int) -> str:
    values = {
        "title": text(form, "title"),
        "dimension": text(form, "dimension"),
        "subcategory": text(form, "subcategory"),
        "physical": text(form, "physical") != "no",
        "asset_id": _register_id(text(form, "asset_id")),
        "rationale": text(form, "rationale"),
        "scores": {},
    }
    return _change(engine, plan_id, account, version, plan_service.add_item("assets", "a", values))


def scores(engine: Engine, plan_id: str, account: Account | None, form: FormData, version: int) -> str:
    def change(document: dict[str, Any]) -> dict[str, Any]:
        groups = [
            {**g, "weight": text(form, f"weight-{g['id']}") or g["weight"]} for g in document["stakeholders"]
        ]
        assets = [
            {**a, "scores": {g["id"]: s for g in groups if (s := text(form, f"score-{a['id']}-{g['id']}"))}}
            for a in document["assets"]
        ]
        return {**document, "stakeholders": groups, "assets": assets}

    return _change(engine, plan_id, account, version, change)


def add_stakeholder(
    engine: Engine, plan_id: str, account: Account | None, form: FormData, version: int
) -> str:
    values = {"name": text(form, "name"), "weight": text(form, "weight") or 1}
    return _change(engine, plan_id, account, version, plan_service.add_item("stakeholders", "s", values))


def add_project(engine: Engine, plan_id: str, account: Account | None, form: FormData, version: int) -> str:
    areas = plan_service.known_areas(engine, text(form, "areas").replace(",", " ").split())
    values = {
        "name": text(form, "name"), "sector": text(form, "sector"), "owner": text(form, "owner"),
        "cost": text(form, "cost").replace(",", "").replace("£", "") or None,
        "start_year": text(form, "start_year") or None, "end_year": text(form, "end_year") or None,
        "status": text(form, "status") or "proposed", "areas": areas, "factors": [],
    }  # fmt: skip
    return _change(engine, plan_id, account, version, plan_service.add_item("projects", "p", values))


def project_status(
    engine: Engine, plan_id: str, account: Account | None, form: FormData, version: int
) -> str:
    change = plan_service.update_item("projects", text(form, "project"), {"status": text(form, "status")})
    return _change(engine, plan_id, account, version, change)


def project_value(engine: Engine, plan_id: str, account: Account | None, form: FormData, version: int) -> str:
    raw = text(form, "investment").replace(",", "").replace("£", "")
    try:
        investment = float(raw) if raw else None
    except ValueError:
        raise InputError(f"{raw[:20]!r} is not an amount in pounds", column="investment") from None
    impact_map = str(form.get("impact_map") or "")
    plan_service.set_project_value(
        engine, plan_id, account, version, text(form, "project"), impact_map, investment
    )
    return ""


def add_factor(engine: Engine, plan_id: str, account: Account | None, form: FormData, version: int) -> str:
    project = text(form, "project")
    factor = {"heading": text(form, "heading"), "kind": text(form, "kind"), "text": text(form, "text")}

    def change(document: dict[str, Any]) -> dict[str, Any]:
        found = [p for p in document["projects"] if p["id"] == project]
        if not found:
            raise InputError("choose one of the plan's projects", column="project")
        return plan_service.update_item("projects", project, {"factors": [*found[0]["factors"], factor]})(
            document
        )

    return _change(engine, plan_id, account, version, change)


def alignment(engine: Engine, plan_id: str, account: Account | None, form: FormData, version: int) -> str:
    def change(document: dict[str, Any]) -> dict[str, Any]:
        cells = [
            {"project": p["id"], "asset": a["id"],
             "strength": text(form, f"cell-{p['id']}-{a['id']}") or "none",
             "note": text(form, f"note-{p['id']}-{a['id']}")}
            for p in document["projects"]
            for a in document["assets"]
        ]  # fmt: skip
        return {**document, "alignments": cells}

    return _change(engine, plan_id, account, version, change)


def add_link(engine: Engine, plan_id: str, account: Account | None, form: FormData, version: int) -> str:
    link = {"source": text(form, "source"), "target": text(form, "target"), "note": text(form, "note")}

    def with_link(document: dict[str, Any]) -> dict[str, Any]:
        return {**document, "links": [*document["links"], link]}

    return _change(engine, plan_id, account, version, with_link)


def remove_link(engine: Engine, plan_id: str, account: Account | None, form: FormData, version: int) -> str:
    pair = (text(form, "source"), text(form, "target"))

    def change(document: dict[str, Any]) -> dict[str, Any]:
        return {**document, "links": [k for k in document["links"] if (k["source"], k["target"]) != pair]}

    return _change(engine, plan_id, account, version, change)


def weights(engine: Engine, plan_id: str, account: Account | None, form: FormData, version: int) -> str:
    values = {key: text(form, f"w_{key}") or 0 for key in DEFAULT_WEIGHTS}
    return _change(engine, plan_id, account, version, plan_service.set_fields({"weights": values}))


def details(engine: Engine, plan_id: str, account: Account | None, form: FormData, version: int) -> str:
    def change(document: dict[str, Any]) -> dict[str, Any]:
        fields = {key: f"dimension_title-{key}" for key in DIMENSIONS}
        titles = {
            key: text(form, field) if field in form else document["dimension_titles"].get(key, "")
            for key, field in fields.items()
        }
        titles = {key: title for key, title in titles.items() if title}
        return {
            **document,
            "title": text(form, "title"),
            "summary": text(form, "summary"),
            "dimension_titles": titles,
        }

    return _change(engine, plan_id, account, version, change)


def remove(engine: Engine, plan_id: str, account: Account | None, form: FormData, version: int) -> str:
    return _change(engine, plan_id, account, version, plan_service.delete_item(text(form, "item")))


def sharing(engine: Engine, plan_id: str, account: Account | None, form: FormData, version: int) -> str:
    return plan_service.set_sharing(engine, plan_id, account, text(form, "visibility")) or ""


def invite(engine: Engine, plan_id: str, account: Account | None, form: FormData, version: int) -> str:
    return plan_service.invite_stakeholder(engine, plan_id, account, text(form, "stakeholder"))


def delete_plan(engine: Engine, plan_id: str, account: Account | None, form: FormData, version: int) -> str:
    plan_service.remove_plan(engine, plan_id, account)
    return ""


EDITS: dict[str, PlanEdit] = {
    f.__name__: f
    for f in (
        add_outcome, add_asset, scores, add_stakeholder, add_project, project_status, project_value,
        add_factor, alignment, add_link, remove_link, weights, details, remove, sharing, invite, delete_plan)
}  # fmt: skip
