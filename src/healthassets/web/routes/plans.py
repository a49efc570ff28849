"""Place plans (issue 13 parts 1–3, 5; docs/adr/0069): the list, a plan's page (outcomes with
their monitoring, priority assets and stakeholder scores, projects, the alignment matrix and
chart, gaps, dependencies and pathways, the project ranking), its edits, CSV of every table, the
shareable report (HTML and PDF) and one-time stakeholder scoring links."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from healthassets.errors import InputError, NotFoundError
from healthassets.io.csv_safety import csv_text
from healthassets.planning.plan import (
    DEFAULT_WEIGHTS,
    DIMENSIONS,
    FACTOR_HEADINGS,
    FACTOR_KINDS,
    PROJECT_STATUSES,
    SECTORS,
    STRENGTHS,
)
from healthassets.services import plans as plan_service
from healthassets.services.accounts import Account
from healthassets.services.plan_views import (
    analyse,
    asset_counts_over_time,
    outcome_monitoring,
    plan_map,
    plan_stories,
    plan_tables,
    project_values,
)
from healthassets.web.accounts import current_account
from healthassets.web.forms import FormErrors, read_form, text
from healthassets.web.i18n import gettext as _
from healthassets.web.messages import N_
from healthassets.web.pages import render_page, templates
from healthassets.web.routes.plan_edits import EDITS, PlanEdit
from healthassets.web.routes.sroi import INPUT_WORDS
from healthassets.web.security import RateLimiter, csrf_token
from healthassets.web.svg.areas_map import areas_map
from healthassets.web.svg.plan_ring import project_letter, ring_chart
from healthassets.web.views import csv_download

router = APIRouter()
#: the CSV tables' names as the page says them
TABLE_WORDS = {
    "outcomes": N_("Outcomes"), "priority_assets": N_("Priority assets"), "projects": N_("Projects"),
    "alignment": N_("Alignment"), "dependencies": N_("Dependencies"),
    "barriers_enablers": N_("Barriers and enablers"), "project_ranking": N_("Project ranking"),
}  # fmt: skip
#: the default stakeholder groups (services/plans.py), translated where a plan keeps them
DEFAULT_GROUP_WORDS = [
    N_("Residents"),
    N_("Health and care"),
    N_("Council"),
    N_("Voluntary and community sector"),
]
#: where the page scrolls to after each change
ANCHORS = {
    "add_outcome": "outcomes", "add_asset": "assets", "scores": "assets", "add_stakeholder": "assets",
    "add_project": "projects", "project_value": "value", "add_factor": "projects",
    "project_status": "projects",
    "alignment": "alignment", "add_link": "dependencies", "remove_link": "dependencies",
    "weights": "ranking", "sharing": "sharing",
    "invite": "sharing", "details": "sharing",
}  # fmt: skip
#: one-time scoring links and plan creation, per client address
INVITED = RateLimiter("plan-invitations", limit=20, window=3600)
CREATED = RateLimiter("plans-created", limit=30, window=3600)
VOCABULARY = {
    "dimensions": DIMENSIONS, "sectors": SECTORS, "statuses": PROJECT_STATUSES, "headings": FACTOR_HEADINGS,
    "kinds": FACTOR_KINDS, "strengths": STRENGTHS,
}  # fmt: skip


def _engine(request: Request) -> Any:
    return request.app.state.engine


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/plans", response_class=HTMLResponse)
def plans_page(request: Request) -> HTMLResponse:
    account = current_account(request)
    listed = plan_service.plans_for(_engine(request), account)
    return render_page(
        request,
        "plans.html",
        plans=listed,
        account=account,
        errors=FormErrors(),
        form={},
        csrf=csrf_token(request),
    )


@router.post("/plans", response_model=None)
async def create_plan(request: Request) -> Response:
    form = await read_form(request)
    account = current_account(request)
    fields = {"title": text(form, "title"), "area": text(form, "area")}
    errors = FormErrors()
    try:
        CREATED.hit(_engine(request), _client(request))
        code = plan_service.resolve_area(_engine(request), fields["area"])
        plan_id = plan_service.create_plan(_engine(request), account, fields["title"], code)
    except InputError as error:
        errors.add("title" if error.column == "title" else "area", _problem(error))
        listed = plan_service.plans_for(_engine(request), account)
        return render_page(
            request,
            "plans.html",
            400,
            plans=listed,
            account=account,
            errors=errors,
            form=fields,
            csrf=csrf_token(request),
        )
    return RedirectResponse(request.url_for("plan_page", plan_id=plan_id).path, status_code=303)


def _problem(error: InputError) -> str:
    """A refused edit in the visitor's language; the validator's detail stays as written."""
    return _("The change was not saved: {detail}").format(detail=str(error))


def _weights(request: Request, saved: dict[str, float]) -> dict[str, float]:
    """The ranking weights: the plan's, or the ones tried in the address (not saved)."""
    out = dict(saved)
    for key in DEFAULT_WEIGHTS:
        raw = request.query_params.get(f"w_{key}")
        try:
            value = float(raw) if raw not in (None, "") else None
        except ValueError:
            value = None
        if value is not None and 0 <= value <= 100:
            out[key] = value
    return out


def plan_context(request: Request, plan: plan_service.StoredPlan, account: Account | None) -> dict[str, Any]:
    document = plan.document
    weights = _weights(request, document["weights"])
    analysis = analyse(document, weights)
    positions = {key: i for i, key in enumerate(DIMENSIONS)}
    chart = ring_chart(
        document["area"]["name"] or document["area"]["code"],
        [positions[a["dimension"]] for a in document["assets"]],
        analysis.matrix,
    )
    titles = {k: document["dimension_titles"].get(k) or v for k, v in DIMENSIONS.items()}
    return {
        "plan": plan,
        "doc": document,
        "analysis": analysis,
        "priority": {p["id"]: p for p in analysis.priorities},
        "monitoring": {m["id"]: m for m in outcome_monitoring(_engine(request), document)},
        "weights": weights,
        "weights_tried": weights != document["weights"],
        "chart_svg": chart,
        "stories": plan_stories(_engine(request), document),
        "values": project_values(document),
        **_map(request, document),
        "asset_counts": asset_counts_over_time(_engine(request), document),
        "input_words": INPUT_WORDS,
        "table_words": TABLE_WORDS,
        "dimension_titles": titles,
        "vocabulary": VOCABULARY,
        "account": account,
        "key": request.query_params.get("key") or "",
        "matches": plan_service.register_matches(
            _engine(request), document["area"]["code"], request.query_params.get("asset_q", "")
        ) if plan.may_edit else [],
        "asset_q": request.query_params.get("asset_q", ""),
        "csrf": csrf_token(request),
        "tables": list(TABLE_WORDS),  # the names of plan_tables, without building them
        "options": _options(document, titles),
        "pathway_text": {project: [" → ".join(analysis.names[n] for n in chain) for chain in chains]
                         for project, chains in analysis.pathways.items()},
        "cycle_text": [" → ".join(analysis.names[n] for n in group) for group in analysis.cycles],
        "letter": project_letter,
        "request_base": str(request.base_url),
    }  # fmt: skip


def _options(document: dict[str, Any], titles: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
    """The choices of the page's selects, in the visitor's language."""

    def pairs(words: dict[str, str]) -> list[tuple[str, str]]:
        return [(key, _(word)) for key, word in words.items()]

    assets = [(a["id"], a["title"]) for a in document["assets"]]
    return {
        "sectors": pairs(SECTORS), "statuses": pairs(PROJECT_STATUSES), "kinds": pairs(FACTOR_KINDS),
        "headings": pairs(FACTOR_HEADINGS), "dimensions": pairs(titles),
        "projects": [(p["id"], p["name"]) for p in document["projects"]],
        "groups": [(s["id"], _(s["name"])) for s in document["stakeholders"]],
        "sources": assets + [(p["id"], p["name"]) for p in document["projects"]],
        "targets": assets + [(o["id"], o["title"]) for o in document["outcomes"]],
    }  # fmt: skip


def _map(request: Request, document: dict[str, Any]) -> dict[str, Any]:
    """The plan's static map: wards its projects cover in blue, aligned register assets as dots."""
    found = plan_map(_engine(request), request.app.state.data_dir, document)
    features = [
        {
            **f,
            "properties": {
                **f["properties"],
                "colour": "#5694ca" if f["properties"]["code"] in found.covered else "#f3f2f1",
            },
        }
        for f in found.boundaries["features"]
    ]
    points = [(p["longitude"], p["latitude"], p["label"]) for p in found.points]
    svg = areas_map({"type": "FeatureCollection", "features": features}, points=points) if features else ""
    names = {f["properties"]["code"]: f["properties"].get("name", "") for f in features}
    covered = [(code, names.get(code, code), projects) for code, projects in sorted(found.covered.items())]
    return {"map_svg": svg, "map_points": found.points, "map_covered": covered}


def _read(request: Request, plan_id: str) -> tuple[plan_service.StoredPlan, Account | None]:
    account = current_account(request)
    key = request.query_params.get("key")
    return plan_service.read_plan(_engine(request), plan_id, account, key), account


@router.get("/plans/{plan_id}", response_class=HTMLResponse)
def plan_page(request: Request, plan_id: str) -> HTMLResponse:
    plan, account = _read(request, plan_id)
    return render_page(
        request, "plan.html", **plan_context(request, plan, account), errors=FormErrors(), form={}, shown=""
    )


@router.post("/plans/{plan_id}", response_model=None)
async def edit_plan(request: Request, plan_id: str) -> Response:
    form = await read_form(request)
    account = current_account(request)
    action = text(form, "action")
    edit: PlanEdit | None = EDITS.get(action)
    if edit is None:
        raise InputError(f"{action[:40]!r} is not a change this page makes", column="action")
    try:
        shown = edit(request.app.state.engine, plan_id, account, form, _version(form))
    except InputError as error:
        plan = plan_service.edit_plan_access(_engine(request), plan_id, account)
        errors = FormErrors()
        errors.add(f"form-{action}", _problem(error))
        return render_page(
            request,
            "plan.html",
            400,
            **plan_context(request, plan, account),
            errors=errors,
            form={k: v for k, v in form.items() if isinstance(v, str)},
            shown="",
        )
    if action == "delete_plan":
        return RedirectResponse(request.url_for("plans_page").path, status_code=303)
    target = request.url_for("plan_page", plan_id=plan_id).path
    anchor = ANCHORS
    if shown:  # a new link, shown once on the page (never put in an address)
        plan = plan_service.edit_plan_access(_engine(request), plan_id, account)
        return render_page(
            request,
            "plan.html",
            **plan_context(request, plan, account),
            errors=FormErrors(),
            form={},
            shown=shown,
            shown_kind=action,
        )
    return RedirectResponse(f"{target}#{anchor.get(action, 'plan')}", status_code=303)


def _version(form: FormData) -> int:
    try:
        return int(text(form, "version"))
    except ValueError:
        raise InputError("reload the page and try again", column="version") from None


@router.get("/plans/{plan_id}/tables/{name}.csv")
def plan_table_csv(request: Request, plan_id: str, name: str) -> Response:
    plan, _account = _read(request, plan_id)
    tables = plan_tables(analyse(plan.document))
    if name not in tables:
        raise NotFoundError(f"a plan has no table {name!r}")
    return csv_download(csv_text(tables[name]), f"plan-{name}")


def _report_html(request: Request, plan_id: str, pdf: bool) -> str:
    from healthassets.web.context import PageState

    plan, account = _read(request, plan_id)
    context = plan_context(request, plan, account)
    return templates.get_template("plan_report.html").render(
        **PageState.of(request).template_globals(), pdf=pdf, **context
    )


@router.get("/plans/{plan_id}/report", response_class=HTMLResponse)
def plan_report(request: Request, plan_id: str) -> HTMLResponse:
    return HTMLResponse(_report_html(request, plan_id, pdf=False))


@router.get("/plans/{plan_id}/report.pdf")
def plan_report_pdf(request: Request, plan_id: str) -> Response:
    import weasyprint  # imported on use: it loads Pango

    html = _report_html(request, plan_id, pdf=True)
    pdf = weasyprint.HTML(string=html, base_url=str(request.base_url)).write_pdf()
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="plan-{plan_id[:8]}.pdf"'},
    )


@router.get("/plans/scoring/{token}", response_class=HTMLResponse)
def scoring_page(request: Request, token: str) -> HTMLResponse:
    INVITED.hit(_engine(request), _client(request))
    invitation = plan_service.open_invitation(_engine(request), token)
    return _scoring(request, token, invitation, FormErrors(), {})


def _scoring(request: Request, token: str, invitation: plan_service.Invitation, errors: FormErrors,
             form: dict[str, str], status: int = 200) -> HTMLResponse:  # fmt: skip
    group = next(s for s in invitation.document["stakeholders"] if s["id"] == invitation.stakeholder)
    titles = {k: invitation.document["dimension_titles"].get(k) or v for k, v in DIMENSIONS.items()}
    return render_page(
        request,
        "plan_scoring.html",
        status,
        doc=invitation.document,
        group=group,
        token=token,
        errors=errors,
        form=form,
        csrf=csrf_token(request),
        dimension_titles=titles,
    )


@router.post("/plans/scoring/{token}", response_class=HTMLResponse)
async def score_plan(request: Request, token: str) -> HTMLResponse:
    form = await read_form(request)
    INVITED.hit(_engine(request), _client(request))
    invitation = plan_service.open_invitation(_engine(request), token)
    scores = {a["id"]: text(form, f"score-{a['id']}") for a in invitation.document["assets"]}
    try:
        plan_service.score_by_invitation(_engine(request), token, scores)
    except InputError as error:
        errors = FormErrors()
        errors.add("scores", _problem(error))
        return _scoring(request, token, invitation, errors, scores, 400)
    return render_page(request, "plan_scored.html", doc=invitation.document)
