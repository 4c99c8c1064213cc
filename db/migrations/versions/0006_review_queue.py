"""review queue and source texts

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sourcetext",
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("added_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("added_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["source.id"]),
        sa.PrimaryKeyConstraint("source_id"),
    )
    op.create_index("ix_sourcetext_sha256", "sourcetext", ["sha256"], unique=False)
    op.create_table(
        "reviewitem",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("statement_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=True),
        sa.Column("suggester", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("suggester_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("decided_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("fact_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["fact_id"], ["fact.id"]),
        sa.ForeignKeyConstraint(["source_id"], ["source.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_reviewitem_source_id", "reviewitem", ["source_id"], unique=False)
    op.create_index("ix_reviewitem_status_id", "reviewitem", ["status", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_reviewitem_status_id", table_name="reviewitem")
    op.drop_index("ix_reviewitem_source_id", table_name="reviewitem")
    op.drop_table("reviewitem")
    op.drop_index("ix_sourcetext_sha256", table_name="sourcetext")
    op.drop_table("sourcetext")
