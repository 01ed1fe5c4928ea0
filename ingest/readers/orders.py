"""Order exports (CSV, JSONL, JSON). Personal columns beyond email and postal code are dropped."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ingest.readers.tabular import Columns, SourceRead, iter_rows, validate_rows
from ingest.schemas import Order

ORDER_ALIASES = {
    "id": "order_id",
    "order_number": "order_id",
    "order": "order_id",
    "zip": "postal_code",
    "zip_code": "postal_code",
    "postcode": "postal_code",
    "email_address": "email",
    "created_at": "placed_at",
    "order_date": "placed_at",
    "tracking": "tracking_number",
    "line_items": "items",
}
PERSONAL_COLUMNS = frozenset(
    {
        "customer_name",
        "name",
        "first_name",
        "last_name",
        "full_name",
        "phone",
        "phone_number",
        "address",
        "address1",
        "address2",
        "street",
        "street_address",
        "city",
        "billing_address",
        "shipping_address",
        "card_number",
        "card_last4",
        "date_of_birth",
    }
)


def read_orders(
    path: Path,
    source: str,
    *,
    mapping: Mapping[str, str] | None = None,
    encoding: str = "utf-8",
    max_chars: int = 20_000,
) -> SourceRead[Order]:
    """Validate every order row. Names, street addresses and phones are never read in."""
    columns = Columns(
        required=("order_id", "status", "placed_at"),
        known=frozenset(Order.model_fields),
        key_column="order_id",
        aliases=ORDER_ALIASES,
        mapping=mapping or {},
        personal=PERSONAL_COLUMNS,
    )
    return validate_rows(
        iter_rows(path, source, encoding),
        Order,
        source=source,
        kind="orders",
        columns=columns,
        key=lambda o: o.order_id,
        max_chars=max_chars,
        check_header=path.suffix.lower() == ".csv",
    )
