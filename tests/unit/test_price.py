"""Price phrases: a table of shopper phrasings with the range and the text each one cuts."""

from __future__ import annotations

import math

import pytest

from retrieval.query.price import PriceRange, parse_price, to_number

pytestmark = pytest.mark.unit

# (query, low, high, the text the span must cut, stripped of surrounding spaces)
PRICES = [
    ("under $120", None, 120.0, "under $120"),
    ("less than a hundred", None, 100.0, "less than a hundred"),
    ("between 50 and 80 dollars", 50.0, 80.0, "between 50 and 80 dollars"),
    ("$50-$80", 50.0, 80.0, "$50-$80"),
    ("$50 – $80", 50.0, 80.0, "$50 – $80"),
    ("from $30 to $45", 30.0, 45.0, "from $30 to $45"),
    ("over 200 bucks", 200.0, None, "over 200 bucks"),
    ("200+", 200.0, None, "200+"),
    ("around $100", 80.0, 120.0, "around $100"),
    ("no more than 1.5k", None, 1500.0, "no more than 1.5k"),
    ("I'd rather not spend more than $200", None, 200.0, "more than $200"),
    ("under $99.99", None, 99.99, "under $99.99"),
    ("speaker under $50.", None, 50.0, "under $50"),
    ("under $1,200, please", None, 1200.0, "under $1,200"),
    ("under two hundred fifty", None, 250.0, "under two hundred fifty"),
    (
        "less than two hundred and fifty dollars",
        None,
        250.0,
        "less than two hundred and fifty dollars",
    ),
    ("between fifty and eighty dollars", 50.0, 80.0, "between fifty and eighty dollars"),
    ("under twelve hundred dollars", None, 1200.0, "under twelve hundred dollars"),
    ("under a grand", None, 1000.0, "under a grand"),
    ("under fifty bucks", None, 50.0, "under fifty bucks"),
    ("boots under 120", None, 120.0, "under 120"),
    ("below $80", None, 80.0, "below $80"),
    ("cheaper than $60", None, 60.0, "cheaper than $60"),
    ("at most $75", None, 75.0, "at most $75"),
    ("up to $300", None, 300.0, "up to $300"),
    ("max $40", None, 40.0, "max $40"),
    ("on a budget of $500", None, 500.0, "on a budget of $500"),
    ("<$50", None, 50.0, "<$50"),
    ("not more than $90", None, 90.0, "not more than $90"),
    ("never over $300", None, 300.0, "over $300"),
    ("under 1.5K", None, 1500.0, "under 1.5K"),
    ("under $120!", None, 120.0, "under $120"),
    ("$50 and up", 50.0, None, "$50 and up"),
    ("$100 or more", 100.0, None, "$100 or more"),
    ("at least $20", 20.0, None, "at least $20"),
    ("more than 30 bucks", 30.0, None, "more than 30 bucks"),
    ("starting at $15", 15.0, None, "starting at $15"),
    (">$100", 100.0, None, ">$100"),
    ("about 50 dollars", 40.0, 60.0, "about 50 dollars"),
    ("roughly $1k", 800.0, 1200.0, "roughly $1k"),
    ("approx. $60", 48.0, 72.0, "approx. $60"),
    ("tent $150 - $300", 150.0, 300.0, "$150 - $300"),
    ("between $1,000 and $2,000", 1000.0, 2000.0, "between $1,000 and $2,000"),
    ("between $80 and $50", 50.0, 80.0, "between $80 and $50"),
    ("size 10 under $100", None, 100.0, "under $100"),
    ("waterproof hiking boots under $120 in size 10", None, 120.0, "under $120"),
    ("backpack under 10 lbs and under $100", None, 100.0, "under $100"),
]

# Numbers that are weights, durations, capacities, ages or sizes: never a price.
NOT_PRICES = [
    "backpack under 10 lbs",
    "under 10lbs",
    "battery up to 20 hours",
    "size 10 boots",
    "size 10 and up",
    "in size 12",
    "tent for up to 5 people",
    "up to 4 players",
    "below 2kg",
    "under 5 oz",
    "under 40mm",
    'under 6"',
    "over 256GB",
    "above 3000 mAh",
    "for a 10-year-old",
    "over 18 years",
    "over 6 months",
    "under 10 percent",
    "around 5 lbs",
    "over-ear headphones",
    "over the ear",
    "2 person tent",
    "top 10 tents",
    "boots",
    "",
]


@pytest.mark.parametrize(("query", "low", "high", "cut"), PRICES)
def test_price_phrasings(query: str, low: float | None, high: float | None, cut: str) -> None:
    found = parse_price(query)
    assert found is not None
    assert (found.low, found.high) == (low, high)
    start, end = found.span
    assert query[start:end].strip() == cut


@pytest.mark.parametrize("query", NOT_PRICES)
def test_numbers_that_are_not_prices(query: str) -> None:
    assert parse_price(query) is None


def test_span_cut_leaves_the_rest_of_the_query() -> None:
    query = "jacket under $120 in size 10"
    found = parse_price(query)
    assert isinstance(found, PriceRange) and found.high == 120.0
    rest = query[: found.span[0]] + " " + query[found.span[1] :]
    assert " ".join(rest.split()) == "jacket in size 10"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$1,200", 1200.0),
        ("1.5k", 1500.0),
        ("$ 40", 40.0),
        ("99.99", 99.99),
        ("80 dollars", 80.0),
        ("a hundred and fifty", 150.0),
        ("two hundred fifty", 250.0),
        ("a grand", 1000.0),
        ("twenty-five", 25.0),
        ("boots", None),
        ("", None),
    ],
)
def test_to_number(text: str, expected: float | None) -> None:
    assert to_number(text) == expected


def bug(query: str, expected: tuple[float | None, float | None] | None, was: str) -> object:
    """A case the parser once got wrong (``was``), kept so it stays fixed."""
    return pytest.param(query, expected, id=query)


# Cases the first parser got wrong: (query, the (low, high) a shopper means, or None).
BUGS = [
    bug("under 2 grand", (None, 2000.0), "(None, 2.0)"),
    bug("under two thousand five hundred", (None, 2500.0), "(None, 2005.0)"),
    bug("under one fifty", (None, 150.0), "(None, 51.0)"),
    bug("over $50 and under $100", (50.0, 100.0), "(None, 100.0)"),
    bug("$200 max", (None, 200.0), "None"),
    bug("200 or less", (None, 200.0), "None"),
    bug("50 to 80 dollars", (50.0, 80.0), "None"),
    bug("no frills tent over $200", (200.0, None), "(None, 200.0): 'no' read as negation"),
    bug("toys for ages 8 and up", None, "(8.0, None)"),
    bug("3+ person tent", None, "(3.0, None)"),
    bug("sleeps up to 4", None, "(None, 4.0)"),
    bug("tent for up to 3 adults", None, "(None, 3.0)"),
    bug("rated over 4 stars", None, "(4.0, None)"),
    bug("boots for over 10 miles", None, "(10.0, None)"),
]


@pytest.mark.parametrize(("query", "expected"), BUGS)
def test_price_phrasings_the_first_parser_got_wrong(
    query: str, expected: tuple[float | None, float | None] | None
) -> None:
    found = parse_price(query)
    assert (None if found is None else (found.low, found.high)) == expected


def test_absurd_number_is_not_an_infinite_price() -> None:
    found = parse_price("under " + "9" * 400)
    assert found is None or all(v is None or math.isfinite(v) for v in (found.low, found.high))
