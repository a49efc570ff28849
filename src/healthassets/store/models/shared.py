"""State every web process shares, kept in the database so no worker or machine holds it alone
(docs/adr/0076-many-web-workers.md): rate-limit windows, background-job leases, change counters
that expire the per-process response caches, and the key that signs session cookies.

Times are Unix seconds (floats where a window needs sub-second order); SQLite and PostgreSQL
compare them the same way.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Float, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from healthassets.store.models.base import Base


class RateLimit(Base):
    """One limited key (``submit:203.0.113.7``…): the times of its counted events still inside the
    window (a JSON list, at most the limit long) and when the last of them leaves it."""

    __tablename__ = "rate_limits"
    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    hits: Mapped[str] = mapped_column(Text, default="[]")
    expires_at: Mapped[float] = mapped_column(Float, index=True)


class JobLease(Base):
    """A background job that must run in one process at a time: who holds it until when, and how
    many runs were asked for (``requested``) against how many requests the last finished run covered
    (``done``)."""

    __tablename__ = "job_leases"
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder: Mapped[str | None] = mapped_column(String(200), default=None)
    expires_at: Mapped[float] = mapped_column(Float, default=0.0)
    requested: Mapped[int] = mapped_column(BigInteger, default=0)
    done: Mapped[int] = mapped_column(BigInteger, default=0)


class ChangeCounter(Base):
    """A number raised in the same transaction as every audited change (``register``), so the
    response caches of every process see the change on their next request."""

    __tablename__ = "change_counters"
    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class SiteKey(Base):
    """A secret the whole site shares (``session``: signs the session cookies) when
    ``HEALTHASSETS_SECRET_KEY`` is not set."""

    __tablename__ = "site_keys"
    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
