"""Place plans of the shared asset framework (issue 13): one versioned JSON document per plan.

The document's shape is checked by :func:`healthassets.planning.plan.check_plan`; the columns beside
it are what the store filters on (area, who may see it) and the edit counter that refuses stale
saves (see docs/adr/0069-place-plans-as-documents.md).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column

from healthassets.store.models.base import Base


class Plan(Base):
    """A plan for a place: its document, visibility (private, link, public) and share token."""

    __tablename__ = "plans"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    area_code: Mapped[str] = mapped_column(String(20), index=True)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)
    visibility: Mapped[str] = mapped_column(String(10), default="private")
    share_token: Mapped[str | None] = mapped_column(String(64), default=None, unique=True)
    example: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class PlanInvitation(Base):
    """A one-time link for a named stakeholder group to score a plan's priority assets without an
    account: only the SHA-256 of the token is kept."""

    __tablename__ = "plan_invitations"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    plan_id: Mapped[str] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    stakeholder: Mapped[str] = mapped_column(String(10))
    expires_at: Mapped[int] = mapped_column(Integer)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
