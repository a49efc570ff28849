"""State every web process shares (ADR 0076): rate limits, job leases, change counters, the
session key; story photos only in the database (a photo a story named by local path is read in).

Revision ID: 0015
Revises: 0014
"""

from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_limits",
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("hits", sa.Text(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rate_limits")),
    )
    op.create_index(op.f("ix_rate_limits_expires_at"), "rate_limits", ["expires_at"])
    op.create_table(
        "job_leases",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("holder", sa.String(length=200), nullable=True),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.Column("requested", sa.BigInteger(), nullable=False),
        sa.Column("done", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_job_leases")),
    )
    op.create_table(
        "change_counters",
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_change_counters")),
    )
    op.create_table(
        "site_keys",
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_site_keys")),
    )
    _read_photo_files()
    with op.batch_alter_table("stories") as batch:
        batch.drop_column("photo_path")


def _read_photo_files() -> None:
    """A story whose photo was kept as a file on one machine's disk gets the file's bytes (when this
    machine can read it); the path goes either way, since other workers could not read it."""
    stories = sa.table(
        "stories", sa.column("id"), sa.column("photo_path"), sa.column("photo", sa.LargeBinary)
    )
    connection = op.get_bind()
    query = sa.select(stories.c.id, stories.c.photo_path).where(
        stories.c.photo_path.is_not(None), stories.c.photo.is_(None)
    )
    for story_id, path in connection.execute(query).all():
        file = Path(path)
        if file.is_file():
            update = stories.update().where(stories.c.id == story_id)
            connection.execute(update.values(photo=file.read_bytes()))


def downgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.add_column(sa.Column("photo_path", sa.String(length=500), nullable=True))
    op.drop_table("site_keys")
    op.drop_table("change_counters")
    op.drop_table("job_leases")
    op.drop_index(op.f("ix_rate_limits_expires_at"), table_name="rate_limits")
    op.drop_table("rate_limits")
