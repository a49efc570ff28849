"""Kinds of asset mapped per source layer, merged source records, and each asset's kind (ADR 0051).

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=40), nullable=True))
        batch_op.create_index(batch_op.f("ix_assets_kind"), ["kind"], unique=False)
    op.create_table(
        "asset_sources",
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("source_id", sa.String(length=300), nullable=False),
        sa.Column("asset_id", sa.String(length=36), nullable=False),
        sa.Column("licence", sa.String(length=300), nullable=True),
        sa.Column("attribution", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["asset_id"], ["assets.id"], name=op.f("fk_asset_sources_asset_id_assets"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("source", "source_id", name=op.f("pk_asset_sources")),
    )
    with op.batch_alter_table("asset_sources", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_asset_sources_asset_id"), ["asset_id"], unique=False)
    op.create_table(
        "asset_kinds",
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("layer", sa.String(length=100), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("areas", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_asset_kinds")),
    )


def downgrade() -> None:
    op.drop_table("asset_kinds")
    with op.batch_alter_table("asset_sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_asset_sources_asset_id"))
    op.drop_table("asset_sources")
    with op.batch_alter_table("assets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assets_kind"))
        batch_op.drop_column("kind")
