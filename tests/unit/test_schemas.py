"""Table tests for record validation: good rows pass, bad rows fail on the right field."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from ingest.schemas import CatalogRow, Faq, Order, OrderStatus

pytestmark = pytest.mark.unit

GOOD = {"sku": "A-1", "title": "Boot", "price": "109.00"}


@pytest.mark.parametrize(
    ("overrides", "field", "expected"),
    [
        ({}, "price", Decimal("109.00")),
        ({"price": "$1,299.5"}, "price", Decimal("1299.50")),
        ({"price": 12}, "price", Decimal("12.00")),
        ({"stock": "7"}, "stock", 7),
        ({"stock": ""}, "stock", None),
        ({"stock": "1,200"}, "stock", 1200),
        ({"attributes": '{"waterproof": true}'}, "attributes", {"waterproof": True}),
        (
            {"attributes": "material=leather; weight=540g"},
            "attributes",
            {"material": "leather", "weight": "540g"},
        ),
        ({"tags": "a|b| c"}, "tags", ["a", "b", "c"]),
        ({"tags": '["x", "y"]'}, "tags", ["x", "y"]),
        ({"brand": "  "}, "brand", None),
        ({"currency": "eur"}, "currency", "eur"),
    ],
)
def test_catalog_row_accepts(overrides: dict[str, object], field: str, expected: object) -> None:
    assert getattr(CatalogRow.model_validate(GOOD | overrides), field) == expected


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"price": ""}, "price"),
        ({"price": "-1"}, "price"),
        ({"price": "abc"}, "price"),
        ({"price": "NaN"}, "price"),
        ({"sku": ""}, "sku"),
        ({"title": "x" * 501}, "title"),
        ({"stock": "lots"}, "stock"),
        ({"stock": "-3"}, "stock"),
        ({"stock": "2.5"}, "stock"),
        ({"rating": "6"}, "rating"),
        ({"attributes": "{not json"}, "attributes"),
        ({"currency": "dollars"}, "currency"),
        ({"sku": "A\x01B"}, "sku"),
    ],
)
def test_catalog_row_rejects(overrides: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        CatalogRow.model_validate(GOOD | overrides)
    assert {e["loc"][0] for e in info.value.errors()} == {field}


def test_catalog_row_without_price_names_price() -> None:
    with pytest.raises(ValidationError) as info:
        CatalogRow.model_validate({"sku": "A-1", "title": "Boot"})
    assert info.value.errors()[0]["loc"] == ("price",)


def test_group_id_defaults_to_sku() -> None:
    assert CatalogRow.model_validate(GOOD).group_id == "A-1"
    assert CatalogRow.model_validate(GOOD | {"product_id": "P1"}).group_id == "P1"


ORDER = {
    "order_id": "A1",
    "email": "a@example.com",
    "status": "Shipped",
    "placed_at": "2026-10-01T10:00:00Z",
    "items": '[{"sku": "X", "qty": 2, "unit_price": "3.50"}]',
}


def test_order_parses_status_times_and_items() -> None:
    order = Order.model_validate(ORDER)
    assert order.status is OrderStatus.SHIPPED
    assert order.placed_at.tzinfo is not None
    assert order.items[0].qty == 2 and order.items[0].unit_price == Decimal("3.50")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"status": "lost"}, "status"),
        ({"email": "not-an-email"}, "email"),
        ({"placed_at": "yesterday"}, "placed_at"),
        ({"items": "sku X"}, "items"),
        ({"items": '[{"sku": "X", "qty": 0}]'}, "items"),
    ],
)
def test_order_rejects(overrides: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        Order.model_validate(ORDER | overrides)
    assert info.value.errors()[0]["loc"][0] == field


def test_order_needs_a_way_to_verify_it() -> None:
    with pytest.raises(ValidationError, match="needs an email or a postal_code"):
        Order.model_validate(ORDER | {"email": ""})
    assert Order.model_validate(ORDER | {"email": "", "postal_code": "94110"}).email is None


def test_faq_needs_question_and_answer() -> None:
    with pytest.raises(ValidationError):
        Faq.model_validate({"faq_id": "f1", "question": "Why?", "answer": ""})
