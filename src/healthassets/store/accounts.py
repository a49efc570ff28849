"""Queries over accounts (contributors, moderators, admins). Passwords arrive hashed: the store never
sees one in clear (services.accounts hashes them)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update

from healthassets.store.audit import audit, now
from healthassets.store.models import User

USER_COLUMNS = (User.id, User.email, User.role, User.active, User.password_hash)


def add_user(
    connection: Connection,
    email: str,
    password_hash: str,
    role: str = "contributor",
    *,
    by: int | None = None,
) -> int:
    """A new account (the caller hashes the password: services.accounts.create_account); returns its
    id. Audited as done by account ``by``."""
    address = email.strip().lower()
    user_id = connection.execute(
        insert(User)
        .values(email=address, password_hash=password_hash, role=role, active=True, created_at=now())
        .returning(User.id)
    ).scalar_one()
    audit(connection, "create", "user", str(user_id), user_id=by, after={"email": address, "role": role})
    return int(user_id)


def create_user(engine: Engine, email: str, password_hash: str, role: str, *, by: int | None) -> int | None:
    """:func:`add_user` in its own transaction; None when the email already has an account."""
    with engine.begin() as connection:
        taken = connection.execute(select(func.count()).select_from(User).where(User.email == email))
        if taken.scalar_one():
            return None
        return add_user(connection, email, password_hash, role, by=by)


def user_by_email(engine: Engine, email: str) -> Any | None:
    """The account row (id, email, role, active, password_hash) with this email, or None."""
    with engine.connect() as connection:
        return connection.execute(select(*USER_COLUMNS).where(User.email == email)).first()


def user_by_id(engine: Engine, user_id: int) -> Any | None:
    """The account row (id, email, role, active, password_hash) with this id, or None."""
    with engine.connect() as connection:
        return connection.execute(select(*USER_COLUMNS).where(User.id == user_id)).first()


def all_users(engine: Engine) -> list[Any]:
    """Every account row, by email."""
    with engine.connect() as connection:
        return list(connection.execute(select(*USER_COLUMNS).order_by(User.email)))


def set_password_hash(
    connection: Connection, user_id: int, password_hash: str, *, by: int | None, log: bool
) -> bool:
    """Store a new hash (audited as a password change when ``log``); False when there is no such account."""
    changed = connection.execute(
        update(User).where(User.id == user_id).values(password_hash=password_hash)
    ).rowcount
    if changed and log:
        audit(connection, "password", "user", str(user_id), user_id=by)
    return bool(changed)


def set_role(connection: Connection, user_id: int, role: str, active: bool, *, by: int | None) -> bool:
    """Change an account's role and whether it is active (audited); False when there is no such account."""
    row = connection.execute(select(User.role, User.active).where(User.id == user_id)).first()
    if row is None:
        return False
    connection.execute(update(User).where(User.id == user_id).values(role=role, active=active))
    audit(
        connection,
        "update",
        "user",
        str(user_id),
        user_id=by,
        before={"role": row.role, "active": row.active},
        after={"role": role, "active": active},
    )
    return True
