"""quiz

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quizconfig",
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("post_time", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column("timezone", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("open_hours", sa.Integer(), nullable=False),
        sa.Column("lang", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("guild_id"),
    )
    op.create_table(
        "quizpost",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("slot", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("mode", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("day", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
        sa.Column("owner_id", sa.BigInteger(), nullable=True),
        sa.Column("qid", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("answer_index", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("posted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("closes_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("revealed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("guild_id", "slot", name="uq_quizpost_guild_slot"),
    )
    with op.batch_alter_table("quizpost", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quizpost_guild_id"), ["guild_id"], unique=False)
        batch_op.create_index("ix_quizpost_open", ["closed", "closes_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_quizpost_qid"), ["qid"], unique=False)

    op.create_table(
        "quizanswer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("user_name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("choice", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("counted", sa.Boolean(), nullable=False),
        sa.Column("answered_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["quizpost.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("post_id", "user_id", name="uq_quizanswer_post_user"),
    )
    with op.batch_alter_table("quizanswer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quizanswer_guild_id"), ["guild_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_quizanswer_post_id"), ["post_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_quizanswer_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("quizanswer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quizanswer_user_id"))
        batch_op.drop_index(batch_op.f("ix_quizanswer_post_id"))
        batch_op.drop_index(batch_op.f("ix_quizanswer_guild_id"))

    op.drop_table("quizanswer")
    with op.batch_alter_table("quizpost", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quizpost_qid"))
        batch_op.drop_index("ix_quizpost_open")
        batch_op.drop_index(batch_op.f("ix_quizpost_guild_id"))

    op.drop_table("quizpost")
    op.drop_table("quizconfig")
