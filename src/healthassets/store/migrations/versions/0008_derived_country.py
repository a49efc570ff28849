"""Derived area values: the area's own country (England or Wales) as a comparator — its published
value and the benchmark against it, quintiles ranked within the country (docs/adr/0047).

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
    with op.batch_alter_table("derived_area_values") as batch:
        batch.add_column(sa.Column("country_value", sa.Double(), nullable=True))
        batch.add_column(sa.Column("country_benchmark", sa.String(length=50), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("derived_area_values") as batch:
        batch.drop_column("country_benchmark")
        batch.drop_column("country_value")
