"""Sync of products and orders into the store DB, the source of record for price and stock."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from ingest.identity import IdentityHasher
from ingest.schemas import CatalogRow, Order, Product
from ingest.storedb.models import OrderRow, ProductRow, StoreMetaRow, VariantRow


@dataclass
class OrderPlan:
    """What syncing orders will do, by order id."""

    rows: dict[str, OrderRow] = field(default_factory=dict)
    added: set[str] = field(default_factory=set)
    updated: set[str] = field(default_factory=set)
    unchanged: set[str] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)

    def counts(self) -> dict[str, int]:
        """Record-level counts for the run report."""
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "deleted": len(self.deleted),
        }


def kept_catalog_rows(session: Session, skus: set[str]) -> list[tuple[str, CatalogRow]]:
    """The last good version of SKUs whose rows failed validation in this run."""
    if not skus:
        return []
    variants = session.scalars(
        select(VariantRow).where(VariantRow.sku.in_(skus)).options(selectinload(VariantRow.product))
    ).all()
    return [(v.product.source, _row_from_db(v)) for v in variants]


def _row_from_db(v: VariantRow) -> CatalogRow:
    p = v.product
    return CatalogRow(
        sku=v.sku,
        title=p.title,
        price=v.price,
        product_id=p.product_id,
        brand=p.brand,
        category=p.category,
        size=v.size,
        color=v.color,
        compare_at_price=v.compare_at_price,
        currency=v.currency,
        stock=v.stock,
        rating=p.rating,
        review_count=p.review_count,
        url=v.url,
        image_url=v.image_url,
        description=p.description,
        attributes=p.attributes,
        tags=p.tags,
    )


def sync_products(
    session: Session, products: Sequence[Product], *, scope: Sequence[str] | None, now: datetime
) -> None:
    """Make the products (and their variants) in ``scope`` exactly ``products``."""
    wanted = {p.product_id: p for p in products}
    query = select(ProductRow).options(selectinload(ProductRow.variants))
    if scope:
        query = query.where(ProductRow.source.in_(scope))
    existing = {row.product_id: row for row in session.scalars(query)}
    for product_id in existing.keys() - wanted.keys():
        session.delete(existing[product_id])
    session.flush()
    for product in products:
        row = existing.get(product.product_id) or session.get(ProductRow, product.product_id)
        if row is None:
            row = ProductRow(product_id=product.product_id)
            session.add(row)
        _copy_product(row, product, now)
    session.flush()


def _copy_product(row: ProductRow, product: Product, now: datetime) -> None:
    fields = product.model_dump(exclude={"product_id", "variants"})
    if any(getattr(row, k, None) != v for k, v in fields.items()):
        for name, value in fields.items():
            setattr(row, name, value)
        row.updated_at = now
    current = {v.sku: v for v in row.variants}
    row.variants = [
        _variant(current.get(v.sku), product.product_id, v.model_dump(), now)
        for v in product.variants
    ]


def _variant(
    row: VariantRow | None, product_id: str, values: dict[str, Any], now: datetime
) -> VariantRow:
    if row is None:
        row = VariantRow(product_id=product_id, updated_at=now, **values)
    elif any(getattr(row, k) != v for k, v in values.items()):
        for name, value in values.items():
            setattr(row, name, value)
        row.updated_at = now
    return row


def plan_orders(
    session: Session,
    orders: Sequence[tuple[str, Order]],
    *,
    scope: Sequence[str] | None,
    keep: set[str],
    hasher: IdentityHasher,
    default_currency: str,
    now: datetime,
) -> OrderPlan:
    """Compare (source, order) pairs with the stored orders of ``scope``; change nothing."""
    plan = OrderPlan()
    query = select(OrderRow.order_id, OrderRow.row_hash)
    if scope:
        query = query.where(OrderRow.source.in_(scope))
    stored: dict[str, str] = {order_id: digest for order_id, digest in session.execute(query)}
    for source, order in orders:
        row = _order_row(order, source, hasher, default_currency, now)
        plan.rows[row.order_id] = row
        if row.order_id not in stored:
            plan.added.add(row.order_id)
        elif stored[row.order_id] != row.row_hash:
            plan.updated.add(row.order_id)
        else:
            plan.unchanged.add(row.order_id)
    plan.deleted = stored.keys() - plan.rows.keys() - keep
    plan.unchanged |= (stored.keys() - plan.rows.keys()) & keep
    return plan


def apply_orders(session: Session, plan: OrderPlan) -> None:
    """Write an order plan: insert, update and delete."""
    if plan.deleted:
        session.execute(delete(OrderRow).where(OrderRow.order_id.in_(plan.deleted)))
    for order_id in plan.added | plan.updated:
        session.merge(plan.rows[order_id])
    session.flush()


def _order_row(
    order: Order, source: str, hasher: IdentityHasher, currency: str, now: datetime
) -> OrderRow:
    values: dict[str, Any] = order.model_dump(exclude={"email", "postal_code", "items"})
    values["status"] = order.status.value
    values["currency"] = (order.currency or currency).upper()
    values["country"] = order.country.upper() if order.country else None
    values["items"] = [item.model_dump(mode="json") for item in order.items]
    values["email_hash"] = hasher.email(order.email) if order.email else None
    values["postal_hash"] = hasher.postal_code(order.postal_code) if order.postal_code else None
    values["source"] = source
    canonical = json.dumps(values, sort_keys=True, default=str)
    values["row_hash"] = hashlib.sha256(canonical.encode()).hexdigest()
    return OrderRow(updated_at=now, **values)


def store_version(session: Session) -> int:
    """How many times ingestion has changed the store."""
    row = session.get(StoreMetaRow, "store_version")
    return int(row.value) if row else 0


def bump_store_version(session: Session) -> int:
    """Record one more change to the store; returns the new version."""
    version = store_version(session) + 1
    session.merge(StoreMetaRow(key="store_version", value=str(version)))
    return version
