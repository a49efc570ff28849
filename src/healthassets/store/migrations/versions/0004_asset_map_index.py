"""Index for the map's viewport query: published assets by latitude, then longitude.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_assets_status_lat_lon", "assets", ["status", "latitude", "longitude"])


def downgrade() -> None:
    op.drop_index("ix_assets_status_lat_lon", table_name="assets")
