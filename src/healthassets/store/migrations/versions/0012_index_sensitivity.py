"""The Sobol' sensitivity of the store-fed composite indices (ADR 0063).

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "index_sensitivity",
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("version", sa.String(length=50), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("factor", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("s1", sa.Double(), nullable=True),
        sa.Column("s1_conf", sa.Double(), nullable=True),
        sa.Column("st", sa.Double(), nullable=True),
        sa.Column("st_conf", sa.Double(), nullable=True),
        sa.Column("runs", sa.Integer(), nullable=False),
        sa.Column("values_version", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint(
            "slug", "version", "level", "country", "factor", name=op.f("pk_index_sensitivity")
        ),
    )


def downgrade() -> None:
    op.drop_table("index_sensitivity")
