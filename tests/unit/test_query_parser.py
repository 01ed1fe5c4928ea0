"""Query parsing against a store vocabulary: filters, hints, search text, and hostile input."""

from __future__ import annotations

import pytest

from retrieval.query.filters import Filters
from retrieval.query.parser import (
    COLOR_FAMILIES,
    MAX_QUERY_CHARS,
    ParsedQuery,
    QueryParser,
    Vocabulary,
    vocabulary_from,
)

pytestmark = pytest.mark.unit

CATEGORIES = ("Hiking Boots", "Headphones & Earbuds", "Kids Clothing")
BRANDS = ("Cairnstone", "Copper Kettle Co.")
SIZES = ("8", "9", "10", "10.5", "S", "M", "L", "XL", "4T")
COLORS = ("Black", "Navy", "Sky Blue", "Red", "Burgundy", "Blush", "Olive")


def vocabulary(*, has_prices: bool = True, has_stock: bool = True) -> Vocabulary:
    return Vocabulary(
        categories=CATEGORIES,
        brands=BRANDS,
        sizes=SIZES,
        colors=COLORS,
        has_prices=has_prices,
        has_stock=has_stock,
    )


@pytest.fixture(scope="module")
def parser() -> QueryParser:
    return QueryParser(vocabulary())


def test_full_query_is_taken_apart(parser: QueryParser) -> None:
    parsed = parser.parse("waterproof hiking boots under $120 in size 10")
    assert parsed.original == "waterproof hiking boots under $120 in size 10"
    assert parsed.text == "waterproof hiking boots"
    assert parsed.filters == Filters(price_max=120.0, sizes=("10",))
    assert parsed.categories == ("Hiking Boots",)
    assert parsed.brands == () and parsed.notes == ()


# (query, search text, filters)
FILTER_CASES = [
    ("jacket size medium", "jacket", Filters(sizes=("M",))),
    ("jacket in size medium", "jacket", Filters(sizes=("M",))),
    ("size x-large jacket", "jacket", Filters(sizes=("XL",))),
    ("size xl jacket", "jacket", Filters(sizes=("XL",))),
    ("kids clothing size 4t", "kids clothing", Filters(sizes=("4T",))),
    ("size 10.5 boots", "boots", Filters(sizes=("10.5",))),
    ("size 10 1/2 boots", "boots", Filters(sizes=("10.5",))),
    ("size 10½ boots", "boots", Filters(sizes=("10.5",))),
    ("sz 9 boots", "boots", Filters(sizes=("9",))),
    ("boots size: 9", "boots", Filters(sizes=("9",))),
    ("boots in stock", "boots", Filters(in_stock=True)),
    ("in-stock boots", "boots", Filters(in_stock=True)),
    ("boots available now", "boots", Filters(in_stock=True)),
    ("boots that are in stock", "boots", Filters(in_stock=True)),
    ("stocking", "stocking", Filters()),
    ("boots under $100", "boots", Filters(price_max=100.0)),
    ("size 8 boots under 100", "boots", Filters(price_max=100.0, sizes=("8",))),
    ("size guide", "size guide", Filters()),
    ("boots size guide", "boots size guide", Filters()),
    ("medium roast coffee", "medium roast coffee", Filters()),
    ("backpack under 10 lbs", "backpack under 10 lbs", Filters()),
    (
        "the boots in stock in size 10 under $100 in navy",
        "the boots in navy",
        Filters(price_max=100.0, in_stock=True, sizes=("10",), colors=("Navy",)),
    ),
]


@pytest.mark.parametrize(("query", "text", "filters"), FILTER_CASES)
def test_filters_are_found_and_cut_from_the_text(
    parser: QueryParser, query: str, text: str, filters: Filters
) -> None:
    parsed = parser.parse(query)
    assert (parsed.text, parsed.filters) == (text, filters)
    assert parsed.notes == ()


def test_query_that_is_only_a_filter_keeps_its_words_as_search_text(parser: QueryParser) -> None:
    parsed = parser.parse("size large")
    assert parsed.filters == Filters(sizes=("L",))
    assert parsed.text == "size large"


@pytest.mark.parametrize(("query", "size"), [("boots size 14", "14"), ("size 99", "99")])
def test_size_the_store_does_not_carry_is_a_note_not_a_filter(
    parser: QueryParser, query: str, size: str
) -> None:
    parsed = parser.parse(query)
    assert parsed.filters.sizes == ()
    assert len(parsed.notes) == 1 and f"size {size}" in parsed.notes[0]


# (query, colours expected, colours that must not be there)
COLOR_CASES = [
    ("blue jacket", ("Navy", "Sky Blue"), ("Black",)),
    ("navy jacket", ("Navy",), ("Sky Blue", "Black")),
    ("pink dress", ("Blush",), ("Red", "Burgundy")),
    ("red jacket", ("Red", "Burgundy"), ("Blush",)),
    ("green jacket", ("Olive",), ()),
    ("black or navy jacket", ("Black", "Navy"), ("Sky Blue",)),
    ("grey jacket", (), COLORS),  # no grey shade in the store: no colour filter at all
    ("jacket", (), COLORS),
    ("blackberry jam", (), COLORS),
]


@pytest.mark.parametrize(("query", "expected", "absent"), COLOR_CASES)
def test_colour_words_match_the_store_shades(
    parser: QueryParser, query: str, expected: tuple[str, ...], absent: tuple[str, ...]
) -> None:
    parsed = parser.parse(query)
    assert parsed.filters.colors == expected
    assert not set(parsed.filters.colors) & set(absent)
    assert parsed.text == query  # colour words stay in the search text


def test_colour_families_cover_the_store_shades_used_above() -> None:
    assert {"navy", "blue"} <= COLOR_FAMILIES["blue"] and "black" not in COLOR_FAMILIES["blue"]
    assert "blush" in COLOR_FAMILIES["pink"] and "burgundy" in COLOR_FAMILIES["red"]
    assert COLOR_FAMILIES["gray"] is COLOR_FAMILIES["grey"]


# (query, categories, brands): soft hints, the text is left alone.
HINT_CASES = [
    ("earbuds", ("Headphones & Earbuds",), ()),
    ("wireless earbud", ("Headphones & Earbuds",), ()),
    ("headphone", ("Headphones & Earbuds",), ()),
    ("hiking boot", ("Hiking Boots",), ()),
    ("boots", (), ()),
    ("kids clothes", ("Kids Clothing",), ()),
    ("copper kettle co dutch oven", (), ("Copper Kettle Co.",)),
    ("Copper Kettle Co. dutch oven", (), ("Copper Kettle Co.",)),
    ("copper kettle", (), ()),
    ("cairnstone hiking boots", ("Hiking Boots",), ("Cairnstone",)),
]


@pytest.mark.parametrize(("query", "categories", "brands"), HINT_CASES)
def test_category_and_brand_hints(
    parser: QueryParser, query: str, categories: tuple[str, ...], brands: tuple[str, ...]
) -> None:
    parsed = parser.parse(query)
    assert (parsed.categories, parsed.brands) == (categories, brands)
    assert parsed.text == query and not parsed.filters


def test_store_without_prices_ignores_price_phrases() -> None:
    parsed = QueryParser(vocabulary(has_prices=False)).parse("boots under $50")
    assert parsed.text == "boots under $50"
    assert parsed.filters == Filters()


def test_store_without_stock_ignores_stock_phrases() -> None:
    parsed = QueryParser(vocabulary(has_stock=False)).parse("boots under $50 in stock")
    assert parsed.text == "boots in stock"
    assert parsed.filters == Filters(price_max=50.0)


def test_store_without_sizes_finds_no_size() -> None:
    parsed = QueryParser(Vocabulary(has_prices=True)).parse("boots size 10")
    assert parsed.text == "boots size 10"
    assert parsed.filters == Filters() and parsed.notes == ()


def test_vocabulary_from_drops_blanks_and_duplicates() -> None:
    vocab = vocabulary_from(
        ["Tents", None, " ", "Tents", " Boots "],
        [None, "Cairnstone"],
        ["10", "9", "10"],
        ["Red"],
        has_prices=True,
    )
    assert vocab == Vocabulary(
        categories=("Boots", "Tents"),
        brands=("Cairnstone",),
        sizes=("10", "9"),
        colors=("Red",),
        has_prices=True,
        has_stock=False,
    )


def assert_sensible(parsed: ParsedQuery) -> None:
    assert isinstance(parsed, ParsedQuery)
    assert len(parsed.original) <= MAX_QUERY_CHARS
    assert all(ch.isprintable() for ch in parsed.text + parsed.original)
    assert parsed.text == parsed.text.strip() and "  " not in parsed.text


# (query, original after cleaning, search text, filters)
ODD_QUERIES = [
    ("", "", "", Filters()),
    ("   ", "", "", Filters()),
    ("\x00\n\t", "", "", Filters()),
    ("boots\x00\n\tin size 10", "boots in size 10", "boots", Filters(sizes=("10",))),
    ("the and of", "the and of", "the and of", Filters()),
    ("🥾🥾 boots", "🥾🥾 boots", "🥾🥾 boots", Filters()),
    ("zapatos 靴 boots", "zapatos 靴 boots", "zapatos 靴 boots", Filters()),
    (
        "'; DROP TABLE products; --",
        "'; DROP TABLE products; --",
        "'; DROP TABLE products; --",
        Filters(),
    ),
    (".*[(?", ".*[(?", ".*[(?", Filters()),
    ("size (.*)", "size (.*)", "size (.*)", Filters()),
    ("under $(1) in size [10]", "under $(1) in size [10]", "under $(1) in size [10]", Filters()),
]


@pytest.mark.parametrize(("query", "original", "text", "filters"), ODD_QUERIES)
def test_odd_input_never_raises_and_is_defined(
    parser: QueryParser, query: str, original: str, text: str, filters: Filters
) -> None:
    parsed = parser.parse(query)
    assert_sensible(parsed)
    assert (parsed.original, parsed.text, parsed.filters) == (original, text, filters)
    assert parsed.categories == () and parsed.brands == ()


@pytest.mark.parametrize("query", ["boots " * 2000, "a" * 10_000, "in stock " * 1200, "1 " * 5000])
def test_very_long_query_is_capped(parser: QueryParser, query: str) -> None:
    parsed = parser.parse(query)
    assert_sensible(parsed)
    assert len(parsed.original) == MAX_QUERY_CHARS
    assert parsed.original == " ".join(query.split())[:MAX_QUERY_CHARS]
    assert any(str(MAX_QUERY_CHARS) in note for note in parsed.notes)


def test_two_sizes_are_both_kept(parser: QueryParser) -> None:
    parsed = parser.parse("size 9 or 10 boots")
    assert parsed.filters.sizes == ("9", "10")
    assert parsed.text == "boots"


def test_letter_size_the_store_does_not_carry_is_a_note(parser: QueryParser) -> None:
    parsed = parser.parse("jacket size xxl")
    assert parsed.filters.sizes == ()
    assert len(parsed.notes) == 1 and "size xxl" in parsed.notes[0].lower()


def test_absurd_price_is_not_an_infinite_filter(parser: QueryParser) -> None:
    parsed = parser.parse("boots under " + "9" * 400)
    assert parsed.filters.price_max is None
