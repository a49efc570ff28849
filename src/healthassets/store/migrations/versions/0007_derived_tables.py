"""Derived tables: benchmarks, trends, spines, region aggregates built once per data load (ADR 0044).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "derived_area_values",
        sa.Column("value_id", BIG_ID, nullable=False),
        sa.Column("area_code", sa.String(length=20), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("lower95_0cl", sa.Double(), nullable=True),
        sa.Column("upper95_0cl", sa.Double(), nullable=True),
        sa.Column("lower99_8cl", sa.Double(), nullable=True),
        sa.Column("upper99_8cl", sa.Double(), nullable=True),
        sa.Column("trend", sa.String(length=100), nullable=True),
        sa.Column("trend_source", sa.String(length=20), nullable=True),
        sa.Column("england_value", sa.Double(), nullable=True),
        sa.Column("england_benchmark", sa.String(length=50), nullable=True),
        sa.Column("region_value", sa.Double(), nullable=True),
        sa.Column("region_benchmark", sa.String(length=50), nullable=True),
        sa.Column("percentile", sa.Double(), nullable=True),
        sa.ForeignKeyConstraint(
            ["value_id"],
            ["indicator_values.id"],
            name=op.f("fk_derived_area_values_value_id_indicator_values"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("value_id", name=op.f("pk_derived_area_values")),
    )
    op.create_index("ix_derived_area_values_area", "derived_area_values", ["area_code", "indicator_id"])
    op.create_table(
        "derived_spines",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("area_group", sa.String(length=50), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=50), nullable=False),
        sa.Column("sex", sa.String(length=50), nullable=False),
        sa.Column("age", sa.String(length=100), nullable=False),
        sa.Column("category_type", sa.String(length=300), nullable=False),
        sa.Column("category", sa.String(length=300), nullable=False),
        sa.Column("peers", sa.Integer(), nullable=False),
        sa.Column("lowest", sa.Double(), nullable=True),
        sa.Column("q25", sa.Double(), nullable=True),
        sa.Column("q75", sa.Double(), nullable=True),
        sa.Column("highest", sa.Double(), nullable=True),
        sa.Column("england_percentile", sa.Double(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_derived_spines")),
    )
    op.create_index("ix_derived_spines_area_group", "derived_spines", ["area_group", "indicator_id"])
    op.create_table(
        "derived_region_values",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("area_code", sa.String(length=20), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=50), nullable=False),
        sa.Column("period_sortable", sa.BigInteger(), nullable=True),
        sa.Column("sex", sa.String(length=50), nullable=False),
        sa.Column("age", sa.String(length=100), nullable=False),
        sa.Column("category_type", sa.String(length=300), nullable=False),
        sa.Column("category", sa.String(length=300), nullable=False),
        sa.Column("value", sa.Double(), nullable=True),
        sa.Column("count", sa.Double(), nullable=True),
        sa.Column("denominator", sa.Double(), nullable=True),
        sa.Column("lower95_0cl", sa.Double(), nullable=True),
        sa.Column("upper95_0cl", sa.Double(), nullable=True),
        sa.Column("lower99_8cl", sa.Double(), nullable=True),
        sa.Column("upper99_8cl", sa.Double(), nullable=True),
        sa.Column("value_note", sa.Text(), nullable=True),
        sa.Column("recent_trend", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_derived_region_values")),
    )
    op.create_index("ix_derived_region_values_area", "derived_region_values", ["area_code", "indicator_id"])
    op.create_table(
        "derived_indicator_types",
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("area_type", sa.String(length=50), nullable=False),
        sa.Column("areas", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("indicator_id", "area_type", name=op.f("pk_derived_indicator_types")),
    )
    op.create_table(
        "derived_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=200), nullable=False),
        sa.Column("seconds", sa.Double(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_derived_state")),
    )


def downgrade() -> None:
    op.drop_table("derived_state")
    op.drop_table("derived_indicator_types")
    op.drop_index("ix_derived_region_values_area", table_name="derived_region_values")
    op.drop_table("derived_region_values")
    op.drop_index("ix_derived_spines_area_group", table_name="derived_spines")
    op.drop_table("derived_spines")
    op.drop_index("ix_derived_area_values_area", table_name="derived_area_values")
    op.drop_table("derived_area_values")
