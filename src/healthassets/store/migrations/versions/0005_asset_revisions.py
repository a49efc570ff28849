"""Pending edits of published assets, re-moderated before they replace the published record
(docs/adr/0036).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "asset_revisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("asset_id", sa.String(length=36), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["asset_id"], ["assets.id"], name=op.f("fk_asset_revisions_asset_id_assets"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_asset_revisions_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"],
            ["users.id"],
            name=op.f("fk_asset_revisions_decided_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asset_revisions")),
    )
    with op.batch_alter_table("asset_revisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_asset_revisions_asset_id"), ["asset_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_asset_revisions_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("asset_revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_asset_revisions_status"))
        batch_op.drop_index(batch_op.f("ix_asset_revisions_asset_id"))
    op.drop_table("asset_revisions")
