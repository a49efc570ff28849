"""Signed-in sessions, kept server-side so they can be ended (docs/adr/0043-revocable-sessions-and-limits.md).

The browser's cookie carries a random token; the table keeps only its SHA-256, so a copy of the
database does not hand out live sessions. Times are Unix seconds (SQLite and PostgreSQL compare them
the same way).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from healthassets.store.models.base import Base


class UserSession(Base):
    """One signed-in browser: the hash of its token, whose account, when it started and expires."""

    __tablename__ = "user_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer, ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[int] = mapped_column(BigInteger)
    expires_at: Mapped[int] = mapped_column(BigInteger, index=True)
