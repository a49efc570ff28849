"""Who is asking: the signed-in account of a request, and permission checks for routes.

The session cookie carries a session token (``sid``); the account is the one whose live session in
the store has that token (services.sessions), so a signed-out, expired or deactivated session signs
nobody in even when its cookie is replayed."""

from __future__ import annotations

from fastapi import Request

from healthassets.services.accounts import Account
from healthassets.services.sessions import session_account
from healthassets.web.security import Forbidden, NotSignedIn


def current_account(request: Request) -> Account | None:
    """The signed-in account (looked up once per request), or None. A session token the store no
    longer knows is dropped from the cookie."""
    state = request.scope.setdefault("state", {})
    if "signed_in_account" in state:
        found: Account | None = state["signed_in_account"]
        return found
    token = request.session.get("sid")
    account = session_account(request.app.state.engine, token) if isinstance(token, str) else None
    if account is None and token is not None:
        request.session.pop("sid", None)
    state["signed_in_account"] = account
    return account


def require_account(request: Request) -> Account:
    account = current_account(request)
    if account is None:
        raise NotSignedIn("sign in to continue")
    return account


def require_moderator(request: Request) -> Account:
    account = require_account(request)
    if not account.can_moderate:
        raise Forbidden("only moderators can do this")
    return account


def require_admin(request: Request) -> Account:
    account = require_account(request)
    if not account.is_admin:
        raise Forbidden("only administrators can do this")
    return account


def may_edit(account: Account | None, asset: dict[str, object]) -> bool:
    """Moderators edit anything; contributors their own assets."""
    if account is None:
        return False
    return account.can_moderate or asset.get("created_by") == account.id
