"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entity",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("name_en", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("name_zh", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("summary_en", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("summary_zh", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("editorial", sa.Text(), nullable=True),
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("entity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entity_kind"), ["kind"], unique=False)

    op.create_table(
        "source",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("file", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("title_en", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("title_zh", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("publisher", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("published", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
        sa.Column("script", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("norm", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entity.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("entity_id", "norm", name="uq_alias_entity_norm"),
    )
    with op.batch_alter_table("alias", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alias_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_alias_norm"), ["norm"], unique=False)

    op.create_table(
        "fact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("predicate", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("subject_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("object_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("role_en", sqlmodel.sql.sqltypes.AutoString(length=150), nullable=True),
        sa.Column("role_zh", sqlmodel.sql.sqltypes.AutoString(length=150), nullable=True),
        sa.Column("start", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
        sa.Column("start_key", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
        sa.Column("end", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
        sa.Column("end_key", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
        sa.Column("destination_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("reason_en", sa.Text(), nullable=True),
        sa.Column("reason_zh", sa.Text(), nullable=True),
        sa.Column("text_en", sa.Text(), nullable=False),
        sa.Column("text_zh", sa.Text(), nullable=False),
        sa.Column("rank", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("dispute", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("date_note", sa.Text(), nullable=True),
        sa.Column("editorial", sa.Text(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("dataset_hash", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["destination_id"],
            ["entity.id"],
        ),
        sa.ForeignKeyConstraint(
            ["object_id"],
            ["entity.id"],
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["entity.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("fact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fact_destination_id"), ["destination_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_fact_dispute"), ["dispute"], unique=False)
        batch_op.create_index(batch_op.f("ix_fact_object_id"), ["object_id"], unique=False)
        batch_op.create_index("ix_fact_predicate_start", ["predicate", "start_key"], unique=False)
        batch_op.create_index("ix_fact_status_start", ["status", "start_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_fact_subject_id"), ["subject_id"], unique=False)

    op.create_table(
        "citation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.Column("anchor", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True),
        sa.Column("locator", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["fact_id"],
            ["fact.id"],
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("citation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_citation_fact_id"), ["fact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_citation_source_id"), ["source_id"], unique=False)

    op.create_table(
        "revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["fact_id"],
            ["fact.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("fact_id", "version", name="uq_revision_fact_version"),
    )
    with op.batch_alter_table("revision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_revision_fact_id"), ["fact_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("revision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_revision_fact_id"))

    op.drop_table("revision")
    with op.batch_alter_table("citation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_citation_source_id"))
        batch_op.drop_index(batch_op.f("ix_citation_fact_id"))

    op.drop_table("citation")
    with op.batch_alter_table("fact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fact_subject_id"))
        batch_op.drop_index("ix_fact_status_start")
        batch_op.drop_index("ix_fact_predicate_start")
        batch_op.drop_index(batch_op.f("ix_fact_object_id"))
        batch_op.drop_index(batch_op.f("ix_fact_dispute"))
        batch_op.drop_index(batch_op.f("ix_fact_destination_id"))

    op.drop_table("fact")
    with op.batch_alter_table("alias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alias_norm"))
        batch_op.drop_index(batch_op.f("ix_alias_entity_id"))

    op.drop_table("alias")
    op.drop_table("source")
    with op.batch_alter_table("entity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entity_kind"))

    op.drop_table("entity")
