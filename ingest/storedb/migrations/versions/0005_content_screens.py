"""Guardrail verdicts on store content (quarantine, redacted text), keyed by rules and text.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "content_screens",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("rules_version", sa.String(length=40), nullable=False),
        sa.Column("quarantined", sa.Boolean(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("pii_types", sa.JSON(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("screened_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("digest"),
    )
    with op.batch_alter_table("content_screens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_content_screens_rules_version"), ["rules_version"])


def downgrade() -> None:
    with op.batch_alter_table("content_screens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_content_screens_rules_version"))
    op.drop_table("content_screens")
