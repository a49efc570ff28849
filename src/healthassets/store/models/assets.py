"""The community asset register: assets, their links, stories, users, moderation and audit.

Ids of assets and stories are UUIDs (stored as 36-character text so SQLite and PostgreSQL agree),
which Open Referral UK requires. Vocabulary values (types, dimensions, Five Ways, status, role) are
the StrEnum values of :mod:`healthassets.assets.vocabulary`.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from healthassets.store.models.base import Base


def new_id() -> str:
    return str(uuid.uuid4())


class User(Base):
    """An account: contributor, moderator or admin. ``password_hash`` is an argon2 hash."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20), default="contributor")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Asset(Base):
    """Something in a community that supports health (see docs/adr/0017-asset-register-schema.md)."""

    __tablename__ = "assets"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text, default=None)
    asset_type: Mapped[str] = mapped_column(String(20), index=True)
    physical: Mapped[bool] = mapped_column(Boolean, default=True)
    #: free tags (list of strings)
    tags: Mapped[list[str] | None] = mapped_column(JSON, default=None)
    latitude: Mapped[float | None] = mapped_column(Double, default=None)
    longitude: Mapped[float | None] = mapped_column(Double, default=None)
    address: Mapped[str | None] = mapped_column(Text, default=None)
    postcode: Mapped[str | None] = mapped_column(String(10), default=None)
    opening_times: Mapped[str | None] = mapped_column(Text, default=None)
    email: Mapped[str | None] = mapped_column(String(320), default=None)
    phone: Mapped[str | None] = mapped_column(String(50), default=None)
    website: Mapped[str | None] = mapped_column(String(1000), default=None)
    cost: Mapped[str | None] = mapped_column(Text, default=None)
    accessibility: Mapped[str | None] = mapped_column(Text, default=None)
    organisation_name: Mapped[str | None] = mapped_column(String(500), default=None)
    # Open Referral UK service fields (HSDS service: url, email, fees, eligibility, age range…)
    service_name: Mapped[str | None] = mapped_column(String(500), default=None)
    service_description: Mapped[str | None] = mapped_column(Text, default=None)
    eligibility: Mapped[str | None] = mapped_column(Text, default=None)
    minimum_age: Mapped[int | None] = mapped_column(Integer, default=None)
    maximum_age: Mapped[int | None] = mapped_column(Integer, default=None)
    #: HSDS regular_schedule-like list of {weekday, opens_at, closes_at}
    schedule: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, default=None)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    last_verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    last_verified_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    source: Mapped[str | None] = mapped_column(String(300), default=None, index=True)
    source_id: Mapped[str | None] = mapped_column(String(300), default=None)
    #: the kind of asset its source layer lists (``gp``, ``pharmacy``…; docs/adr/0051), None for others
    kind: Mapped[str | None] = mapped_column(String(40), default=None, index=True)
    licence: Mapped[str | None] = mapped_column(String(300), default=None)
    attribution: Mapped[str | None] = mapped_column(Text, default=None)
    is_person: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_recorded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    __table_args__ = (
        Index("ix_assets_source_id", "source", "source_id", unique=True),
        Index("ix_assets_lat_lon", "latitude", "longitude"),
        # the map's viewport query (migration 0004)
        Index("ix_assets_status_lat_lon", "status", "latitude", "longitude"),
    )


class AssetDimension(Base):
    """One Arup dimension of an asset (an asset has one or more)."""

    __tablename__ = "asset_dimensions"
    asset_id: Mapped[str] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"), primary_key=True)
    dimension: Mapped[str] = mapped_column(String(30), primary_key=True, index=True)


class AssetFiveWays(Base):
    """One Five Ways to Wellbeing tag of an asset."""

    __tablename__ = "asset_five_ways"
    asset_id: Mapped[str] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"), primary_key=True)
    way: Mapped[str] = mapped_column(String(20), primary_key=True, index=True)


class AssetServedArea(Base):
    """An area an asset serves (declared, e.g. a borough-wide service without a single place)."""

    __tablename__ = "asset_served_areas"
    asset_id: Mapped[str] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"), primary_key=True)
    area_code: Mapped[str] = mapped_column(
        ForeignKey("areas.code", ondelete="CASCADE"), primary_key=True, index=True
    )


class AssetArea(Base):
    """An area containing the asset's point (point-in-polygon LSOA, then its MSOA and authorities)."""

    __tablename__ = "asset_areas"
    asset_id: Mapped[str] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"), primary_key=True)
    area_code: Mapped[str] = mapped_column(
        ForeignKey("areas.code", ondelete="CASCADE"), primary_key=True, index=True
    )


class AssetStatusChange(Base):
    """One moderation step: who moved the asset from one status to another, when and why."""

    __tablename__ = "asset_status_history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    asset_id: Mapped[str] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    from_status: Mapped[str | None] = mapped_column(String(20), default=None)
    to_status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text, default=None)


class AssetRevision(Base):
    """A contributor's edit of a published asset, waiting for a moderator (docs/adr/0036).

    ``changes`` holds only the fields that differ from the published record when the edit was made
    (asset columns, plus ``dimensions``/``five_ways``/``served_areas`` lists); the published record
    stays as it is until a moderator approves (the changes are applied) or rejects (with a reason)."""

    __tablename__ = "asset_revisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    asset_id: Mapped[str] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"), index=True)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    reason: Mapped[str | None] = mapped_column(Text, default=None)


class Story(Base):
    """A narrative about an asset in the community's own words, with an optional photo."""

    __tablename__ = "stories"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    asset_id: Mapped[str] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    author_name: Mapped[str | None] = mapped_column(String(200), default=None)
    photo: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    photo_type: Mapped[str | None] = mapped_column(String(50), default=None)
    status: Mapped[str] = mapped_column(String(20), default="submitted", index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class AuditEntry(Base):
    """One change to anything: who, when, what, and the record before and after (JSON)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[str] = mapped_column(String(100))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)


class CoverageArea(Base):
    """An area the register has been mapped for: outside these, counts and access are 'not mapped'."""

    __tablename__ = "coverage"
    area_code: Mapped[str] = mapped_column(ForeignKey("areas.code", ondelete="CASCADE"), primary_key=True)
    note: Mapped[str | None] = mapped_column(Text, default=None)


class AssetSource(Base):
    """Another source's record of the same asset, merged into it by de-duplication (docs/adr/0051):
    the asset keeps its own source and id; this row keeps the other's, with its credit."""

    __tablename__ = "asset_sources"
    source: Mapped[str] = mapped_column(String(300), primary_key=True)
    source_id: Mapped[str] = mapped_column(String(300), primary_key=True)
    asset_id: Mapped[str] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"), index=True)
    licence: Mapped[str | None] = mapped_column(String(300), default=None)
    attribution: Mapped[str | None] = mapped_column(Text, default=None)


class AssetKind(Base):
    """A kind of asset mapped by one source layer over declared areas (docs/adr/0051): within them
    (and every area below), counts and access for the kind are written; elsewhere "not mapped"."""

    __tablename__ = "asset_kinds"
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    #: the layer (source_id prefix) and source that list every asset of the kind in the areas
    layer: Mapped[str] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(300))
    #: the declared area codes (e.g. England and Wales); coverage is these and everything below
    areas: Mapped[list[str]] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text, default=None)
