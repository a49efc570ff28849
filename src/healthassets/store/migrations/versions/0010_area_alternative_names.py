"""Areas' alternative names: an MSOA's House of Commons Library name, in English and Welsh (ADR 0052).

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("areas", schema=None) as batch_op:
        batch_op.add_column(sa.Column("alt_name", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("alt_name_cy", sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("areas", schema=None) as batch_op:
        batch_op.drop_column("alt_name_cy")
        batch_op.drop_column("alt_name")
