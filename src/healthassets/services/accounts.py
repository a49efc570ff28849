"""Use case: accounts — contributors, moderators and admins — with argon2 password hashes.

Passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106 low-memory profile) and never
stored or logged in clear. Every change is written to the audit log without the hash.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, func, select, update

from healthassets.assets.vocabulary import Role
from healthassets.errors import InputError, NotFoundError
from healthassets.store.assets import add_user, audit
from healthassets.store.models import User
from healthassets.store.sessions import remove_sessions_of

HASHER = PasswordHasher()
MIN_PASSWORD = 12
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
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


def normalise_email(email: str) -> str:
    text = (email or "").strip().lower()
    if "@" not in text or len(text) > 320 or text.startswith("@") or text.endswith("@"):
        raise InputError(f"{email!r} is not an email address", column="email")
    return text


def check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise InputError(f"the password needs at least {MIN_PASSWORD} characters", column="password")


USER_COLUMNS = (User.id, User.email, User.role, User.active, User.password_hash)


def _account(row: Any) -> Account:
    return Account(row.id, row.email, Role(row.role), bool(row.active))


def create_account(
    engine: Engine, email: str, password: str, role: Role = Role.CONTRIBUTOR, *, by: int | None = None
) -> Account:
    address = normalise_email(email)
    check_password(password)
    with engine.begin() as connection:
        taken = connection.execute(
            select(func.count()).select_from(User).where(User.email == address)
        ).scalar_one()
        if taken:
            raise InputError(f"an account for {address} already exists", column="email")
        user_id = add_user(connection, address, HASHER.hash(password), role.value, by=by)
    return Account(int(user_id), address, role, True)


def authenticate(engine: Engine, email: str, password: str) -> Account | None:
    """The active account with this email and password, else None (same work either way)."""
    try:
        address = normalise_email(email)
    except InputError:
        address = ""
    with engine.connect() as connection:
        row = connection.execute(select(*USER_COLUMNS).where(User.email == address)).first()
    stored = row.password_hash if row is not None else _DUMMY_HASH
    try:
        HASHER.verify(stored, password or "")
    except (VerificationError, InvalidHashError):
        return None
    if row is None or not row.active:
        return None
    if HASHER.check_needs_rehash(stored):
        with engine.begin() as connection:
            connection.execute(
                update(User).where(User.id == row.id).values(password_hash=HASHER.hash(password))
            )
    return _account(row)


def get_account(engine: Engine, user_id: int) -> Account | None:
    with engine.connect() as connection:
        row = connection.execute(select(*USER_COLUMNS).where(User.id == user_id)).first()
    return _account(row) if row is not None and row.active else None


def list_accounts(engine: Engine) -> list[Account]:
    with engine.connect() as connection:
        return [_account(r) for r in connection.execute(select(*USER_COLUMNS).order_by(User.email))]


def set_role(engine: Engine, user_id: int, role: Role, *, active: bool = True, by: int | None) -> None:
    with engine.begin() as connection:
        row = connection.execute(select(*USER_COLUMNS).where(User.id == user_id)).first()
        if row is None:
            raise NotFoundError(f"no account {user_id}")
        before = {"role": row.role, "active": row.active}
        connection.execute(update(User).where(User.id == user_id).values(role=role.value, active=active))
        if not active:  # a deactivated account's cookies must not come back with a reactivation
            remove_sessions_of(connection, user_id)
        audit(
            connection,
            "update",
            "user",
            str(user_id),
            user_id=by,
            before=before,
            after={"role": role.value, "active": active},
        )


def set_password(engine: Engine, user_id: int, password: str, *, by: int | None) -> None:
    check_password(password)
    with engine.begin() as connection:
        changed = connection.execute(
            update(User).where(User.id == user_id).values(password_hash=HASHER.hash(password))
        ).rowcount
        if not changed:
            raise NotFoundError(f"no account {user_id}")
        remove_sessions_of(connection, user_id)  # a new password signs every browser out
        audit(connection, "password", "user", str(user_id), user_id=by)
