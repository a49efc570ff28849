"""``/moderation``: the queue of submitted assets and stories, decisions with reasons, soft delete,
erasure on request, stale assets to re-verify, and bulk import/export of the register."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from healthassets.assets.search import AssetFilter
from healthassets.assets.vocabulary import Status
from healthassets.errors import ImportValidationError, InputError
from healthassets.services.asset_edits import approve_revision, pending_edits, reject_revision
from healthassets.services.assets import export_assets, import_asset_file
from healthassets.services.assets_moderation import (
    change_status,
    erase_asset,
    mark_verified,
    soft_delete,
    stale_assets,
    submitted_assets,
)
from healthassets.services.stories import change_story_status, erase_story, submitted_stories
from healthassets.web.accounts import require_moderator
from healthassets.web.forms import FormErrors, read_form, text
from healthassets.web.pages import render_page
from healthassets.web.security import csrf_token

router = APIRouter()
MAX_IMPORT_BYTES = 20 * 1024 * 1024


def refresh_indicators(request: Request) -> None:
    """Asset counts and access on the profiles follow what is published: a background refresh
    (:mod:`healthassets.services.asset_refresh`); its new batches change the data version."""
    request.app.state.asset_refresher.request()


def queue_page(
    request: Request, *, errors: FormErrors | None = None, status: int = 200, done: str | None = None
) -> HTMLResponse:
    engine = request.app.state.engine
    account = require_moderator(request)
    submitted = submitted_assets(engine)
    stories = submitted_stories(engine)
    edits = pending_edits(engine)
    stale = stale_assets(engine).head(50)
    return render_page(
        request,
        "moderation.html",
        status_code=status,
        account=account,
        submitted=submitted.to_dict("records"),
        stories=stories,
        edits=edits,
        stale=stale.to_dict("records") if isinstance(stale, pd.DataFrame) else [],
        csrf=csrf_token(request),
        errors=errors or FormErrors(),
        done=done or request.query_params.get("done"),
    )


@router.get("/moderation", response_class=HTMLResponse)
def moderation(request: Request) -> HTMLResponse:
    return queue_page(request)


DECISIONS = {
    "approve": Status.PUBLISHED,
    "reject": Status.REJECTED,
    "archive": Status.ARCHIVED,
    "return": Status.DRAFT,
}


@router.post("/moderation/assets/{asset_id}", response_model=None)
async def decide_asset(request: Request, asset_id: str) -> Response:
    form = await read_form(request)
    account = require_moderator(request)
    engine = request.app.state.engine
    action = text(form, "action")
    try:
        if action in DECISIONS:
            change_status(
                engine, asset_id, DECISIONS[action], user_id=account.id, reason=text(form, "reason") or None
            )
        elif action == "verify":
            mark_verified(engine, asset_id, user_id=account.id)
        elif action in ("delete", "restore"):
            soft_delete(engine, asset_id, user_id=account.id, restore=action == "restore")
        elif action == "erase":
            if text(form, "confirm") != "erase":
                raise InputError("type erase to confirm erasing this asset for good", column="confirm")
            erase_asset(engine, asset_id, user_id=account.id)
        else:
            raise InputError(f"unknown action {action!r}", column="action")
    except InputError as error:
        errors = FormErrors()
        errors.add(f"reason-{asset_id}", error.reason)
        return queue_page(request, errors=errors, status=400)
    if action in ("approve", "archive", "delete", "restore", "erase", "return"):
        refresh_indicators(request)
    if action in ("erase",):
        return RedirectResponse(f"/moderation?done={action}", status_code=303)
    back = text(form, "back")
    if back.startswith("/assets/"):
        return RedirectResponse(back, status_code=303)
    return RedirectResponse(f"/moderation?done={action}", status_code=303)


@router.post("/moderation/edits/{revision_id}", response_model=None)
async def decide_edit(request: Request, revision_id: int) -> Response:
    """Approve a contributor's edit of a published asset (it replaces the published record) or
    reject it with a reason (the published record stays)."""
    form = await read_form(request)
    account = require_moderator(request)
    engine = request.app.state.engine
    action = text(form, "action")
    try:
        if action == "approve":
            approve_revision(engine, revision_id, user_id=account.id, data_dir=request.app.state.data_dir)
        elif action == "reject":
            reject_revision(engine, revision_id, user_id=account.id, reason=text(form, "reason") or None)
        else:
            raise InputError(f"unknown action {action!r}", column="action")
    except InputError as error:
        errors = FormErrors()
        errors.add(f"edit-reason-{revision_id}", error.reason)
        return queue_page(request, errors=errors, status=400)
    if action == "approve":
        refresh_indicators(request)
    return RedirectResponse(f"/moderation?done=edit-{action}", status_code=303)


@router.post("/moderation/stories/{story_id}", response_model=None)
async def decide_story(request: Request, story_id: str) -> Response:
    form = await read_form(request)
    account = require_moderator(request)
    engine = request.app.state.engine
    action = text(form, "action")
    if action == "erase":
        erase_story(engine, story_id, user_id=account.id)
    elif action in ("approve", "reject"):
        change_story_status(engine, story_id, DECISIONS[action], user_id=account.id)
    else:
        raise InputError(f"unknown action {action!r}", column="action")
    return RedirectResponse(f"/moderation?done=story-{action}", status_code=303)


@router.post("/moderation/import", response_model=None)
async def bulk_import(request: Request) -> Response:
    """Import a CSV or GeoJSON file of assets, all or nothing; errors name row and field."""
    form = await read_form(request)
    account = require_moderator(request)
    upload = form.get("file")
    errors = FormErrors()
    if not isinstance(upload, UploadFile) or not upload.filename:
        errors.add("file", "Choose a CSV or GeoJSON file")
        return queue_page(request, errors=errors, status=400)
    suffix = Path(upload.filename).suffix.lower()
    if suffix not in (".csv", ".geojson", ".json"):
        errors.add("file", "The file must be a CSV or GeoJSON file")
        return queue_page(request, errors=errors, status=400)
    data = await upload.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        errors.add("file", "The file is larger than 20 MB")
        return queue_page(request, errors=errors, status=400)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(upload.filename).name
        path.write_bytes(data)
        try:
            report = await run_in_threadpool(  # parsing 20 MB must not stall every other request
                import_asset_file,
                request.app.state.engine,
                path,
                request.app.state.data_dir,
                status=Status.SUBMITTED if text(form, "review") == "yes" else Status.PUBLISHED,
                source=text(form, "source") or None,
                user_id=account.id,
            )
        except ImportValidationError as error:
            for problem in error.problems[:20]:
                errors.add(
                    "file", f"{upload.filename}, row {problem.row}, {problem.column}: {problem.reason}"
                )
            if len(error.problems) > 20:
                errors.add("file", f"… and {len(error.problems) - 20} more problems; nothing was imported")
            return queue_page(request, errors=errors, status=400)
        except InputError as error:
            errors.add("file", f"{upload.filename}: {error}")
            return queue_page(request, errors=errors, status=400)
    return RedirectResponse(f"/moderation?done=imported-{len(report.ids)}", status_code=303)


@router.get("/assets/export.{fmt}")
def export(request: Request, fmt: str) -> Response:
    """Published assets as CSV or GeoJSON (the bulk import layout); people's contact data left out."""
    if fmt not in ("csv", "geojson"):
        raise InputError("export as csv or geojson", column="format")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"assets.{fmt}"
        export_assets(request.app.state.engine, path, AssetFilter(), public=True)
        data = path.read_bytes()
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/geo+json"
    return Response(
        data, media_type=media, headers={"Content-Disposition": f'attachment; filename="assets.{fmt}"'}
    )
