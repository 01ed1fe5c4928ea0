"""Failed order-lookup attempts, for rate limiting shared across replicas.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from alembic import op
import sqlalchemy as sa


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("lookup_failures",
    sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
    sa.Column("subject", sa.String(length=80), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint("id")
    )
    with op.batch_alter_table("lookup_failures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lookup_failures_subject"), ["subject"], unique=False)
        batch_op.create_index(batch_op.f("ix_lookup_failures_at"), ["at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("lookup_failures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lookup_failures_at"))
        batch_op.drop_index(batch_op.f("ix_lookup_failures_subject"))
    op.drop_table("lookup_failures")
