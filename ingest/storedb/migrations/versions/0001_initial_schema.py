"""Initial schema: products, variants, orders, ingest runs, store meta.

Revision ID: 0001
Revises: 
Create Date: 2026-11-22
"""

from alembic import op
import sqlalchemy as sa


revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("ingest_runs",
    sa.Column("run_id", sa.String(length=40), nullable=False),
    sa.Column("path", sa.String(length=2000), nullable=False),
    sa.Column("status", sa.String(length=20), nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("options", sa.JSON(), nullable=False),
    sa.Column("report", sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint("run_id")
    )
    op.create_table("orders",
    sa.Column("order_id", sa.String(length=64), nullable=False),
    sa.Column("email_hash", sa.String(length=64), nullable=True),
    sa.Column("postal_hash", sa.String(length=64), nullable=True),
    sa.Column("country", sa.String(length=2), nullable=True),
    sa.Column("status", sa.String(length=20), nullable=False),
    sa.Column("placed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("shipped_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("carrier", sa.String(length=100), nullable=True),
    sa.Column("tracking_number", sa.String(length=100), nullable=True),
    sa.Column("shipping_method", sa.String(length=100), nullable=True),
    sa.Column("items", sa.JSON(), nullable=False),
    sa.Column("subtotal", sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column("shipping", sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column("tax", sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column("total", sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column("currency", sa.String(length=3), nullable=False),
    sa.Column("source", sa.String(length=500), nullable=False),
    sa.Column("row_hash", sa.String(length=64), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint("order_id")
    )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_orders_source"), ["source"], unique=False)

    op.create_table("products",
    sa.Column("product_id", sa.String(length=128), nullable=False),
    sa.Column("title", sa.String(length=500), nullable=False),
    sa.Column("brand", sa.String(length=200), nullable=True),
    sa.Column("category", sa.String(length=200), nullable=True),
    sa.Column("description", sa.Text(), nullable=True),
    sa.Column("url", sa.String(length=2000), nullable=True),
    sa.Column("image_url", sa.String(length=2000), nullable=True),
    sa.Column("attributes", sa.JSON(), nullable=False),
    sa.Column("tags", sa.JSON(), nullable=False),
    sa.Column("rating", sa.Double(), nullable=True),
    sa.Column("review_count", sa.Integer(), nullable=True),
    sa.Column("source", sa.String(length=500), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint("product_id")
    )
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_products_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_products_source"), ["source"], unique=False)

    op.create_table("store_meta",
    sa.Column("key", sa.String(length=100), nullable=False),
    sa.Column("value", sa.String(length=2000), nullable=False),
    sa.PrimaryKeyConstraint("key")
    )
    op.create_table("variants",
    sa.Column("sku", sa.String(length=128), nullable=False),
    sa.Column("product_id", sa.String(length=128), nullable=False),
    sa.Column("size", sa.String(length=100), nullable=True),
    sa.Column("color", sa.String(length=100), nullable=True),
    sa.Column("price", sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column("compare_at_price", sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column("currency", sa.String(length=3), nullable=False),
    sa.Column("stock", sa.Integer(), nullable=True),
    sa.Column("url", sa.String(length=2000), nullable=True),
    sa.Column("image_url", sa.String(length=2000), nullable=True),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["product_id"], ["products.product_id"], ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("sku")
    )
    with op.batch_alter_table("variants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_variants_product_id"), ["product_id"], unique=False)



def downgrade() -> None:
    with op.batch_alter_table("variants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_variants_product_id"))

    op.drop_table("variants")
    op.drop_table("store_meta")
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_products_source"))
        batch_op.drop_index(batch_op.f("ix_products_category"))

    op.drop_table("products")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orders_source"))

    op.drop_table("orders")
    op.drop_table("ingest_runs")
