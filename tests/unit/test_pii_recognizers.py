"""The PII guardrail's pattern recognizers and word lists, without the spaCy model.

Tables of (text, expected findings), each with negatives: shopping text that has the shape of
an address or a phone number (sizes, measures, order and tracking numbers, dates) and must not
be flagged.
"""

from __future__ import annotations

import pytest

from guardrails.pii.recognizers import (
    ContextPhoneRecognizer,
    StreetAddressRecognizer,
    is_phone_length,
    looks_like_street,
    phone_digits,
)
from guardrails.pii.retail import FIRST_NAMES, PRODUCT_WORDS, RetailFilter

pytestmark = pytest.mark.unit


def addresses(text: str) -> list[str]:
    """The address findings of ``text``, overlapping ones merged, in order."""
    found = sorted(
        (r.start, r.end) for r in StreetAddressRecognizer().analyze(text, ["STREET_ADDRESS"])
    )
    merged: list[list[int]] = []
    for start, end in found:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [text[start:end] for start, end in merged]


def phones(text: str) -> list[str]:
    return [text[r.start : r.end] for r in ContextPhoneRecognizer().analyze(text, [])]


ADDRESSES = [
    ("Ship it to 221B Baker Street", ["221B Baker Street"]),
    (
        "Please ship to 42 Elm Street, Apt 5B, Springfield, IL 62704",
        ["42 Elm Street, Apt 5B, Springfield, IL 62704"],
    ),
    (
        "new address: 77 Harbour Road, Unit 12, Bristol BS1 5TR",
        ["77 Harbour Road, Unit 12, Bristol BS1 5TR"],
    ),
    ("deliver to 3401 N Lakeshore Dr Suite 210", ["3401 N Lakeshore Dr Suite 210"]),
    # typed in lower case, in a message about delivery
    ("ship it to 1208 oak ave apt 3 please", ["1208 oak ave apt 3"]),
    ("please deliver to 45 willow drive", ["45 willow drive"]),
    ("ship to 9 nassaustraat 12 amsterdam", ["9 nassaustraat 12"]),
    # continental and Latin layouts, numbers first or last
    ("I moved to Nassaustraat 123", ["Nassaustraat 123"]),
    ("I live at 15 Rue de Rivoli, Paris", ["15 Rue de Rivoli, Paris"]),
    (
        "How do I change my address to 16 48 rue Descartes, Monte Gil, Canada?",
        ["16 48 rue Descartes, Monte Gil, Canada"],
    ),
    (
        "Please return to 56539 Rua Cyro Schmutzer Franco 1213",
        ["56539 Rua Cyro Schmutzer Franco 1213"],
    ),
    ("my address: 46 velký průhon 426", ["46 velký průhon 426"]),
    # a labelled line, and the lines that continue the street
    ("Address:\n12 Main St\nSpringfield, IL 62704", ["12 Main St\nSpringfield, IL 62704"]),
    ("PSC 7589, Box 0572\nAPO AE 20040", ["PSC 7589, Box 0572\nAPO AE 20040"]),
    (
        "Address: 12 Main St, Springfield, phone 555-123-4567",
        ["12 Main St, Springfield"],
    ),
    # the address ends where the sentence goes on
    (
        "The letter arrived at 760 Passauer Strasse 33, Tunisia last night.",
        ["760 Passauer Strasse 33, Tunisia"],
    ),
    ("My address is 12 Main St, thanks!", ["12 Main St"]),
    # a "Mobile:" label after the address is not a town
    ("27 2279 President St\nGleniti\nMobile: 041-412-293", ["27 2279 President St\nGleniti"]),
]

NOT_ADDRESSES = [
    "On 29 March 2017 my order was delivered",
    "delivered 12 May 2024, wrong size",
    "do you have a 2 tb external hard drive",
    "32 gb flash drive under 20 dollars",
    "is this a 4 wheel drive toy truck?",
    "Seagate 2 TB External Hard Drive",
    "can you ship to store 42 for pickup?",
    "the address on order 1043 is wrong, can you fix it?",
    "Can I get 12 ct of AA batteries delivered?",
    "3 seater sofa and 2 chairs",
    "queen bed frame with 4 drawers",
    "The corner of {street_name} and {street_name}",
    "How much is shipping to zip 90210?",
    "My zip code is 2371",
]


@pytest.mark.parametrize(("text", "expected"), ADDRESSES)
def test_street_addresses_are_found(text: str, expected: list[str]) -> None:
    assert addresses(text) == expected


@pytest.mark.parametrize("text", NOT_ADDRESSES)
def test_measures_dates_and_stores_are_not_addresses(text: str) -> None:
    assert addresses(text) == []


PHONES = [
    ("can someone call me on 9472 7916?", ["9472 7916"]),
    ("You can reach me on +44 7700 900456", ["+44 7700 900456"]),
    ("my cell is 212 555 0198 x12", ["212 555 0198 x12"]),
    ("phone: 555.123.4567 ext. 12", ["555.123.4567 ext. 12"]),
    ("Fax: 001-420-335-7509x38548", ["001-420-335-7509x38548"]),
    ("Desk: 986.291.2294x751", ["986.291.2294x751"]),
]

NOT_PHONES = [
    "order number 20417 3321, please call me when it ships",
    "My tracking number is 7489 2034 1234, can you call the courier?",
    "my driver's license number is 2270-66-1551",
    "call me about item 5567 8890",
    "my ssn is 536-22-8726, call me",
    "delivered 2024-03-15, call me",
    "9472 7916",  # no word about phoning
    "call me when the 2 pack is back",
]


@pytest.mark.parametrize(("text", "expected"), PHONES)
def test_phone_numbers_in_a_message_about_phoning(text: str, expected: list[str]) -> None:
    assert phones(text) == expected


@pytest.mark.parametrize("text", NOT_PHONES)
def test_numbers_named_as_something_else_are_not_phones(text: str) -> None:
    assert phones(text) == []


@pytest.mark.parametrize(
    ("value", "number", "phone_sized"),
    [
        ("+1-944-435-4352x04732", "+1-944-435-4352", True),
        ("(415) 555-0132 ext. 204", "(415) 555-0132", True),
        ("555 0100", "555 0100", True),
        ("16 48", "16 48", False),
        ("16469", "16469", False),
    ],
)
def test_an_extension_does_not_count_as_phone_digits(
    value: str, number: str, phone_sized: bool
) -> None:
    assert phone_digits(value) == number
    assert is_phone_length(phone_digits(value)) is phone_sized


@pytest.mark.parametrize(
    ("value", "street"),
    [
        ("Joaquin Suarez 2906", True),
        ("Waechter Turnpike", True),
        ("Rue Abdelaziz Thâalbi", True),
        ("Maria Gonzalez", False),
        ("Lauryn Hill", False),
        ("Ryan P Costa", False),
    ],
)
def test_a_name_ending_in_a_number_or_street_type_is_a_street(value: str, street: bool) -> None:
    assert looks_like_street(value) is street


@pytest.mark.parametrize(
    ("text", "name", "product"),
    [
        ("Do you have the Harper accent chair in navy?", "Harper", True),
        ("Is the Ashley sectional in stock?", "Ashley", True),
        ("You can tell she was a huge Megan Payne fan", "Megan Payne", False),
        ("My name is Emma, chair of the school board", "Emma", False),
        ("Sarah's lamp arrived broken", "Sarah", False),
        ("a 3x Barlow lens and an aluminum tripod", "Barlow", True),
        ("my wife Julia loves the blanket", "Julia", False),
    ],
)
def test_a_name_right_before_a_product_word_names_the_product(
    text: str, name: str, product: bool
) -> None:
    end = text.index(name) + len(name)
    assert RetailFilter().names_a_product(text, end) is product


@pytest.mark.parametrize(
    ("kind", "value", "benign"),
    [
        ("PERSON", "Calvin Klein", True),
        ("PERSON", "Customer Service", True),
        ("PERSON", "Salesperson", True),
        ("PERSON", "Atlas Yoga Mat", True),
        ("STREET_ADDRESS", "CS-TRL-10-BRN", True),
        ("PERSON", "Klarna", True),
        ("PERSON", "Apple Pay", True),
        ("PERSON", "Klarna Pay", True),
        ("PERSON", "Visa", True),
        ("PERSON", "Pay", False),
        ("PERSON", "Calvin Harris", False),
        ("PERSON", "Maria Lopez", False),
    ],
)
def test_brands_roles_and_products_are_not_people(kind: str, value: str, benign: bool) -> None:
    assert RetailFilter().is_benign(kind, value) is benign


def test_first_names_leave_out_everyday_words_places_and_brands() -> None:
    ambiguous = {"mark", "will", "grace", "may", "june", "austin", "stanley", "max", "jack"}
    assert not ambiguous & FIRST_NAMES
    assert not PRODUCT_WORDS & FIRST_NAMES
    assert {"maria", "john", "priya", "katarzyna", "mohammed"} <= FIRST_NAMES
