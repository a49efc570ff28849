"""Who is asking: the signed-in account of a request, and permission checks for routes."""

from __future__ import annotations

from fastapi import Request

from healthassets.services.accounts import Account, get_account
from healthassets.web.security import Forbidden, NotSignedIn


def current_account(request: Request) -> Account | None:
    user_id = request.session.get("uid")
    if not isinstance(user_id, int):
        return None
    return get_account(request.app.state.engine, user_id)


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
