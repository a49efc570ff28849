"""import batch status; FingertipsNext indicator flags

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 10:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

FLAGS = (
    "has_inequalities",
    "requires_geo_aggregation",
    "has_multiple_sexes",
    "has_multiple_ages",
    "has_multiple_deprivation",
    "contains_cumulative_period_data",
    "hide_in_search",
)


def upgrade() -> None:
    with op.batch_alter_table("import_batches", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=20), server_default="complete", nullable=False)
        )
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        for flag in FLAGS:
            batch_op.add_column(sa.Column(flag, sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        for flag in reversed(FLAGS):
            batch_op.drop_column(flag)
    with op.batch_alter_table("import_batches", schema=None) as batch_op:
        batch_op.drop_column("status")
