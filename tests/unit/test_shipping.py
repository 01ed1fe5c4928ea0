"""Shipping quotes from the demo store's rate table: destinations, amounts, methods, wording."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.tools.shipping import (
    ShippingQuotes,
    ShippingRequest,
    parse_shipping_request,
    resolve_destination,
)
from ingest.store_config import ShippingConfig, load_store_config
from tests.conftest import DEMO_STORE

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def quotes() -> ShippingQuotes:
    shipping = load_store_config(DEMO_STORE / "store.yaml").shipping
    assert isinstance(shipping, ShippingConfig)
    return ShippingQuotes(shipping)


@pytest.mark.parametrize(
    ("text", "country", "region"),
    [
        ("Canada", "CA", None),
        ("CA", "CA", None),
        ("ca", "CA", None),
        ("ship to CA", "CA", None),
        ("Los Angeles, CA", "US", "CA"),
        ("California", "US", "CA"),
        ("Alaska", "US", "AK"),
        ("Hawaii", "US", "HI"),
        ("HI", "US", "HI"),
        ("Puerto Rico", "US", "PR"),
        ("the US Virgin Islands", "US", "VI"),
        ("Guam", "US", "GU"),
        ("Washington, D.C.", "US", "DC"),
        ("West Virginia", "US", "WV"),
        ("New Mexico", "US", "NM"),
        ("United States", "US", None),
        ("USA", "US", None),
        ("99501", "US", "AK"),
        ("96813", "US", "HI"),
        ("00901", "US", "PR"),
        ("00802", "US", "VI"),
        ("96910", "US", "GU"),
        ("04240", "US", None),
        ("90210-1234", "US", None),
        ("09012", "US", "APO"),
        ("PSC 1234 Box 5678, APO AE", "US", "APO"),
        ("FPO AP 96349", "US", "APO"),
        ("K1P 5G3", "CA", None),
        ("m5v3l9", "CA", None),
        ("Toronto, ON", "CA", None),
        ("British Columbia", "CA", None),
        ("UK", "GB", None),
        ("United Kingdom", "GB", None),
        ("England", "GB", None),
        ("Scotland", "GB", None),
        ("Germany", "DE", None),
        ("ship to DE", "DE", None),
        ("the Netherlands", "NL", None),
        ("Australia", "AU", None),
        ("Japan", "JP", None),
        ("Mexico", "MX", None),
        ("can you ship china plates to Ohio?", "US", "OH"),
    ],
)
def test_destination_is_resolved(text: str, country: str, region: str | None) -> None:
    place = resolve_destination(text)
    assert place is not None
    assert (place.country, place.region) == (country, region)
    again = resolve_destination(place.query)
    assert again is not None and (again.country, again.region) == (country, region)


@pytest.mark.parametrize(
    "text",
    ["Mars", "hi", "hello there", "how much is shipping?", "order A1043", "it costs $12345.00", ""],
)
def test_text_without_a_place_resolves_to_nothing(text: str) -> None:
    assert resolve_destination(text) is None


@pytest.mark.parametrize(
    ("destination", "subtotal", "zone", "method", "cost", "days"),
    [
        ("Denver, CO", None, "Contiguous US", "standard", "6.95", (3, 5)),
        ("Denver, CO", Decimal("74.99"), "Contiguous US", "standard", "6.95", (3, 5)),
        ("Denver, CO", Decimal("75.00"), "Contiguous US", "standard", "0", (3, 5)),
        ("Denver, CO", Decimal("200"), "Contiguous US", "expedited", "14.95", (2, 2)),
        ("Texas", None, "Contiguous US", "overnight", "29.95", (1, 1)),
        ("Alaska", Decimal("500"), "Alaska & Hawaii", "standard", "12.95", (5, 8)),
        ("Hawaii", None, "Alaska & Hawaii", "overnight", "49.95", (1, 2)),
        ("Puerto Rico", None, "US territories (Puerto Rico, Guam, US Virgin Islands)",
         "standard", "12.95", (5, 8)),
        ("APO AE 09012", None, "APO/FPO/DPO addresses", "standard", "12.95", (None, 21)),
        ("Canada", Decimal("149.99"), "Canada", "standard", "14.95", (5, 10)),
        ("Canada", Decimal("150"), "Canada", "standard", "0", (5, 10)),
        ("Canada", None, "Canada", "expedited", "29.95", (3, 5)),
        ("Germany", Decimal("1000"), "International (UK, EU, Australia)", "standard",
         "24.95", (7, 14)),
        ("Australia", None, "International (UK, EU, Australia)", "expedited", "44.95", (4, 7)),
    ],
)  # fmt: skip
def test_quote_follows_the_rate_table(
    quotes: ShippingQuotes,
    destination: str,
    subtotal: Decimal | None,
    zone: str,
    method: str,
    cost: str,
    days: tuple[int | None, int],
) -> None:
    answer = quotes.quote(destination, subtotal)
    assert answer.status == "quoted" and answer.zone == zone and answer.source == "shipping"
    option = next(o for o in answer.options if o.method == method)
    assert option.available and option.cost == Decimal(cost)
    assert option.free is (Decimal(cost) == 0)
    assert (option.days_min, option.days_max) == days


@pytest.mark.parametrize(
    ("destination", "unavailable"),
    [
        ("Canada", {"overnight"}),
        ("UK", {"overnight"}),
        ("Guam", {"expedited", "overnight"}),
        ("FPO", {"expedited", "overnight"}),
        ("Hawaii", set()),
    ],
)
def test_methods_not_offered_are_marked(
    quotes: ShippingQuotes, destination: str, unavailable: set[str]
) -> None:
    answer = quotes.quote(destination)
    assert {o.method for o in answer.options if not o.available} == unavailable


def test_canada_answer_reads_right(quotes: ShippingQuotes) -> None:
    assert quotes.quote("Canada").render() == (
        "Shipping to Canada: standard $14.95 (free on orders of $150 or more), "
        "5–10 business days; expedited $29.95, 3–5 business days. "
        "Overnight isn't available to Canada. Delivery times are business days, counted from "
        "the day the order leaves our warehouse."
    )


@pytest.mark.parametrize(
    ("destination", "subtotal", "method", "expected"),
    [
        ("Ohio", Decimal("80"), "standard",
         "Shipping to Ohio: standard free (your $80 order qualifies), 3–5 business days."),
        ("Ohio", Decimal("60"), "standard",
         "standard $6.95 (free on orders of $75 or more; $15 more to qualify)"),
        ("Ohio", None, "overnight", "Shipping to Ohio: overnight $29.95, next business day."),
        ("Canada", None, "overnight",
         "Overnight isn't available to Canada. Shipping to Canada: standard $14.95"),
        ("Alaska", Decimal("500"), None, "standard $12.95, 5–8 business days"),
        ("FPO", None, None, "standard $12.95, up to 21 business days"),
        ("Ohio", None, "Expedited", "Shipping to Ohio: expedited $14.95, 2 business days."),
    ],
)  # fmt: skip
def test_rendered_answers(
    quotes: ShippingQuotes,
    destination: str,
    subtotal: Decimal | None,
    method: str | None,
    expected: str,
) -> None:
    assert expected in quotes.quote(destination, subtotal, method).render()


def test_unserved_and_unknown_places_list_where_the_shop_ships(quotes: ShippingQuotes) -> None:
    japan = quotes.quote("Japan")
    assert japan.status == "not_served" and not japan.options
    assert japan.render().startswith("Sorry, we don't ship to Japan. We ship only to: ")
    assert "Canada" in japan.render() and "International (UK, EU, Australia)" in japan.render()
    assert quotes.quote("Narnia").status == "unknown_destination"
    assert "We ship to: Contiguous US" in quotes.quote("Narnia").render()
    assert quotes.quote(None).status == "no_destination"
    assert quotes.quote("  ").render().startswith("Where should it ship to?")


def test_a_store_without_a_rate_table_offers_a_person() -> None:
    answer = ShippingQuotes(None).quote("Canada", Decimal("10"))
    assert answer.status == "no_rates" and answer.options == ()
    assert "connect you with a person" in answer.render()


def test_territories_ship_only_where_a_zone_lists_them(quotes: ShippingQuotes) -> None:
    shipping = load_store_config(DEMO_STORE / "store.yaml").shipping
    assert shipping is not None
    no_territories = shipping.model_copy(
        update={"zones": [z for z in shipping.zones if z.id != "us-territories"]}
    )
    assert ShippingQuotes(no_territories).quote("Puerto Rico").status == "not_served"
    assert ShippingQuotes(no_territories).quote("Ohio").status == "quoted"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("How much is shipping to Canada on a $80 order?",
         ShippingRequest("Canada", Decimal("80"), None)),
        ("if I spend 60 how much is express to Hawaii",
         ShippingRequest("Hawaii", Decimal("60"), "expedited")),
        ("is shipping free over $75 to 04240?", ShippingRequest("04240", None, None)),
        ("next day delivery to NYC?", ShippingRequest("New York", None, "overnight")),
        ("standard shipping to the UK for $1,250.50 of stuff",
         ShippingRequest("United Kingdom", Decimal("1250.50"), "standard")),
        ("my cart is 120 dollars, overnight to Anchorage?",
         ShippingRequest("Alaska", Decimal("120"), "overnight")),
        ("what does expedited cost?", ShippingRequest(None, None, "expedited")),
        ("do you ship to Japan", ShippingRequest("Japan", None, None)),
        ("hi", ShippingRequest(None, None, None)),
    ],
)  # fmt: skip
def test_parse_shipping_request(text: str, expected: ShippingRequest) -> None:
    assert parse_shipping_request(text) == expected
