"""Sign in and out, change your password, and the administrators' page of accounts and roles.

Sign-in attempts are limited by failures only (a correct password never counts): per client address
and per account, so neither many addresses against one account nor one address against many
accounts gets far (docs/adr/0043-revocable-sessions-and-limits.md)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from healthassets.assets.vocabulary import LABELS, Role
from healthassets.errors import InputError
from healthassets.services.accounts import MIN_PASSWORD, authenticate, create_account, list_accounts, set_role
from healthassets.services.passwords import MAX_LENGTH, PasswordRejected, PasswordRule, meets_rules
from healthassets.services.sessions import change_password, end_session, start_session
from healthassets.services.site import Engine
from healthassets.web.accounts import current_account, require_account, require_admin
from healthassets.web.forms import FormErrors, read_form, text
from healthassets.web.i18n import gettext
from healthassets.web.messages import N_
from healthassets.web.pages import render_page
from healthassets.web.security import RateLimiter, client_key, csrf_token

router = APIRouter()


class SignInLimits:
    """Failed sign-ins: 5 a minute per client address, 10 in 15 minutes per account (email), counted
    in the database for every worker (docs/adr/0076)."""

    def __init__(self) -> None:
        self.by_address = RateLimiter("sign-in-address", limit=5, window=60)
        self.by_account = RateLimiter("sign-in-account", limit=10, window=15 * 60)

    def check(self, engine: Engine, address: str, email: str) -> None:
        """TooManyRequests when the address or the account has failed too often lately."""
        self.by_address.check(engine, address)
        self.by_account.check(engine, email.strip().lower())

    def failed(self, engine: Engine, address: str, email: str) -> None:
        self.by_address.record(engine, address)
        self.by_account.record(engine, email.strip().lower())

    def reset(self, engine: Engine) -> None:
        self.by_address.reset(engine)
        self.by_account.reset(engine)


LOGINS = SignInLimits()


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
    email, target = text(form, "email"), safe_next(text(form, "next"))
    address = client_key(request)
    LOGINS.check(request.app.state.engine, address, email)
    # argon2 costs tens of milliseconds of CPU by design: not on the event loop
    account = await run_in_threadpool(authenticate, request.app.state.engine, email, text(form, "password"))
    if account is None:
        LOGINS.failed(request.app.state.engine, address, email)
        errors = FormErrors()
        errors.add("email", gettext("Enter a correct email address and password"))
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
    previous = request.session.get("sid")
    if isinstance(previous, str):  # signing in again (as anyone) ends the session this browser had
        end_session(request.app.state.engine, previous)
    request.session.clear()
    request.session["sid"] = start_session(request.app.state.engine, account.id)
    csrf_token(request)  # a fresh token for the new session
    if not await run_in_threadpool(meets_rules, text(form, "password"), email=account.email):
        # a password chosen under older rules: ask for a new one at once (ASVS 2.1.7)
        return RedirectResponse("/account/password?renew=1", status_code=303)
    return RedirectResponse(target, status_code=303)


@router.post("/logout", response_model=None)
async def logout(request: Request) -> Response:
    """Sign out: the session ends in the store, so a copy of the cookie no longer works."""
    await read_form(request)
    token = request.session.get("sid")
    if isinstance(token, str):
        end_session(request.app.state.engine, token)
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
        min_length=MIN_PASSWORD,
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
            await run_in_threadpool(
                create_account, engine, text(form, "email"), text(form, "password"), role, by=admin.id
            )
        else:
            user_id = int(text(form, "user_id") or 0)
            if user_id == admin.id and (role != Role.ADMIN or text(form, "active") != "yes"):
                raise InputError("you cannot remove your own administrator rights", column="role")
            set_role(engine, user_id, role, active=text(form, "active") == "yes", by=admin.id)
    except PasswordRejected as error:
        errors = FormErrors()
        errors.add("password", password_message(error, new=False))
        return users_page(request, errors, status=400)
    except (InputError, ValueError) as error:
        errors = FormErrors()
        errors.add(getattr(error, "column", None) or "email", str(getattr(error, "reason", error)))
        return users_page(request, errors, status=400)
    return RedirectResponse("/admin/users", status_code=303)


def password_message(error: PasswordRejected, *, new: bool) -> str:
    """The rule a chosen password broke, in the visitor's language (GOV.UK error message style)."""
    if error.rule is PasswordRule.TOO_SHORT:
        if new:
            return gettext("Enter a new password of at least %(count)s characters") % {"count": MIN_PASSWORD}
        return gettext("Enter a password of at least %(count)s characters") % {"count": MIN_PASSWORD}
    if error.rule is PasswordRule.TOO_LONG:
        return gettext("Enter a password of %(count)s characters or fewer") % {"count": MAX_LENGTH}
    return gettext(
        "Choose a password that is harder to guess: not a common password, a pattern, or words from "
        "the email address or the site’s name"
    )


#: the password form's messages (services.sessions.change_password raises them; listed for gettext)
PASSWORD_MESSAGES = (
    N_("Enter your current password"),
    N_("Your current password is not right"),
    N_("The new passwords do not match"),
)


def password_page(request: Request, errors: FormErrors | None = None, status: int = 200) -> HTMLResponse:
    account = require_account(request)
    return render_page(
        request,
        "password.html",
        status_code=status,
        account=account,
        csrf=csrf_token(request),
        errors=errors or FormErrors(),
        changed=request.query_params.get("changed") == "1" and not errors,
        renew=request.query_params.get("renew") == "1",
        min_length=MIN_PASSWORD,
    )


@router.get("/account/password", response_class=HTMLResponse)
def password_form(request: Request) -> HTMLResponse:
    return password_page(request)


@router.post("/account/password", response_model=None)
async def change_password_post(request: Request) -> Response:
    """Change the signed-in account's password: the current one is required, every other session of
    the account ends and this browser gets a new session."""
    form = await read_form(request)
    account = require_account(request)
    address = client_key(request)
    LOGINS.check(request.app.state.engine, address, account.email)
    engine = request.app.state.engine
    try:
        token = await run_in_threadpool(
            change_password,
            engine,
            account,
            text(form, "current_password"),
            text(form, "new_password"),
            text(form, "confirm_password"),
        )
    except InputError as error:
        if error.column == "current_password" and text(form, "current_password"):
            LOGINS.failed(engine, address, account.email)
        errors = FormErrors()
        if isinstance(error, PasswordRejected):
            reason = password_message(error, new=True)
        else:
            reason = gettext(error.reason)
        errors.add(error.column or "new_password", reason)
        return password_page(request, errors, status=400)
    request.session.clear()
    request.session["sid"] = token
    csrf_token(request)
    return RedirectResponse("/account/password?changed=1", status_code=303)
