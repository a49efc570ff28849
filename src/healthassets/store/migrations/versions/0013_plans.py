"""Place plans and their one-time stakeholder invitations (ADR 0069).

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("area_code", sa.String(length=20), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("visibility", sa.String(length=10), nullable=False),
        sa.Column("share_token", sa.String(length=64), nullable=True),
        sa.Column("example", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_plans_created_by_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plans")),
        sa.UniqueConstraint("share_token", name=op.f("uq_plans_share_token")),
    )
    op.create_index(op.f("ix_plans_area_code"), "plans", ["area_code"], unique=False)
    op.create_table(
        "plan_invitations",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("plan_id", sa.String(length=36), nullable=False),
        sa.Column("stakeholder", sa.String(length=10), nullable=False),
        sa.Column("expires_at", sa.Integer(), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_plan_invitations_plan_id_plans"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_plan_invitations")),
    )
    op.create_index(op.f("ix_plan_invitations_plan_id"), "plan_invitations", ["plan_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_plan_invitations_plan_id"), table_name="plan_invitations")
    op.drop_table("plan_invitations")
    op.drop_index(op.f("ix_plans_area_code"), table_name="plans")
    op.drop_table("plans")
