"""Profiles: named sets of indicators grouped into ordered domains."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from healthassets.store.models.base import Base


class Profile(Base):
    __tablename__ = "profiles"
    slug: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text, default=None)


class Domain(Base):
    __tablename__ = "domains"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    profile_slug: Mapped[str] = mapped_column(ForeignKey("profiles.slug", ondelete="CASCADE"), index=True)
    #: the domain's key within its profile (e.g. 'individual'): anchors and URLs
    key: Mapped[str | None] = mapped_column(String(100), default=None)
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text, default=None)
    position: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (UniqueConstraint("profile_slug", "name"),)


class DomainIndicator(Base):
    __tablename__ = "domain_indicators"
    domain_id: Mapped[int] = mapped_column(ForeignKey("domains.id", ondelete="CASCADE"), primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicators.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: why the indicator sits in this domain (shown beside it on the profile)
    placement: Mapped[str | None] = mapped_column(Text, default=None)
