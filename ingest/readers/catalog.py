"""Catalog feeds (CSV, JSONL, JSON): one row per sellable SKU, grouped into products."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ingest.readers.tabular import Columns, Row, SourceRead, iter_rows, validate_rows
from ingest.schemas import CatalogRow, Product, Variant, parse_mapping

CATALOG_FIELDS = frozenset(CatalogRow.model_fields)
CATALOG_ALIASES = {
    "colour": "color",
    "name": "title",
    "product_title": "title",
    "product_name": "title",
    "vendor": "brand",
    "manufacturer": "brand",
    "product_type": "category",
    "type": "category",
    "body": "description",
    "body_html": "description",
    "quantity": "stock",
    "inventory": "stock",
    "inventory_quantity": "stock",
    "qty": "stock",
    "compare_at": "compare_at_price",
    "list_price": "compare_at_price",
    "msrp": "compare_at_price",
    "image": "image_url",
    "image_src": "image_url",
    "link": "url",
    "product_url": "url",
    "parent_id": "product_id",
    "group_id": "product_id",
    "handle": "product_id",
    "reviews": "review_count",
    "num_reviews": "review_count",
    "variant_sku": "sku",
    "variant_price": "price",
    "sale_price": "price",
}


def read_catalog(
    path: Path,
    source: str,
    *,
    mapping: Mapping[str, str] | None = None,
    encoding: str = "utf-8",
    max_chars: int = 20_000,
) -> SourceRead[CatalogRow]:
    """Validate every row of a catalog file; unknown columns become attributes."""
    columns = Columns(
        required=("sku", "title", "price"),
        known=CATALOG_FIELDS,
        key_column="sku",
        aliases=CATALOG_ALIASES,
        mapping=mapping or {},
    )
    return validate_rows(
        iter_rows(path, source, encoding),
        CatalogRow,
        source=source,
        kind="catalog",
        columns=columns,
        key=lambda r: r.sku,
        max_chars=max_chars,
        unknown=_keep_as_attributes,
        check_header=path.suffix.lower() == ".csv",
    )


def _keep_as_attributes(row: Row, extra: dict[str, Any]) -> None:
    kept = {
        k: v
        for k, v in extra.items()
        if v not in (None, "") and isinstance(v, str | int | float | bool)
    }
    if not kept:
        return
    try:
        declared = parse_mapping(row.get("attributes"))
    except ValueError:
        return  # validation reports the bad attributes column for this row
    row["attributes"] = kept | declared


def group_products(rows: list[tuple[str, CatalogRow]], default_currency: str) -> list[Product]:
    """Group (source, row) pairs into products; product fields come from the first variant."""
    grouped: dict[str, list[tuple[str, CatalogRow]]] = {}
    for source, row in rows:
        grouped.setdefault(row.group_id, []).append((source, row))
    return [_product(pid, members, default_currency) for pid, members in sorted(grouped.items())]


def _product(product_id: str, members: list[tuple[str, CatalogRow]], currency: str) -> Product:
    source, first = members[0]
    ratings = [r.rating for _, r in members if r.rating is not None]
    reviews = [r.review_count for _, r in members if r.review_count is not None]
    return Product(
        product_id=product_id,
        title=first.title,
        brand=first.brand,
        category=first.category,
        description=first.description,
        url=_product_url(first.url),
        image_url=first.image_url,
        attributes=first.attributes,
        tags=first.tags,
        rating=max(ratings) if ratings else None,
        review_count=max(reviews) if reviews else None,
        source=source,
        variants=sorted(
            (
                Variant(
                    sku=r.sku,
                    size=r.size,
                    color=r.color,
                    price=r.price,
                    compare_at_price=r.compare_at_price,
                    currency=(r.currency or currency).upper(),
                    stock=r.stock,
                    url=r.url,
                    image_url=r.image_url,
                )
                for _, r in members
            ),
            key=lambda v: v.sku,
        ),
    )


def _product_url(url: str | None) -> str | None:
    """The product page without a variant selector."""
    return url.split("?", 1)[0] if url else None
