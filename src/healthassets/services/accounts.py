"""Use case: accounts — contributors, moderators and admins — with argon2 password hashes.

Passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106 low-memory profile) and never
stored or logged in clear; they follow NIST SP 800-63B (services.passwords: length, no composition
rules, no guessable password) wherever one is chosen. Every change is written to the audit log
without the hash.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from healthassets.assets.vocabulary import Role
from healthassets.errors import InputError, NotFoundError
from healthassets.services.passwords import MIN_LENGTH, check_password, normalise
from healthassets.store import Engine, accounts
from healthassets.store.sessions import remove_sessions_of

HASHER = PasswordHasher()
MIN_PASSWORD = MIN_LENGTH
#: a hash to verify against when the email is unknown, so timing does not reveal which emails exist
_DUMMY_HASH = HASHER.hash("not a real password, only for timing")


@dataclass(frozen=True)
class Account:
    id: int
    email: str
    role: Role
    active: bool

    @property
    def can_moderate(self) -> bool:
        return self.role in (Role.MODERATOR, Role.ADMIN)

    @property
    def can_plan(self) -> bool:
        """Planners (and admins) create place plans (issue 13)."""
        return self.role in (Role.PLANNER, Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


def normalise_email(email: str) -> str:
    text = (email or "").strip().lower()
    if "@" not in text or len(text) > 320 or text.startswith("@") or text.endswith("@"):
        raise InputError(f"{email!r} is not an email address", column="email")
    return text


def _account(row: Any) -> Account:
    return Account(row.id, row.email, Role(row.role), bool(row.active))


def create_account(
    engine: Engine, email: str, password: str, role: Role = Role.CONTRIBUTOR, *, by: int | None = None
) -> Account:
    address = normalise_email(email)
    chosen = check_password(password, email=address)
    user_id = accounts.create_user(engine, address, HASHER.hash(chosen), role.value, by=by)
    if user_id is None:
        raise InputError(f"an account for {address} already exists", column="email")
    return Account(int(user_id), address, role, True)


def authenticate(engine: Engine, email: str, password: str) -> Account | None:
    """The active account with this email and password, else None (same work either way)."""
    try:
        address = normalise_email(email)
    except InputError:
        address = ""
    row = accounts.user_by_email(engine, address)
    stored = row.password_hash if row is not None else _DUMMY_HASH
    typed = normalise(password)
    as_typed = False
    if not _verifies(stored, typed):
        # an account whose password was hashed as typed, before passwords were NFKC-normalised
        as_typed = typed != (password or "") and _verifies(stored, password)
        if not as_typed:
            return None
    if row is None or not row.active:
        return None
    if as_typed or HASHER.check_needs_rehash(stored):
        with engine.begin() as connection:
            accounts.set_password_hash(connection, row.id, HASHER.hash(typed), by=row.id, log=False)
    return _account(row)


def _verifies(stored: str, password: str) -> bool:
    try:
        return HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def get_account(engine: Engine, user_id: int) -> Account | None:
    row = accounts.user_by_id(engine, user_id)
    return _account(row) if row is not None and row.active else None


def list_accounts(engine: Engine) -> list[Account]:
    return [_account(r) for r in accounts.all_users(engine)]


def set_role(engine: Engine, user_id: int, role: Role, *, active: bool = True, by: int | None) -> None:
    with engine.begin() as connection:
        if not accounts.set_role(connection, user_id, role.value, active, by=by):
            raise NotFoundError(f"no account {user_id}")
        if not active:  # a deactivated account's cookies must not come back with a reactivation
            remove_sessions_of(connection, user_id)


def set_password(
    engine: Engine, user_id: int, password: str, *, by: int | None, email: str | None = None
) -> None:
    """A new password (checked against the rules, ``email`` among the words it must not be like);
    every session of the account ends."""
    chosen = check_password(password, email=email)
    with engine.begin() as connection:
        if not accounts.set_password_hash(connection, user_id, HASHER.hash(chosen), by=by, log=True):
            raise NotFoundError(f"no account {user_id}")
        remove_sessions_of(connection, user_id)  # a new password signs every browser out
