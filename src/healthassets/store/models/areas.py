"""Areas, their types and their (several) parents."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, true
from sqlalchemy.orm import Mapped, mapped_column

from healthassets.store.models.base import Base


class AreaType(Base):
    """A kind of area: 'lsoa', 'msoa', 'ltla' (districts & UAs), 'utla' (counties & UAs), 'region'…"""

    __tablename__ = "area_types"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[int] = mapped_column(Integer, doc="0 = country … larger = smaller areas")
    hierarchy: Mapped[str] = mapped_column(String(20), default="administrative")


class Area(Base):
    """A geography with an ONS/NHS code, a name (and Welsh name) and a type."""

    __tablename__ = "areas"
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    name_cy: Mapped[str | None] = mapped_column(String(300), default=None)
    #: another name people know the area by (an MSOA's House of Commons Library name), and its Welsh
    alt_name: Mapped[str | None] = mapped_column(String(300), default=None)
    alt_name_cy: Mapped[str | None] = mapped_column(String(300), default=None)
    area_type: Mapped[str] = mapped_column(ForeignKey("area_types.code"), index=True)
    active: Mapped[bool] = mapped_column(
        Boolean,
        default=True,
        server_default=true(),
        doc="False for an area that was replaced (docs/adr/0050): kept for its values, never listed",
    )
    __table_args__ = (Index("ix_areas_name_lower", "name"),)


class AreaParent(Base):
    """One parent of an area (an area may have several: MSOA and LTLA, or LTLA and ICB…)."""

    __tablename__ = "area_parents"
    child_code: Mapped[str] = mapped_column(ForeignKey("areas.code", ondelete="CASCADE"), primary_key=True)
    parent_code: Mapped[str] = mapped_column(
        ForeignKey("areas.code", ondelete="CASCADE"), primary_key=True, index=True
    )
    hierarchy: Mapped[str] = mapped_column(String(20), default="administrative")


class AreaSuccessor(Base):
    """An inactive area and an area that replaced it (a county split in two has two rows)."""

    __tablename__ = "area_successors"
    predecessor_code: Mapped[str] = mapped_column(
        ForeignKey("areas.code", ondelete="CASCADE"), primary_key=True
    )
    successor_code: Mapped[str] = mapped_column(
        ForeignKey("areas.code", ondelete="CASCADE"), primary_key=True, index=True
    )
    replaced_on: Mapped[str] = mapped_column(String(10), doc="ISO date the successor took over")
