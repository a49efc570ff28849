"""Repository of signed-in sessions (table ``user_sessions``): start, look up, end.

Rows hold the SHA-256 of a session token, never the token itself; the caller (services.sessions)
makes tokens and hashes them. Times are Unix seconds.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select

from healthassets.store.models import User, UserSession


def add_session(engine: Engine, token_hash: str, user_id: int, *, now: int, expires_at: int) -> None:
    """Record a new session for ``user_id``; sessions already expired are cleared on the way."""
    with engine.begin() as connection:
        connection.execute(delete(UserSession).where(UserSession.expires_at <= now))
        connection.execute(
            insert(UserSession).values(
                token_hash=token_hash, user_id=user_id, created_at=now, expires_at=expires_at
            )
        )


def live_session_user(engine: Engine, token_hash: str, *, now: int) -> Any | None:
    """(id, email, role) of the active account whose unexpired session has this hash, else None."""
    query = (
        select(User.id, User.email, User.role)
        .join(UserSession, UserSession.user_id == User.id)
        .where(UserSession.token_hash == token_hash, UserSession.expires_at > now, User.active.is_(True))
    )
    with engine.connect() as connection:
        return connection.execute(query).first()


def remove_session(engine: Engine, token_hash: str) -> None:
    with engine.begin() as connection:
        connection.execute(delete(UserSession).where(UserSession.token_hash == token_hash))


def remove_sessions_of(bind: Engine | Connection, user_id: int) -> int:
    """End every session of ``user_id`` (inside the caller's transaction when given a connection);
    returns how many were ended."""
    statement = delete(UserSession).where(UserSession.user_id == user_id)
    if isinstance(bind, Connection):
        return int(bind.execute(statement).rowcount or 0)
    with bind.begin() as connection:
        return int(connection.execute(statement).rowcount or 0)
