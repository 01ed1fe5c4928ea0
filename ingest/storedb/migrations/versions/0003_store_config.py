"""Widen store_meta.value to Text: it now also holds the store's config (store.yaml) as JSON.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("store_meta", schema=None) as batch_op:
        batch_op.alter_column(
            "value", existing_type=sa.String(length=2000), type_=sa.Text(), existing_nullable=False
        )


def downgrade() -> None:
    op.execute("DELETE FROM store_meta WHERE key = 'store_config'")
    with op.batch_alter_table("store_meta", schema=None) as batch_op:
        batch_op.alter_column(
            "value", existing_type=sa.Text(), type_=sa.String(length=2000), existing_nullable=False
        )
