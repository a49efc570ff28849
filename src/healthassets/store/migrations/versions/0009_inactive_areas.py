"""Inactive areas and their successors: the authorities the April 2023 reorganisations replaced stay
as areas (their published values keep an area), marked inactive, with the area(s) that replaced them
(docs/adr/0050-predecessor-authorities.md).

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ADD COLUMN (no table copy): existing areas are active
    op.add_column("areas", sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False))
    op.create_table(
        "area_successors",
        sa.Column("predecessor_code", sa.String(length=20), nullable=False),
        sa.Column("successor_code", sa.String(length=20), nullable=False),
        sa.Column("replaced_on", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["predecessor_code"],
            ["areas.code"],
            name=op.f("fk_area_successors_predecessor_code_areas"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["successor_code"],
            ["areas.code"],
            name=op.f("fk_area_successors_successor_code_areas"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("predecessor_code", "successor_code", name=op.f("pk_area_successors")),
    )
    op.create_index(op.f("ix_area_successors_successor_code"), "area_successors", ["successor_code"])


def downgrade() -> None:
    op.drop_index(op.f("ix_area_successors_successor_code"), table_name="area_successors")
    op.drop_table("area_successors")
    with op.batch_alter_table("areas", schema=None) as batch_op:
        batch_op.drop_column("active")
