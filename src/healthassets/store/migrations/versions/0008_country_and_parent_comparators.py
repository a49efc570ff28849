"""Profiles say what they are; comparators by country and parent authority (ADR 0053).

Domains get a key and each profile indicator its placement; the derived area values carry the
comparisons with the area's own country and its parent authority, and the spines are per country.
The derived tables are rebuilt from the values on the next read (their state row is cleared).

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("domains") as batch:
        batch.add_column(sa.Column("key", sa.String(length=100), nullable=True))
    with op.batch_alter_table("domain_indicators") as batch:
        batch.add_column(sa.Column("placement", sa.Text(), nullable=True))
    op.execute("DELETE FROM derived_state")
    op.execute("DELETE FROM derived_area_values")
    op.execute("DELETE FROM derived_spines")
    with op.batch_alter_table("derived_area_values") as batch:
        for name in ("country", "authority"):
            batch.add_column(sa.Column(f"{name}_value", sa.Double(), nullable=True))
            batch.add_column(sa.Column(f"{name}_benchmark", sa.String(length=50), nullable=True))
    op.drop_index("ix_derived_spines_area_group", table_name="derived_spines")
    with op.batch_alter_table("derived_spines") as batch:
        batch.add_column(sa.Column("country_code", sa.String(length=20), nullable=False, server_default=""))
        batch.alter_column("england_percentile", new_column_name="country_percentile")
    op.create_index(
        "ix_derived_spines_area_group", "derived_spines", ["area_group", "country_code", "indicator_id"]
    )


def downgrade() -> None:
    op.execute("DELETE FROM derived_state")
    op.execute("DELETE FROM derived_area_values")
    op.execute("DELETE FROM derived_spines")
    op.drop_index("ix_derived_spines_area_group", table_name="derived_spines")
    with op.batch_alter_table("derived_spines") as batch:
        batch.alter_column("country_percentile", new_column_name="england_percentile")
        batch.drop_column("country_code")
    op.create_index("ix_derived_spines_area_group", "derived_spines", ["area_group", "indicator_id"])
    with op.batch_alter_table("derived_area_values") as batch:
        for name in ("authority", "country"):
            batch.drop_column(f"{name}_benchmark")
            batch.drop_column(f"{name}_value")
    with op.batch_alter_table("domain_indicators") as batch:
        batch.drop_column("placement")
    with op.batch_alter_table("domains") as batch:
        batch.drop_column("key")
