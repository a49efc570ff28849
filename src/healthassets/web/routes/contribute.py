"""Adding to the register: suggest or edit an asset (GOV.UK form patterns with error summaries) and
add a story with an optional photo. Visitors need no account (honeypot + rate limit); contributors
edit their own assets, moderators any."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from healthassets.assets.records import ASSET_COLUMNS, validate_assets
from healthassets.assets.vocabulary import Status
from healthassets.errors import ImportValidationError, InputError
from healthassets.geography.postcodes import has_postcodes, locate
from healthassets.services.asset_edits import update_asset
from healthassets.services.assets_moderation import create_asset, get_asset
from healthassets.services.stories import StoryInput, add_story, story_problems
from healthassets.web.accounts import current_account, may_edit
from healthassets.web.forms import FormErrors, is_robot, read_form, text, values
from healthassets.web.pages import render_page
from healthassets.web.photos import clean_photo_off_loop
from healthassets.web.routes.assets import LABEL_OF, vocabulary
from healthassets.web.security import Forbidden, RateLimiter, client_key, csrf_token

router = APIRouter()
#: suggestions and stories per visitor address: 10 an hour
SUBMISSIONS = RateLimiter("submissions", limit=10, window=3600)
TEXT_FIELDS = [
    "name", "description", "address", "postcode", "opening_times", "email", "phone", "website", "cost",
    "accessibility", "organisation_name", "tags", "latitude", "longitude",
]  # fmt: skip


def fields_of(form: FormData, data_dir: Path, errors: FormErrors) -> dict[str, Any]:
    """Asset fields from the form; a postcode without coordinates is geocoded when the lookup exists."""
    fields: dict[str, Any] = {name: text(form, name) for name in TEXT_FIELDS}
    fields["tags"] = ";".join(t.strip() for t in fields["tags"].replace(";", ",").split(",") if t.strip())
    fields["asset_type"] = text(form, "asset_type")
    fields["dimensions"] = ";".join(values(form, "dimensions"))
    fields["five_ways"] = ";".join(values(form, "five_ways"))
    fields["physical"] = text(form, "physical") or "yes"
    person = text(form, "is_person") == "yes"
    fields["is_person"] = "yes" if person else "no"
    if person and text(form, "consent") != "yes":
        errors.add_problem("consent", "missing")
    if person:
        fields["consent_recorded_at"] = "now"
    if not fields["latitude"] and not fields["longitude"] and fields["postcode"] and has_postcodes(data_dir):
        found = locate(data_dir, fields["postcode"])
        if found is None:
            errors.add_problem("postcode", "not found in the postcode lookup")
        else:
            fields["latitude"], fields["longitude"] = (f"{found[0]:.6f}", f"{found[1]:.6f}")
    kept = {k: v for k, v in fields.items() if v not in ("", None)}
    every_field_checked(kept, errors)
    return kept


def every_field_checked(fields: dict[str, Any], errors: FormErrors) -> None:
    """Every field's problems at once (the register's own rules), so one submission shows them all."""
    frame = pd.DataFrame([{k: v for k, v in fields.items() if k in ASSET_COLUMNS}])
    for problem in validate_assets(frame, default_status=Status.SUBMITTED).problems:
        errors.add_problem(problem.column or "name", problem.reason)


def form_page(
    request: Request,
    *,
    asset: dict[str, Any] | None,
    form: dict[str, Any],
    errors: FormErrors,
    status: int = 200,
) -> HTMLResponse:
    return render_page(
        request,
        "asset_form.html",
        status_code=status,
        account=current_account(request),
        asset=asset,
        form=form,
        errors=errors,
        csrf=csrf_token(request),
        **vocabulary(),
    )


@router.get("/assets/new", response_class=HTMLResponse)
def new_asset(request: Request) -> HTMLResponse:
    return form_page(request, asset=None, form={}, errors=FormErrors())


@router.post("/assets/new", response_model=None)
async def create(request: Request) -> Response:
    form = await read_form(request)
    account = current_account(request)
    if is_robot(form):
        return RedirectResponse("/assets?submitted=1", status_code=303)
    SUBMISSIONS.hit(request.app.state.engine, f"submit:{client_key(request)}")
    errors = FormErrors()
    data_dir = request.app.state.data_dir
    fields = fields_of(form, data_dir, errors)
    shown = {**fields, "dimensions": values(form, "dimensions"), "five_ways": values(form, "five_ways")}
    if errors:
        return form_page(request, asset=None, form=shown, errors=errors, status=400)
    if account is None:
        fields["source"] = "suggested by a visitor"
    try:
        asset_id = create_asset(
            request.app.state.engine,
            fields,
            user_id=account.id if account else None,
            status=Status.SUBMITTED,
            data_dir=data_dir,
        )
    except (ImportValidationError, InputError) as error:
        return form_page(request, asset=None, form=shown, errors=FormErrors.from_error(error), status=400)
    if account is None:
        return RedirectResponse("/assets?submitted=1", status_code=303)
    return RedirectResponse(f"/assets/{asset_id}?submitted=1", status_code=303)


def editable(request: Request, asset_id: str) -> dict[str, Any]:
    account = current_account(request)
    record = get_asset(request.app.state.engine, asset_id, public=False)
    if not may_edit(account, record):
        raise Forbidden("you can edit only the assets you added")
    return record


@router.get("/assets/{asset_id}/edit", response_class=HTMLResponse)
def edit_asset(request: Request, asset_id: str) -> HTMLResponse:
    record = editable(request, asset_id)
    form = {**record, "dimensions": record.get("dimensions", []), "five_ways": record.get("five_ways", [])}
    form["tags"] = ", ".join(record.get("tags") or [])
    form["physical"] = "yes" if record.get("physical") else "no"
    form["is_person"] = "yes" if record.get("is_person") else "no"
    return form_page(request, asset=record, form=form, errors=FormErrors())


@router.post("/assets/{asset_id}/edit", response_model=None)
async def save_asset(request: Request, asset_id: str) -> Response:
    form = await read_form(request)
    record = editable(request, asset_id)
    account = current_account(request)
    errors = FormErrors()
    fields = fields_of(form, request.app.state.data_dir, errors)
    shown = {**fields, "dimensions": values(form, "dimensions"), "five_ways": values(form, "five_ways")}
    if errors:
        return form_page(request, asset=record, form=shown, errors=errors, status=400)
    cleared = {name: "" for name in TEXT_FIELDS if name not in fields}
    try:
        edit = update_asset(
            request.app.state.engine,
            asset_id,
            {**cleared, **fields, "five_ways": fields.get("five_ways", "")},
            user_id=account.id if account else None,
            by_moderator=bool(account and account.can_moderate),
            data_dir=request.app.state.data_dir,
        )
    except (ImportValidationError, InputError) as error:
        return form_page(request, asset=record, form=shown, errors=FormErrors.from_error(error), status=400)
    if edit.pending_revision is not None:  # a published asset: the edit waits for a moderator
        return RedirectResponse(f"/assets/{asset_id}?pending=1", status_code=303)
    return RedirectResponse(f"/assets/{asset_id}?saved=1", status_code=303)


@router.post("/assets/{asset_id}/stories", response_model=None)
async def post_story(request: Request, asset_id: str) -> Response:
    form = await read_form(request)
    engine = request.app.state.engine
    record = get_asset(engine, asset_id, public=True)
    if is_robot(form):
        return RedirectResponse(f"/assets/{asset_id}?story=1#stories", status_code=303)
    SUBMISSIONS.hit(engine, f"story:{client_key(request)}")
    account = current_account(request)
    photo, photo_type = None, None
    upload = form.get("photo")
    errors = FormErrors()
    story = StoryInput(
        title=text(form, "title"), body=text(form, "body"), author_name=text(form, "author_name") or None,
    )  # fmt: skip
    for problem in story_problems(story):
        errors.add_problem(problem.column or "title", problem.reason)
    if isinstance(upload, UploadFile) and upload.filename:
        try:
            photo, photo_type = await clean_photo_off_loop(await upload.read())
        except InputError as error:
            errors.add_problem("photo", error.reason)
    story.photo, story.photo_type = photo, photo_type
    if not errors:
        try:
            add_story(engine, asset_id, story, user_id=account.id if account else None)
            return RedirectResponse(f"/assets/{asset_id}?story=1#stories", status_code=303)
        except (ImportValidationError, InputError) as error:
            errors = FormErrors.from_error(error)
    return render_page(
        request,
        "asset.html",
        status_code=400,
        account=account,
        asset=record,
        public=True,
        can_edit=may_edit(account, record),
        labels=LABEL_OF,
        csrf=csrf_token(request),
        story_errors=errors,
        story_form={"title": story.title, "body": story.body, "author_name": story.author_name or ""},
    )
