"""Live price and stock from the store DB, the source of record the assistant quotes from.

Search results carry price and stock as metadata for ranking and cards, but a reply quotes
this tool: the store DB is what ingestion updates the moment a feed lands.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from ingest.storedb.models import ProductRow, VariantRow


@dataclass(frozen=True)
class VariantFacts:
    """One SKU's live facts."""

    sku: str
    size: str | None
    color: str | None
    price: Decimal
    compare_at_price: Decimal | None
    currency: str
    stock: int | None

    @property
    def in_stock(self) -> bool:
        """Whether it can be bought now (unknown stock counts as available, as in search)."""
        return self.stock is None or self.stock > 0

    @property
    def on_sale(self) -> bool:
        """Whether a higher "was" price is shown."""
        return self.compare_at_price is not None and self.compare_at_price > self.price


@dataclass(frozen=True)
class ProductFacts:
    """A product and its variants, as the store DB has them now."""

    product_id: str
    title: str
    brand: str | None
    category: str | None
    url: str | None
    variants: tuple[VariantFacts, ...]
    image_url: str | None = None
    description: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    rating: float | None = None
    review_count: int | None = None

    @property
    def in_stock(self) -> bool:
        """Whether any variant can be bought now."""
        return any(v.in_stock for v in self.variants)

    def card_variant(self) -> VariantFacts:
        """The variant a product card shows: the cheapest in stock, else the cheapest."""
        pool = [v for v in self.variants if v.in_stock] or list(self.variants)
        return min(pool, key=lambda v: (v.price, v.sku))

    def variant(self, *, size: str | None = None, color: str | None = None) -> list[VariantFacts]:
        """The variants in ``size`` and/or ``color`` (case-insensitive)."""
        return [
            v
            for v in self.variants
            if (size is None or (v.size or "").lower() == size.lower())
            and (color is None or (v.color or "").lower() == color.lower())
        ]


class CatalogFacts:
    """Looks products up by product id or by any of their SKUs."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def product(self, product_or_sku: str) -> ProductFacts | None:
        """The product with this id, or owning this SKU; None if there is none."""
        key = product_or_sku.strip()
        with self._sessions() as session:
            row = session.scalar(
                select(ProductRow)
                .options(selectinload(ProductRow.variants))
                .where(ProductRow.product_id == key)
            )
            if row is None:
                variant = session.get(VariantRow, key)
                row = variant.product if variant is not None else None
            return _facts(row) if row is not None else None

    def titles(self) -> dict[str, str]:
        """Every product's title by product id."""
        with self._sessions() as session:
            rows = session.execute(select(ProductRow.product_id, ProductRow.title))
            return {product_id: title for product_id, title in rows}

    def names(self) -> list[str]:
        """Every product title and brand: words that are never a shopper's personal data."""
        with self._sessions() as session:
            rows = session.execute(select(ProductRow.title, ProductRow.brand))
            return sorted({name for row in rows for name in row if name})

    def categories(self) -> list[str]:
        """The catalog's category names."""
        with self._sessions() as session:
            rows = session.scalars(select(ProductRow.category).distinct())
            return sorted(c for c in rows if c)

    def title_of_sku(self, sku: str) -> str | None:
        """The title of the product owning ``sku``."""
        with self._sessions() as session:
            variant = session.get(VariantRow, sku)
            return variant.product.title if variant is not None else None


def _facts(row: ProductRow) -> ProductFacts:
    return ProductFacts(
        product_id=row.product_id,
        title=row.title,
        brand=row.brand,
        category=row.category,
        url=row.url,
        image_url=row.image_url,
        description=row.description,
        attributes=dict(row.attributes or {}),
        tags=tuple(row.tags or ()),
        rating=row.rating,
        review_count=row.review_count,
        variants=tuple(
            VariantFacts(
                sku=v.sku,
                size=v.size,
                color=v.color,
                price=v.price,
                compare_at_price=v.compare_at_price,
                currency=v.currency,
                stock=v.stock,
            )
            for v in row.variants
        ),
    )
