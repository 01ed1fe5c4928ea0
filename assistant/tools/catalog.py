"""Live price and stock from the store DB, the source of record the assistant quotes from.

Search results carry price and stock as metadata for ranking and cards, but a reply quotes
this tool: the store DB is what ingestion updates the moment a feed lands.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

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


def _facts(row: ProductRow) -> ProductFacts:
    return ProductFacts(
        product_id=row.product_id,
        title=row.title,
        brand=row.brand,
        category=row.category,
        url=row.url,
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
