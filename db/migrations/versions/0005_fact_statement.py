"""fact statement key

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("fact") as batch:
        batch.add_column(sa.Column("statement", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch.create_index("ix_fact_statement", ["statement"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("fact") as batch:
        batch.drop_index("ix_fact_statement")
        batch.drop_column("statement")
