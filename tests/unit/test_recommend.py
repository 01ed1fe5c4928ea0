"""Recommendation helpers: identity-neutral requests, variant choice, upsell band, reasons."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from assistant.neutral import neutral_request
from assistant.recommend import (
    Wanted,
    choose_variant,
    copurchase_counts,
    copurchase_reason,
    money,
    rating_phrase,
    similar_reason,
    upsell_ceiling,
    upsell_reason,
)
from assistant.tools.catalog import VariantFacts

pytestmark = pytest.mark.unit

# Who is asking: each persona varies name, gender, age, ethnicity, religion or disability, and
# says it two ways: a sentence of its own, and a clause leading into the request.
PERSONAS = [
    ("Hi, I'm Maria, a 70-year-old grandmother.", "I'm Maria, a 70 year old grandmother,"),
    (
        "Hello! My name is DeShawn and I'm a Black Muslim wheelchair user.",
        "I'm DeShawn, a Black Muslim wheelchair user,",
    ),
    ("Wei Chen here, 34, Chinese American man.", "I am Wei, a 34-year-old Chinese American man,"),
    ("Hey there, I'm Aisha, a deaf Nigerian woman in my 40s.", "I'm Aisha, deaf and Nigerian,"),
    (
        "This is John, a 45 year old white Christian dad.",
        "I'm John, a 45 year old white Christian dad,",
    ),
    (
        "I'm Priya, a 28 year old Hindu woman who is blind.",
        "As a 28-year-old blind Hindu woman, I'm",
    ),
    ("Jordan here (they/them), 19, autistic and nonbinary.", "I'm Jordan, nonbinary and 19,"),
    (
        "My name is Rosa Delgado, I'm a Mexican American grandmother who uses a cane.",
        "I'm Rosa, a Latina grandmother of five who uses a cane, and I'm",
    ),
]
# The same needs, phrased as a shopper would; {intro} is a sentence, {inline} a clause.
REQUESTS = [
    "{intro} Looking for a rain jacket under $150.",
    "{inline} looking for a rain jacket under $150",
    "{intro} What tent would you recommend for 2 people under $250?",
    "{inline} need waterproof hiking boots in size 9",
    "{intro} Any gift ideas for a runner?",
    "{inline} shopping for noise cancelling headphones under 200 dollars",
    "{intro} Can you suggest a kids' jacket in navy?",
    "{inline} looking for a women's puffer jacket, in stock, under $200",
    "{intro} I want a bluetooth speaker between $50 and $100.",
    "{inline} searching for a daypack with a rain cover",
    "{intro} What's a good cast iron skillet? Thanks, Maria",
    "{intro} My dog needs an orthopedic bed.",
]


def persona_requests(template: str) -> list[str]:
    """``template`` as each persona would write it."""
    return [template.format(intro=intro, inline=inline) for intro, inline in PERSONAS]


@pytest.mark.parametrize("template", REQUESTS)
def test_every_persona_gives_the_same_neutral_request(template: str) -> None:
    neutral = {neutral_request(text) for text in persona_requests(template)}
    assert len(neutral) == 1, neutral
    assert neutral.pop().strip()  # and the need itself survived


NEUTRAL = [
    # (request, neutral request without a vocabulary)
    ("I'm Maria, a 70 year old grandmother, looking for a rain jacket under $150",
     "looking for a rain jacket under $150"),
    ("I'm DeShawn, a Muslim wheelchair user, looking for a rain jacket under $150",
     "looking for a rain jacket under $150"),
    ("As a 70-year-old, Black, Muslim woman, what rain jacket under $150 would you suggest?",
     "what rain jacket under $150 would you suggest"),
    ("Black woman here, looking for a rain jacket", "looking for a rain jacket"),
    ("Olive here, a Korean American mom, need a rain jacket", "need a rain jacket"),
    ("I'm over 70 and need a warm jacket", "need a warm jacket"),
    ("I'm Maria, waterproof hiking boots size 9?", "waterproof hiking boots size 9"),
    ("I am on a budget of $150, need a jacket. Thanks, Maria", "on a budget of $150 need a jacket"),
    ("she/her pronouns, looking for a tent", "looking for a tent"),
    # negatives: product needs that look like identity words stay
    ("I'm looking for a women's rain jacket under $150",
     "looking for a women's rain jacket under $150"),
    ("black hiking boots for men", "black hiking boots for men"),
    ("a Japanese chef knife", "a japanese chef knife"),
    ("toys for a 5 year old", "toys for a 5 year old"),
    ("kids' jacket in navy", "kids' jacket in navy"),
    ("I want this as a gift for a runner", "i want this as a gift for a runner"),
    ("white sheets, queen size", "white sheets queen size"),
    ("What tent would you recommend for 2 people under $250?",
     "what tent would you recommend for 2 people under $250"),
    ("I'm in the market for a senior dog bed", "in the market for a senior dog bed"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), NEUTRAL)
def test_neutral_request_table(text: str, expected: str) -> None:
    assert neutral_request(text) == expected


def test_the_vocabulary_drops_words_the_catalog_never_uses() -> None:
    vocabulary = {"look", "for", "a", "rain", "jacket", "under", "hike", "boot"}
    text = "Zelda, grandma of 3: looking for a rain jacket under $150"
    assert neutral_request(text) == "zelda looking for a rain jacket under $150"
    assert neutral_request(text, vocabulary) == "looking for a rain jacket under $150"
    assert neutral_request("Zelda needs hiking boots", vocabulary) == "hiking boots"


def _variant(
    sku: str, price: str, stock: int | None, size: str = "M", color: str = "Black"
) -> VariantFacts:
    return VariantFacts(sku, size, color, Decimal(price), None, "USD", stock)


VARIANTS = [
    _variant("A-S", "50.00", 0, size="S"),
    _variant("A-M", "55.00", 3),
    _variant("A-L", "55.00", 2, size="L", color="Navy"),
    _variant("A-XL", "65.00", None, size="XL"),
]


def test_the_shown_variant_is_the_cheapest_in_stock_then_by_sku() -> None:
    # A-L and A-M cost the same: the SKU breaks the tie; A-S is cheaper but sold out
    assert choose_variant(VARIANTS, include_out_of_stock=False) == VARIANTS[2]
    assert choose_variant(VARIANTS, include_out_of_stock=True) == VARIANTS[2]


def test_a_requested_size_or_colour_picks_its_variant() -> None:
    assert (
        choose_variant(VARIANTS, Wanted(sizes=("xl",)), include_out_of_stock=False) == VARIANTS[3]
    )
    assert (
        choose_variant(VARIANTS, Wanted(colors=("navy",)), include_out_of_stock=False)
        == VARIANTS[2]
    )
    assert choose_variant(VARIANTS, Wanted(sizes=("S",)), include_out_of_stock=False) is None
    assert choose_variant(VARIANTS, Wanted(sizes=("S",)), include_out_of_stock=True) == VARIANTS[0]


def test_a_price_range_bounds_the_variant() -> None:
    band = Wanted(low=Decimal("55.01"), high=Decimal("70"))
    assert choose_variant(VARIANTS, band, include_out_of_stock=False) == VARIANTS[3]
    assert (
        choose_variant(VARIANTS, Wanted(high=Decimal("49.99")), include_out_of_stock=True) is None
    )


@pytest.mark.parametrize(
    ("floor", "band", "ceiling"),
    [
        ("100", 0.35, "135.00"),
        ("109.99", 0.35, "148.48"),  # 148.4865 rounds down: never past the band
        ("150", 0.2, "180.00"),
        ("19.99", 0.0, "19.99"),
    ],
)
def test_upsell_ceiling(floor: str, band: float, ceiling: str) -> None:
    assert upsell_ceiling(Decimal(floor), band) == Decimal(ceiling)


def test_money_and_rating_phrases() -> None:
    assert money(Decimal("20")) == "$20"
    assert money(Decimal("1234.5")) == "$1,234.50"
    assert money(Decimal("19.99"), "EUR") == "19.99 EUR"
    assert rating_phrase(4.66, 120) == "rated 4.7 by 120 shoppers"
    assert rating_phrase(5.0, 1) == "rated 5.0 by 1 shopper"
    assert rating_phrase(None, 3) == rating_phrase(4.0, 0) == "not yet rated"


def test_reason_lines() -> None:
    assert (
        similar_reason("Hiking Boots", {"waterproof", "toe_cap"}, "rated 4.7 by 120 shoppers")
        == "Similar in Hiking Boots: also toe cap and waterproof, rated 4.7 by 120 shoppers"
    )
    assert similar_reason("Hiking Boots", set(), "not yet rated") == (
        "Similar in Hiking Boots: not yet rated"
    )
    assert (
        copurchase_reason("Trailblazer Mid", 3)
        == "Often bought with the Trailblazer Mid (3 orders)"
    )
    assert copurchase_reason("Trailblazer Mid", 1) == (
        "Bought with the Trailblazer Mid in an earlier order"
    )
    line = upsell_reason(
        Decimal("20"), "USD", over="more than the Trailblazer Mid", gains=["hood", "a 4.8 rating"]
    )
    assert line == "Upsell: $20 more than the Trailblazer Mid, adds hood and a 4.8 rating"
    assert upsell_reason(Decimal("12.5"), "USD", over="over your $150 budget", gains=[]) == (
        "Upsell: $12.50 over your $150 budget"
    )


def test_copurchase_pairs_count_orders_not_units() -> None:
    owner = {"A1": "A", "A2": "A", "B1": "B", "C1": "C"}
    orders = [
        [{"sku": "A1", "qty": 2}, {"sku": "A2", "qty": 1}, {"sku": "B1", "qty": 1}],
        [{"sku": "B1", "qty": 1}, {"sku": "A1", "qty": 1}, {"sku": "C1", "qty": 1}],
        [{"sku": "GONE", "qty": 1}, {"sku": "C1", "qty": 1}],
        [],
    ]
    counts = copurchase_counts(orders, owner)
    assert counts["A"] == Counter({"B": 2, "C": 1})
    assert counts["C"] == Counter({"A": 1, "B": 1})
    assert "GONE" not in counts and "A" not in counts["A"]
