"""Recommendations over the demo store: in stock, honest labels, live prices, same for everyone."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from itertools import combinations

import pytest
from sqlalchemy import select

from assistant.composition import Components
from assistant.neutral import neutral_request
from assistant.recommend import (
    Recommendation,
    Recommender,
    money,
    upsell_ceiling,
)
from ingest.report import IngestReport
from ingest.storedb.models import OrderRow, ProductRow, VariantRow
from tests.unit.test_recommend import REQUESTS, persona_requests

pytestmark = pytest.mark.integration

COMPLEMENTS = {
    "Hiking Boots": ["Backpacks", "Outdoor Jackets", "Tents & Camping"],
    "Tents & Camping": ["Backpacks", "Outdoor Jackets", "Hiking Boots"],
    "Speakers": ["Phone Accessories", "Headphones & Earbuds", "Smart Home"],
    "Running Shoes": ["Fitness", "Watches", "Headphones & Earbuds"],
    "Outdoor Jackets": ["Hiking Boots", "Outdoor Jackets"],  # listing itself must be ignored
}
ANCHORS = ["P10001", "P10197", "P10320", "P10092", "P10129"]


@pytest.fixture(scope="module")
def components(demo: tuple[Components, IngestReport]) -> Components:
    """The demo store's components."""
    return demo[0]


@pytest.fixture(scope="module")
def recommender(components: Components) -> Recommender:
    """A recommender on the demo store with the literal complement rules above."""
    return Recommender(
        components.product_search,
        components.catalog_facts,
        components.sessions,
        COMPLEMENTS,
        min_copurchases=1,  # the demo's orders rarely repeat a pair; test the mechanism itself
    )


def _products(components: Components) -> dict[str, ProductRow]:
    with components.sessions() as session:
        rows = session.scalars(select(ProductRow)).all()
        for row in rows:
            _ = row.variants  # load while the session is open
        return {row.product_id: row for row in rows}


@pytest.fixture(scope="module")
def products(components: Components) -> dict[str, ProductRow]:
    """Every product row of the demo store, with its variants."""
    return _products(components)


def _in_stock(variant: VariantRow) -> bool:
    return variant.stock is None or variant.stock > 0


def _features(product: ProductRow) -> set[str]:
    return {key for key, value in (product.attributes or {}).items() if value is True}


def _variant(products: dict[str, ProductRow], card: Recommendation) -> VariantRow:
    [variant] = [v for v in products[card.product_id].variants if v.sku == card.sku]
    return variant


def _assert_sound(cards: list[Recommendation], products: dict[str, ProductRow]) -> None:
    """No duplicates; every card in stock, priced and labelled as the store DB says."""
    assert len({c.product_id for c in cards}) == len(cards)
    for card in cards:
        variant = _variant(products, card)
        assert (card.price, card.currency, card.stock) == (
            variant.price,
            variant.currency,
            variant.stock,
        )
        assert card.stock is None or card.stock > 0
        assert card.upsell == (card.kind == "upsell")
        assert card.category == products[card.product_id].category and card.reason


def test_a_request_gets_matching_in_stock_products_then_one_upsell(
    recommender: Recommender, products: dict[str, ProductRow]
) -> None:
    cards = recommender.for_request("what tent would you recommend for 2 people under $250")
    _assert_sound(cards, products)
    matches, upsells = cards[:-1], cards[-1:]
    assert len(matches) == 4 and all(c.kind == "similar" and not c.upsell for c in matches)
    assert all(c.price <= 250 and "(under $250)" in c.reason for c in matches)
    assert [c.upsell for c in upsells] == [True]
    assert Decimal(250) < upsells[0].price <= upsell_ceiling(Decimal(250), 0.35)
    extra = money(upsells[0].price - 250)
    assert upsells[0].reason.startswith(f"Upsell: {extra} over your $250 budget, adds ")
    assert (
        recommender.for_request("what tent would you recommend for 2 people under $250") == cards
    )  # deterministic


def test_the_shown_variant_is_the_requested_size_or_the_cheapest_in_stock(
    recommender: Recommender, products: dict[str, ProductRow]
) -> None:
    sized = recommender.for_request("waterproof hiking boots size 10 under $120", k=3)
    _assert_sound(sized, products)
    assert len(sized) >= 3
    assert all(_variant(products, c).size == "10" for c in sized if not c.upsell)
    plain = recommender.for_request("bluetooth speaker", k=3)
    _assert_sound(plain, products)
    for card in plain:
        in_stock = [v for v in products[card.product_id].variants if _in_stock(v)]
        assert card.price == min(v.price for v in in_stock)


@pytest.mark.parametrize("anchor", ANCHORS)
def test_similar_items_share_the_category_and_are_in_stock(
    recommender: Recommender, products: dict[str, ProductRow], anchor: str
) -> None:
    cards = recommender.similar(anchor)
    _assert_sound(cards, products)
    assert len(cards) == 3 and anchor not in {c.product_id for c in cards}
    assert {c.category for c in cards} == {products[anchor].category}
    assert all(c.kind == "similar" and c.reason.startswith("Similar in ") for c in cards)


def _copurchased(
    components: Components, products: dict[str, ProductRow]
) -> Counter[tuple[str, str]]:
    owner = {v.sku: p.product_id for p in products.values() for v in p.variants}
    with components.sessions() as session:
        orders = session.scalars(select(OrderRow.items)).all()
    pairs: Counter[tuple[str, str]] = Counter()
    for items in orders:
        pairs.update(combinations(sorted({owner[i["sku"]] for i in items}), 2))
    return pairs


@pytest.mark.parametrize("anchor", ANCHORS)
def test_complements_come_from_copurchases_first_then_other_categories(
    recommender: Recommender, components: Components, products: dict[str, ProductRow], anchor: str
) -> None:
    pairs = _copurchased(components, products)
    bought = {b if a == anchor else a for a, b in pairs if anchor in (a, b)}
    cards = recommender.complements(anchor, k=4)
    _assert_sound(cards, products)
    assert len(cards) == 4 and anchor not in {c.product_id for c in cards}
    category = products[anchor].category
    assert category is not None
    rules = set(COMPLEMENTS.get(category, ())) - {category}
    kinds = []
    for card in cards:
        if "bought with" in card.reason.lower():
            assert card.product_id in bought
            kinds.append("co-purchase")
        else:
            assert card.category in rules and card.category != category
            assert card.reason.startswith(f"Pairs with {category.lower()}: from {card.category}")
            kinds.append("rule")
    assert kinds == sorted(kinds)  # co-purchases first
    available = [b for b in bought if any(_in_stock(v) for v in products[b].variants)]
    assert kinds.count("co-purchase") == min(4, len(available))


@pytest.mark.parametrize("anchor", ["P10197", "P10320", "P10092"])
def test_upsells_are_labelled_above_the_anchor_and_within_the_band(
    recommender: Recommender, products: dict[str, ProductRow], anchor: str
) -> None:
    in_stock = [v for v in products[anchor].variants if _in_stock(v)]
    floor = min(v.price for v in in_stock)
    cards = recommender.upsells(anchor, k=2)
    _assert_sound(cards, products)
    assert cards and anchor not in {c.product_id for c in cards}
    for card in cards:
        assert card.upsell and card.kind == "upsell"
        assert card.category == products[anchor].category
        assert floor < card.price <= upsell_ceiling(floor, 0.35)
        assert card.reason.startswith(
            f"Upsell: {money(card.price - floor)} more than the {products[anchor].title}, adds "
        )
        rating = products[card.product_id].rating or 0
        assert rating > (products[anchor].rating or 0) or "rating" not in card.reason
        assert _features(products[anchor]) <= _features(products[card.product_id])


def test_an_upsell_over_a_budget_needs_and_keeps_a_category(
    recommender: Recommender, products: dict[str, ProductRow]
) -> None:
    cards = recommender.upsells(Decimal(150), k=3, category="Outdoor Jackets")
    _assert_sound(cards, products)
    assert len(cards) == 3 and {c.category for c in cards} == {"Outdoor Jackets"}
    assert all(150 < c.price <= Decimal("202.50") for c in cards)
    assert all(c.reason.startswith(f"Upsell: {money(c.price - 150)} over your $150") for c in cards)
    with pytest.raises(ValueError, match="category"):
        recommender.upsells(Decimal(150))


def test_out_of_stock_products_only_when_asked(
    recommender: Recommender, products: dict[str, ProductRow]
) -> None:
    sold_out = sorted(
        (p for p in products.values() if all(v.stock == 0 for v in p.variants)),
        key=lambda p: p.product_id,
    )
    assert sold_out, "the demo store should have a sold-out product"
    product = sold_out[0]
    shown = recommender.for_request(product.title)
    assert shown and product.product_id not in {c.product_id for c in shown}
    everything = recommender.for_request(product.title, include_out_of_stock=True)
    [card] = [c for c in everything if c.product_id == product.product_id]
    assert card.stock == 0 and card.price == min(v.price for v in product.variants)


@pytest.mark.parametrize("template", REQUESTS)
def test_every_persona_gets_the_same_products(recommender: Recommender, template: str) -> None:
    """Name, gender, age, ethnicity, religion and disability never change what is shown."""
    vocabulary = recommender.vocabulary()
    texts = persona_requests(template)
    assert len({neutral_request(t, vocabulary) for t in texts}) == 1
    shown = {
        tuple((c.product_id, c.sku, c.kind) for c in recommender.for_request(t)) for t in texts
    }
    assert len(shown) == 1
    assert len(shown.pop()) >= 2


@pytest.mark.parametrize("anchor", ANCHORS)
def test_a_pair_bought_together_once_is_not_a_pattern(
    components: Components, products: dict[str, ProductRow], anchor: str
) -> None:
    pairs = _copurchased(components, products)
    strong = {b if a == anchor else a for (a, b), n in pairs.items() if anchor in (a, b) and n >= 2}
    default = Recommender(
        components.product_search, components.catalog_facts, components.sessions, COMPLEMENTS
    )
    for card in default.complements(anchor, k=4):
        if "bought with" in card.reason.lower():
            assert card.product_id in strong
        else:
            assert card.category in COMPLEMENTS.get(products[anchor].category or "", ())
