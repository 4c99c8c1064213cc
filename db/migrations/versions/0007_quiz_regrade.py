"""quiz: first posting day, voided questions, data version a post was last checked against

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("quizconfig") as batch:
        batch.add_column(sa.Column("first_day", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True))
    with op.batch_alter_table("quizpost") as batch:
        batch.add_column(sa.Column("voided", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("checked_version", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("quizpost") as batch:
        batch.drop_column("checked_version")
        batch.drop_column("voided")
    with op.batch_alter_table("quizconfig") as batch:
        batch.drop_column("first_day")
