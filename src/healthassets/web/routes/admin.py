"""Administrators: the register's taxonomies (fixed vocabularies with their use, free tags to rename
or merge) and the audit log."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from healthassets.assets.vocabulary import LABELS, AssetType, Dimension, FiveWays
from healthassets.errors import InputError
from healthassets.services.taxonomy_admin import audit_entries, rename_tag, tag_counts, vocabulary_counts
from healthassets.web.accounts import require_admin
from healthassets.web.forms import FormErrors, read_form, text
from healthassets.web.pages import render_page
from healthassets.web.security import csrf_token

router = APIRouter()


def taxonomy_page(request: Request, errors: FormErrors | None = None, status: int = 200) -> HTMLResponse:
    account = require_admin(request)
    engine = request.app.state.engine
    counts = vocabulary_counts(engine)
    return render_page(
        request,
        "taxonomies.html",
        status_code=status,
        account=account,
        csrf=csrf_token(request),
        errors=errors or FormErrors(),
        vocabularies=[
            (title, [(LABELS[term], counts[key].get(term.value, 0)) for term in kind])
            for title, kind, key in (
                ("Kind of asset", AssetType, "types"),
                ("Dimensions", Dimension, "dimensions"),
                ("Five Ways to Wellbeing", FiveWays, "five_ways"),
            )
        ],
        tags=tag_counts(engine),
        done=request.query_params.get("done"),
    )


@router.get("/admin/taxonomies", response_class=HTMLResponse)
def taxonomies(request: Request) -> HTMLResponse:
    return taxonomy_page(request)


@router.post("/admin/taxonomies", response_model=None)
async def retag(request: Request) -> Response:
    form = await read_form(request)
    admin = require_admin(request)
    try:
        changed = rename_tag(
            request.app.state.engine, text(form, "old_tag"), text(form, "new_tag"), by=admin.id
        )
    except InputError as error:
        errors = FormErrors()
        errors.add("new_tag", error.reason)
        return taxonomy_page(request, errors, status=400)
    return RedirectResponse(f"/admin/taxonomies?done={changed}", status_code=303)


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_log(request: Request) -> HTMLResponse:
    account = require_admin(request)
    entity = request.query_params.get("entity") or None
    entity_id = request.query_params.get("entity_id") or None
    entries = audit_entries(request.app.state.engine, entity=entity, entity_id=entity_id)
    return render_page(
        request, "audit.html", account=account, csrf=csrf_token(request), entries=entries.to_dict("records"),
        entity=entity or "", entity_id=entity_id or "",
    )  # fmt: skip
