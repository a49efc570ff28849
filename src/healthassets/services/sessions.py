"""Use case: signed-in sessions that the server can end (docs/adr/0043-revocable-sessions-and-limits.md).

Signing in issues a random token (``secrets.token_urlsafe(32)``: 256 bits) that the browser keeps in
its session cookie; the store keeps only ``sha256(token)`` with the account and an expiry
``SESSION_SECONDS`` after sign-in (absolute, not sliding). A request is signed in only while that row
exists, has not expired and the account is active, so signing out, changing the password and
deactivating an account end sessions at once — a copied cookie stops working.
"""

from __future__ import annotations

import hashlib
import secrets
import time

from healthassets.assets.vocabulary import Role
from healthassets.errors import InputError
from healthassets.services.accounts import Account, authenticate, set_password
from healthassets.services.passwords import check_password
from healthassets.store import Engine
from healthassets.store import sessions as store

#: a session lasts 8 hours from sign-in (the cookie's max-age is the same)
SESSION_SECONDS = 8 * 3600


def token_hash(token: str) -> str:
    """The stored form of a session token: its SHA-256 in hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(engine: Engine, user_id: int) -> str:
    """A new session for ``user_id``; returns the token for the cookie (never stored as such)."""
    token = secrets.token_urlsafe(32)
    now = int(time.time())
    store.add_session(engine, token_hash(token), user_id, now=now, expires_at=now + SESSION_SECONDS)
    return token


def session_account(engine: Engine, token: str) -> Account | None:
    """The account signed in with ``token``, or None when the session was ended, has expired or its
    account is deactivated."""
    if not token:
        return None
    row = store.live_session_user(engine, token_hash(token), now=int(time.time()))
    return Account(int(row.id), row.email, Role(row.role), True) if row is not None else None


def end_session(engine: Engine, token: str) -> None:
    """Sign out: the session with ``token`` no longer signs anyone in."""
    if token:
        store.remove_session(engine, token_hash(token))


def end_sessions_of(engine: Engine, user_id: int) -> int:
    """End every session of an account (all its browsers); returns how many were ended."""
    return store.remove_sessions_of(engine, user_id)


def change_password(engine: Engine, account: Account, current: str, new: str, confirm: str) -> str:
    """Change ``account``'s password after checking the current one; every session of the account
    ends (a stolen cookie with it) and a new one begins for this browser, whose token is returned.

    InputError naming the field (``current_password``, ``new_password`` — a
    :class:`~healthassets.services.passwords.PasswordRejected` saying which rule —,
    ``confirm_password``)."""
    if not current:
        raise InputError("Enter your current password", column="current_password")
    if authenticate(engine, account.email, current) is None:
        raise InputError("Your current password is not right", column="current_password")
    check_password(new, email=account.email, column="new_password")  # PasswordRejected
    if new != confirm:
        raise InputError("The new passwords do not match", column="confirm_password")
    set_password(engine, account.id, new, by=account.id, email=account.email)  # ends every session
    return start_session(engine, account.id)
