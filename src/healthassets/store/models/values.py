"""Indicator values and the import batches they came in."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from healthassets.store.models.base import Base


class ImportBatch(Base):
    """One import of one source. Re-importing the same ``source`` replaces the batch atomically."""

    __tablename__ = "import_batches"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(500), unique=True)
    kind: Mapped[str] = mapped_column(String(50))
    file_name: Mapped[str | None] = mapped_column(String(500), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    rows_loaded: Mapped[int] = mapped_column(Integer, default=0)
    rows_rejected: Mapped[int] = mapped_column(Integer, default=0)
    #: 'loading' while the batch is written, then 'complete' (or 'failed'); set in the same
    #: transaction as the values, so other sessions only ever see 'complete' batches
    status: Mapped[str] = mapped_column(String(20), default="complete", server_default="complete")


class IndicatorValue(Base):
    """One value for (indicator, area, period, sex, age, category type, category).

    ``category_type``/``category`` are '' when the value is not broken down by a category, so the
    unique key behaves the same on SQLite and PostgreSQL.
    """

    __tablename__ = "indicator_values"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    area_code: Mapped[str] = mapped_column(ForeignKey("areas.code", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(50))
    period_sortable: Mapped[int] = mapped_column(BigInteger)
    sex: Mapped[str] = mapped_column(String(50))
    age: Mapped[str] = mapped_column(String(100))
    category_type: Mapped[str] = mapped_column(String(300), default="")
    category: Mapped[str] = mapped_column(String(300), default="")
    value: Mapped[float | None] = mapped_column(Double, default=None)
    count: Mapped[float | None] = mapped_column(Double, default=None)
    denominator: Mapped[float | None] = mapped_column(Double, default=None)
    lower95_0cl: Mapped[float | None] = mapped_column(Double, default=None)
    upper95_0cl: Mapped[float | None] = mapped_column(Double, default=None)
    lower99_8cl: Mapped[float | None] = mapped_column(Double, default=None)
    upper99_8cl: Mapped[float | None] = mapped_column(Double, default=None)
    value_note: Mapped[str | None] = mapped_column(Text, default=None)
    recent_trend: Mapped[str | None] = mapped_column(String(100), default=None)
    __table_args__ = (
        UniqueConstraint(
            "indicator_id",
            "area_code",
            "period",
            "sex",
            "age",
            "category_type",
            "category",
            name="uq_indicator_values_key",
        ),
        Index("ix_indicator_values_area", "area_code", "indicator_id"),
    )
