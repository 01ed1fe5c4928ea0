"""Record schemas: what a valid catalog row, policy, FAQ and order look like.

Readers turn raw rows into these models; a row that fails validation becomes a ``RowError``
carrying its source, row number, field and a reason a content team can act on.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

MAX_SHORT = 500  # titles, brands, categories, URLs ...
AttributeValue = str | int | float | bool


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _parse_money(value: Any) -> Any:
    """Accept 19.99, "19.99", "$1,299.00"; reject anything else with a readable message."""
    value = _blank_to_none(value)
    if value is None or isinstance(value, (int, float, Decimal)):
        return value
    text = str(value).strip().lstrip("$€£").replace(",", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a number") from None


def _two_places(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    if not value.is_finite():
        raise ValueError("must be a finite number")
    return value.quantize(Decimal("0.01"))


def _parse_int(value: Any) -> Any:
    value = _blank_to_none(value)
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        if not re.fullmatch(r"[+-]?\d+(\.0+)?", text):
            raise ValueError(f"{value!r} is not a whole number")
        return int(float(text))
    return value


def _parse_list(value: Any) -> Any:
    """Tags and sizes: a JSON list or a ``|``/``;``/``,``-separated string."""
    value = _blank_to_none(value)
    if value is None:
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            return json.loads(text)
        sep = "|" if "|" in text else ";" if ";" in text else ","
        return [part.strip() for part in text.split(sep) if part.strip()]
    return value


def parse_mapping(value: Any) -> Any:
    """Attributes: a JSON object or ``key=value`` pairs separated by ``;``."""
    value = _blank_to_none(value)
    if value is None:
        return {}
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("{"):
            try:
                return json.loads(text)
            except json.JSONDecodeError as exc:
                raise ValueError(f"is not valid JSON ({exc.msg})") from None
        pairs = [p.split("=", 1) for p in text.split(";") if p.strip()]
        if any(len(p) != 2 for p in pairs):
            raise ValueError("must be a JSON object or key=value pairs separated by ';'")
        return {k.strip(): v.strip() for k, v in pairs}
    return value


def _non_negative(value: Any) -> Any:
    if value is not None and value < 0:
        raise ValueError("must not be negative")
    return value


def _star_rating(value: float | None) -> float | None:
    if value is not None and not 0 <= value <= 5:
        raise ValueError("must be between 0 and 5")
    return value


Money = Annotated[
    Decimal,
    BeforeValidator(_parse_money),
    AfterValidator(_two_places),
    AfterValidator(_non_negative),
]
OptionalMoney = Annotated[
    Decimal | None,
    BeforeValidator(_parse_money),
    AfterValidator(_two_places),
    AfterValidator(_non_negative),
]
OptionalText = Annotated[str | None, BeforeValidator(_blank_to_none)]
RequiredText = Annotated[str, BeforeValidator(_blank_to_none)]  # blank reads as missing
Count = Annotated[int | None, BeforeValidator(_parse_int), AfterValidator(_non_negative)]


class RowError(BaseModel):
    """One problem with one row (or a whole file, when ``row`` is None)."""

    source: str
    row: int | None = None
    field: str | None = None
    message: str


class Record(BaseModel):
    """Shared model configuration: strip text, refuse unknown fields."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class CatalogRow(Record):
    """One sellable SKU. Only ``sku``, ``title`` and ``price`` are required."""

    sku: RequiredText = Field(max_length=128)
    title: RequiredText = Field(max_length=MAX_SHORT)
    price: Money
    product_id: OptionalText = Field(None, max_length=128)
    brand: OptionalText = Field(None, max_length=MAX_SHORT)
    category: OptionalText = Field(None, max_length=MAX_SHORT)
    size: OptionalText = Field(None, max_length=100)
    color: OptionalText = Field(None, max_length=100)
    compare_at_price: OptionalMoney = None
    currency: OptionalText = Field(None, pattern=r"^[A-Za-z]{3}$")
    stock: Count = None
    rating: Annotated[
        float | None, BeforeValidator(_blank_to_none), AfterValidator(_star_rating)
    ] = None
    review_count: Count = None
    url: OptionalText = Field(None, max_length=2000)
    image_url: OptionalText = Field(None, max_length=2000)
    description: OptionalText = None
    attributes: Annotated[dict[str, AttributeValue], BeforeValidator(parse_mapping)] = {}
    tags: Annotated[list[str], BeforeValidator(_parse_list)] = []

    @field_validator("sku", "product_id")
    @classmethod
    def _no_control_chars(cls, value: str | None) -> str | None:
        if value is not None and any(ord(c) < 32 for c in value):
            raise ValueError("must not contain control characters")
        return value

    @property
    def group_id(self) -> str:
        """The product this SKU belongs to (itself when the feed has no product id)."""
        return self.product_id or self.sku


class Variant(Record):
    """A SKU of a product, with its live price and stock."""

    sku: str
    size: str | None = None
    color: str | None = None
    price: Decimal
    compare_at_price: Decimal | None = None
    currency: str
    stock: int | None = None
    url: str | None = None
    image_url: str | None = None


class Product(Record):
    """A product: the fields shared by its variants, and the variants."""

    product_id: str
    title: str
    brand: str | None = None
    category: str | None = None
    description: str | None = None
    url: str | None = None
    image_url: str | None = None
    attributes: dict[str, AttributeValue] = {}
    tags: list[str] = []
    rating: float | None = None
    review_count: int | None = None
    source: str
    variants: list[Variant]


class PolicySection(Record):
    """A section of a policy under its heading path (``Returns > Exceptions``)."""

    heading: str
    text: str


class PolicyDoc(Record):
    """A policy page, split along its headings."""

    doc_id: str
    title: str
    source: str
    sections: list[PolicySection]


class Faq(Record):
    """A question and its answer."""

    faq_id: RequiredText = Field(max_length=128)
    question: RequiredText = Field(min_length=3, max_length=2000)
    answer: RequiredText
    category: OptionalText = Field(None, max_length=MAX_SHORT)
    tags: Annotated[list[str], BeforeValidator(_parse_list)] = []


class OrderStatus(StrEnum):
    """Where an order is in its life."""

    PROCESSING = "processing"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    RETURNED = "returned"
    CANCELLED = "cancelled"


class OrderItem(Record):
    """A line of an order."""

    sku: str = Field(min_length=1, max_length=128)
    qty: int = Field(ge=1, le=10_000)
    unit_price: OptionalMoney = None


def _parse_datetime(value: Any) -> Any:
    value = _blank_to_none(value)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"{value!r} is not an ISO-8601 date or time") from None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return value


def _parse_items(value: Any) -> Any:
    value = _blank_to_none(value)
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError as exc:
            raise ValueError(
                f'must be a JSON list like [{{"sku": "X", "qty": 1}}] ({exc.msg})'
            ) from None
    return value


Timestamp = Annotated[datetime | None, BeforeValidator(_parse_datetime)]


class Order(Record):
    """An order as exported by the shop. Names and street addresses are not accepted here."""

    order_id: RequiredText = Field(max_length=64)
    email: OptionalText = Field(None, max_length=320)
    postal_code: OptionalText = Field(None, max_length=20)
    country: OptionalText = Field(None, pattern=r"^[A-Za-z]{2}$")
    status: Annotated[OrderStatus, BeforeValidator(lambda v: str(v).strip().lower())]
    placed_at: Annotated[datetime, BeforeValidator(_parse_datetime)]
    shipped_at: Timestamp = None
    delivered_at: Timestamp = None
    carrier: OptionalText = Field(None, max_length=100)
    tracking_number: OptionalText = Field(None, max_length=100)
    shipping_method: OptionalText = Field(None, max_length=100)
    items: Annotated[list[OrderItem], BeforeValidator(_parse_items)] = []
    subtotal: OptionalMoney = None
    shipping: OptionalMoney = None
    tax: OptionalMoney = None
    total: OptionalMoney = None
    currency: OptionalText = Field(None, pattern=r"^[A-Za-z]{3}$")

    @field_validator("email")
    @classmethod
    def _email_shape(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
            raise ValueError("is not an email address")
        return value

    @model_validator(mode="after")
    def _verifiable(self) -> Order:
        if self.email is None and self.postal_code is None:
            raise ValueError("needs an email or a postal_code, or no shopper could verify it")
        return self
