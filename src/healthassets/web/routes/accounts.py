"""Sign in and out, and the administrators' page of accounts and roles."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from healthassets.assets.vocabulary import LABELS, Role
from healthassets.errors import InputError
from healthassets.services.accounts import authenticate, create_account, list_accounts, set_role
from healthassets.web.accounts import current_account, require_admin
from healthassets.web.forms import FormErrors, read_form, text
from healthassets.web.pages import render_page
from healthassets.web.security import RateLimiter, client_key, csrf_token

router = APIRouter()
#: sign-in attempts per address: 5 a minute
LOGINS = RateLimiter(limit=5, window=60)


def safe_next(target: str) -> str:
    """Only local paths (no open redirect)."""
    return target if target.startswith("/") and not target.startswith("//") else "/assets"


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> HTMLResponse:
    return render_page(
        request,
        "login.html",
        account=current_account(request),
        csrf=csrf_token(request),
        errors=FormErrors(),
        next=safe_next(request.query_params.get("next", "/assets")),
        email="",
    )


@router.post("/login", response_model=None)
async def login(request: Request) -> Response:
    form = await read_form(request)
    LOGINS.hit(f"login:{client_key(request)}")
    email, target = text(form, "email"), safe_next(text(form, "next"))
    account = authenticate(request.app.state.engine, email, text(form, "password"))
    if account is None:
        errors = FormErrors()
        errors.add("email", "Enter a correct email address and password")
        return render_page(
            request,
            "login.html",
            status_code=400,
            account=None,
            csrf=csrf_token(request),
            errors=errors,
            next=target,
            email=email,
        )
    request.session.clear()
    request.session["uid"] = account.id
    csrf_token(request)  # a fresh token for the new session
    return RedirectResponse(target, status_code=303)


@router.post("/logout", response_model=None)
async def logout(request: Request) -> Response:
    await read_form(request)
    request.session.clear()
    return RedirectResponse("/", status_code=303)


def users_page(request: Request, errors: FormErrors | None = None, status: int = 200) -> HTMLResponse:
    account = require_admin(request)
    return render_page(
        request,
        "users.html",
        status_code=status,
        account=account,
        accounts=list_accounts(request.app.state.engine),
        roles=[(r.value, LABELS[r]) for r in Role],
        csrf=csrf_token(request),
        errors=errors or FormErrors(),
    )


@router.get("/admin/users", response_class=HTMLResponse)
def users(request: Request) -> HTMLResponse:
    return users_page(request)


@router.post("/admin/users", response_model=None)
async def change_users(request: Request) -> Response:
    form = await read_form(request)
    admin = require_admin(request)
    engine = request.app.state.engine
    try:
        role = Role(text(form, "role") or "contributor")
    except ValueError:
        role = Role.CONTRIBUTOR
    try:
        if text(form, "action") == "create":
            create_account(engine, text(form, "email"), text(form, "password"), role, by=admin.id)
        else:
            user_id = int(text(form, "user_id") or 0)
            if user_id == admin.id and (role != Role.ADMIN or text(form, "active") != "yes"):
                raise InputError("you cannot remove your own administrator rights", column="role")
            set_role(engine, user_id, role, active=text(form, "active") == "yes", by=admin.id)
    except (InputError, ValueError) as error:
        errors = FormErrors()
        errors.add(getattr(error, "column", None) or "email", str(getattr(error, "reason", error)))
        return users_page(request, errors, status=400)
    return RedirectResponse("/admin/users", status_code=303)
