"""Each authority's default inequality section, computed once per data load (ADR 0075).

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "derived_inequalities",
        sa.Column("area_code", sa.String(length=20), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=50), nullable=True),
        sa.Column("reason", sa.String(length=50), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("deciles", sa.Text(), nullable=False),
        sa.Column("values_version", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("area_code", name=op.f("pk_derived_inequalities")),
    )


def downgrade() -> None:
    op.drop_table("derived_inequalities")
