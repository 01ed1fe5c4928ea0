"""Filters: the Chroma ``where`` clause, the lexical mask, relaxation and descriptions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pytest

from retrieval.query.filters import RELAX_ORDER, Filters, MetadataColumns

pytestmark = pytest.mark.unit

# (filters, where clause)
WHERE = [
    (Filters(), None),
    (Filters(price_max=120.0), {"price": {"$lte": 120.0}}),
    (Filters(price_min=50.0), {"price_max": {"$gte": 50.0}}),
    (
        Filters(price_min=50.0, price_max=80.0),
        {"$and": [{"price": {"$lte": 80.0}}, {"price_max": {"$gte": 50.0}}]},
    ),
    (Filters(price_min=0.0), {"price_max": {"$gte": 0.0}}),
    (Filters(in_stock=True), {"in_stock": True}),
    # a size asked for is a size to buy: sizes always match the in-stock sizes
    (Filters(sizes=("10",)), {"sizes_in_stock": {"$contains": "10"}}),
    (
        Filters(sizes=("9", "10")),
        {
            "$or": [
                {"sizes_in_stock": {"$contains": "9"}},
                {"sizes_in_stock": {"$contains": "10"}},
            ]
        },
    ),
    (
        Filters(in_stock=True, sizes=("10",)),
        {"$and": [{"in_stock": True}, {"sizes_in_stock": {"$contains": "10"}}]},
    ),
    (Filters(colors=("Navy",)), {"colors": {"$contains": "Navy"}}),
    (
        Filters(in_stock=True, colors=("Navy", "Sky Blue")),
        {
            "$and": [
                {"in_stock": True},
                {
                    "$or": [
                        {"colors_in_stock": {"$contains": "Navy"}},
                        {"colors_in_stock": {"$contains": "Sky Blue"}},
                    ]
                },
            ]
        },
    ),
    (
        Filters(price_max=120.0, sizes=("10",), colors=("Black",)),
        {
            "$and": [
                {"price": {"$lte": 120.0}},
                {"sizes_in_stock": {"$contains": "10"}},
                {"colors": {"$contains": "Black"}},
            ]
        },
    ),
]


@pytest.mark.parametrize(("filters", "where"), WHERE)
def test_to_where(filters: Filters, where: dict[str, Any] | None) -> None:
    assert filters.to_where() == where


DOCS: list[dict[str, Any]] = [
    {  # 0: in stock in size 10 / Navy only
        "kind": "product",
        "price": 100.0,
        "price_max": 100.0,
        "in_stock": True,
        "sizes": ["9", "10"],
        "sizes_in_stock": ["10"],
        "colors": ["Black", "Navy"],
        "colors_in_stock": ["Navy"],
    },
    {  # 1: variants from $60 to $90, out of stock
        "kind": "product",
        "price": 60.0,
        "price_max": 90.0,
        "in_stock": False,
        "sizes": ["8"],
        "sizes_in_stock": [],
        "colors": ["Red"],
        "colors_in_stock": [],
    },
    {  # 2: no price_max (falls back to price), scalar list fields
        "kind": "product",
        "price": 150,
        "in_stock": True,
        "sizes": "10.5",
        "sizes_in_stock": "10.5",
        "colors": "Olive",
        "colors_in_stock": "Olive",
    },
    {"kind": "policy"},  # 3: no price, no stock, nothing
    {  # 4: cheap, in stock
        "kind": "product",
        "price": 40.0,
        "price_max": 40.0,
        "in_stock": True,
        "sizes": ["9"],
        "sizes_in_stock": ["9"],
        "colors": ["Black"],
        "colors_in_stock": ["Black"],
    },
    {"kind": "faq", "price": None, "in_stock": "yes"},  # 5: None price, truthy non-bool stock
    {"kind": "product", "price": True, "sizes": ["10"]},  # 6: a bool is not a price
]


def _price(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _listed(value: Any) -> set[str]:
    if value is None:
        return set()
    return {str(v) for v in value} if isinstance(value, list) else {str(value)}


def passes(meta: Mapping[str, Any], f: Filters) -> bool:
    """The filter semantics written out plainly, one document at a time."""
    low, high = _price(meta.get("price")), _price(meta.get("price_max", meta.get("price")))
    if f.price_max is not None and (low is None or low > f.price_max):
        return False
    if f.price_min is not None and (high is None or high < f.price_min):
        return False
    if f.in_stock and meta.get("in_stock") is not True:
        return False
    if f.sizes and not set(f.sizes) & _listed(meta.get("sizes_in_stock")):
        return False
    colors = "colors_in_stock" if f.in_stock else "colors"
    return not (f.colors and not set(f.colors) & _listed(meta.get(colors)))


# (filters, indexes of DOCS that pass)
MASKS = [
    (Filters(price_max=100.0), [0, 1, 4]),
    (Filters(price_max=39.99), []),
    (Filters(price_min=80.0), [0, 1, 2]),  # doc 1 has a variant at $90
    (Filters(price_min=95.0, price_max=120.0), [0]),
    (Filters(price_min=0.0), [0, 1, 2, 4]),  # docs without a price never pass a price filter
    (Filters(in_stock=True), [0, 2, 4]),
    (Filters(sizes=("10",)), [0]),  # doc 6 lists size 10 but not as in stock
    (Filters(sizes=("9",)), [4]),  # doc 0 has a 9, but not in stock
    (Filters(sizes=("9", "10.5")), [2, 4]),  # several sizes are OR'd
    (Filters(sizes=("8",)), []),  # doc 1's only size is sold out
    (Filters(sizes=("10",), in_stock=True), [0]),
    (Filters(colors=("Black",)), [0, 4]),
    (Filters(colors=("Black",), in_stock=True), [4]),
    (Filters(colors=("Olive", "Red")), [1, 2]),
    (Filters(colors=("Purple",)), []),
    (Filters(sizes=("10",), colors=("Black",)), [0]),  # colours need not be in stock
    (Filters(sizes=("10",), colors=("Black",), in_stock=True), []),
    (Filters(price_max=50.0, colors=("Navy",)), []),
]


@pytest.mark.parametrize(("filters", "expected"), MASKS)
def test_mask_matches_plain_predicate(filters: Filters, expected: list[int]) -> None:
    mask = MetadataColumns.build(DOCS).mask(filters)
    assert mask is not None and mask.dtype == np.bool_ and len(mask) == len(DOCS)
    assert np.flatnonzero(mask).tolist() == expected
    assert [passes(m, filters) for m in DOCS] == mask.tolist()


def test_mask_is_none_without_filters() -> None:
    assert MetadataColumns.build(DOCS).mask(Filters()) is None


def test_mask_on_an_empty_index() -> None:
    mask = MetadataColumns.build([]).mask(Filters(in_stock=True, sizes=("10",)))
    assert mask is not None and mask.shape == (0,)


def test_columns_know_what_they_hold() -> None:
    columns = MetadataColumns.build(DOCS)
    assert len(columns) == len(DOCS)
    assert columns.has_prices and columns.has_stock
    assert columns.distinct("sizes") == ["10", "10.5", "8", "9"]
    assert columns.distinct("colors_in_stock") == ["Black", "Navy", "Olive"]
    assert columns.distinct("materials") == []
    bare = MetadataColumns.build([{"kind": "doc"}, {"kind": "doc", "price": None}])
    assert not bare.has_prices and not bare.has_stock


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        (["product"], [0, 1, 2, 4, 6]),
        (["policy", "faq"], [3, 5]),
        (("order",), []),
    ],
)
def test_kind_mask(kinds: list[str], expected: list[int]) -> None:
    mask = MetadataColumns.build(DOCS).kind_mask(kinds)
    assert mask is not None and np.flatnonzero(mask).tolist() == expected


def test_kind_mask_without_kinds_and_on_an_empty_index() -> None:
    assert MetadataColumns.build(DOCS).kind_mask([]) is None
    empty = MetadataColumns.build([]).kind_mask(["product"])
    assert empty is not None and empty.shape == (0,)


@pytest.mark.parametrize(
    ("filters", "truth"),
    [
        (Filters(), False),
        (Filters(price_min=0.0), True),
        (Filters(price_max=0.0), True),
        (Filters(in_stock=True), True),
        (Filters(sizes=("M",)), True),
        (Filters(colors=("Red",)), True),
    ],
)
def test_truth(filters: Filters, truth: bool) -> None:
    assert bool(filters) is truth


ALL = Filters(price_min=50.0, price_max=80.0, in_stock=True, sizes=("10",), colors=("Navy",))


def test_active_lists_constraints_in_relaxation_order() -> None:
    assert RELAX_ORDER == ("colors", "sizes", "in_stock", "price")
    assert ALL.active() == ["colors", "sizes", "in_stock", "price"]
    assert Filters(price_max=10.0, colors=("Red",)).active() == ["colors", "price"]
    assert Filters(price_min=10.0).active() == ["price"]
    assert Filters().active() == []


def test_relaxing_drops_one_constraint_at_a_time_in_order() -> None:
    steps = []
    current = ALL
    while current.active():
        dropped = current.active()[0]
        current = current.without(dropped)
        steps.append((dropped, current))
    assert steps == [
        ("colors", Filters(price_min=50.0, price_max=80.0, in_stock=True, sizes=("10",))),
        ("sizes", Filters(price_min=50.0, price_max=80.0, in_stock=True)),
        ("in_stock", Filters(price_min=50.0, price_max=80.0)),
        ("price", Filters()),
    ]
    assert not current


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("price", Filters(in_stock=True, sizes=("10",), colors=("Navy",))),
        ("in_stock", Filters(price_min=50.0, price_max=80.0, sizes=("10",), colors=("Navy",))),
        ("sizes", Filters(price_min=50.0, price_max=80.0, in_stock=True, colors=("Navy",))),
        ("colors", Filters(price_min=50.0, price_max=80.0, in_stock=True, sizes=("10",))),
    ],
)
def test_without(name: str, expected: Filters) -> None:
    assert ALL.without(name) == expected


@pytest.mark.parametrize(
    ("filters", "text"),
    [
        (Filters(), ""),
        (Filters(price_max=120.0, sizes=("10",), in_stock=True), "under $120, size 10, in stock"),
        (Filters(price_min=50.0, price_max=80.0), "$50–$80"),
        (Filters(price_min=200.0), "over $200"),
        (Filters(price_max=99.99), "under $99.99"),
        (Filters(price_max=1500.0), "under $1,500"),
        (Filters(sizes=("9", "10"), colors=("Navy", "Sky Blue")), "size 9 or 10, Navy or Sky Blue"),
        (ALL, "$50–$80, size 10, Navy, in stock"),
    ],
)
def test_describe(filters: Filters, text: str) -> None:
    assert filters.describe() == text


def test_describe_dropped() -> None:
    assert ALL.describe_dropped(["sizes", "colors"]) == "size and colour"
    assert ALL.describe_dropped(["in_stock"]) == "in-stock"


@pytest.mark.parametrize(
    ("price", "accepted"),
    [
        (10_999.99, {"under $10,999.99", "under $10999.99"}),
        (1_000_000.0, {"under $1,000,000", "under $1000000"}),
    ],
)
def test_describe_states_the_price_asked_for(price: float, accepted: set[str]) -> None:
    assert Filters(price_max=price).describe() in accepted
