"""SQLAlchemy models of the store DB."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

Money = Numeric(12, 2, asdecimal=True)


class Base(DeclarativeBase):
    """Declarative base of aisle's own tables (LangChain's record table is not among them)."""


class ProductRow(Base):
    """A product (a family of variants) as last ingested."""

    __tablename__ = "products"

    product_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    brand: Mapped[str | None] = mapped_column(String(200))
    category: Mapped[str | None] = mapped_column(String(200), index=True)
    description: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(2000))
    image_url: Mapped[str | None] = mapped_column(String(2000))
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    rating: Mapped[float | None]
    review_count: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(500), index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    variants: Mapped[list[VariantRow]] = relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="VariantRow.sku"
    )


class VariantRow(Base):
    """One sellable SKU: the live price and stock the assistant quotes."""

    __tablename__ = "variants"

    sku: Mapped[str] = mapped_column(String(128), primary_key=True)
    product_id: Mapped[str] = mapped_column(
        ForeignKey("products.product_id", ondelete="CASCADE"), index=True
    )
    size: Mapped[str | None] = mapped_column(String(100))
    color: Mapped[str | None] = mapped_column(String(100))
    price: Mapped[Decimal] = mapped_column(Money)
    compare_at_price: Mapped[Decimal | None] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    stock: Mapped[int | None] = mapped_column(Integer)
    url: Mapped[str | None] = mapped_column(String(2000))
    image_url: Mapped[str | None] = mapped_column(String(2000))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    product: Mapped[ProductRow] = relationship(back_populates="variants")


class OrderRow(Base):
    """What order lookup needs, and nothing more: no names, no addresses.

    Email and postal code are kept only as keyed hashes, to verify a shopper's claim.
    """

    __tablename__ = "orders"

    order_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    email_hash: Mapped[str | None] = mapped_column(String(64))
    postal_hash: Mapped[str | None] = mapped_column(String(64))
    country: Mapped[str | None] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(20))
    placed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    shipped_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    carrier: Mapped[str | None] = mapped_column(String(100))
    tracking_number: Mapped[str | None] = mapped_column(String(100))
    shipping_method: Mapped[str | None] = mapped_column(String(100))
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    subtotal: Mapped[Decimal | None] = mapped_column(Money)
    shipping: Mapped[Decimal | None] = mapped_column(Money)
    tax: Mapped[Decimal | None] = mapped_column(Money)
    total: Mapped[Decimal | None] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    source: Mapped[str] = mapped_column(String(500), index=True)
    row_hash: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class IngestRunRow(Base):
    """One run of ``aisle ingest``: its options, outcome and report."""

    __tablename__ = "ingest_runs"

    run_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    path: Mapped[str] = mapped_column(String(2000))
    status: Mapped[str] = mapped_column(String(20))  # running | completed | failed | interrupted
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    report: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class StoreMetaRow(Base):
    """Key/value facts about the store: its data version, its ``store.yaml`` config as JSON."""

    __tablename__ = "store_meta"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # Text since 0003: a store config is a few kB


class LookupFailureRow(Base):
    """A failed order-lookup attempt, counted to stop guessing (shared by every API replica).

    ``subject`` is a keyed hash of who tried (``client:…``) or which order (``order:…``), so the
    table says nothing about shoppers by itself. Rows older than the limit's window are purged.
    """

    __tablename__ = "lookup_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subject: Mapped[str] = mapped_column(String(80), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class ContentScreenRow(Base):
    """A guardrail verdict on one text of store content, so unchanged text is screened once.

    ``digest`` is the sha256 of the guardrail rules' version and the text as read: changed
    rules miss every entry and content is re-scanned. ``text`` is the redacted text (no raw
    PII is kept); quarantined texts keep only their reasons.
    """

    __tablename__ = "content_screens"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    rules_version: Mapped[str] = mapped_column(String(40), index=True)
    quarantined: Mapped[bool]
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    pii_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    text: Mapped[str | None] = mapped_column(Text)
    screened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
