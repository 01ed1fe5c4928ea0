"""Grounded numbers: figures in a reply against the figures of its sources."""

from __future__ import annotations

from decimal import Decimal

import pytest

from guardrails.output.numbers import grounded, numbers_in, ungrounded_numbers

pytestmark = pytest.mark.unit

SOURCES = [
    "Product: Trailblazer Mid\nPrice: $109.99\nIn stock: 54 units\nDetails: weight g: 540",
    "Policy: standard $6.95, free on orders of $75.00 or more; 3–5 business days. 30 days.",
]


@pytest.mark.parametrize(
    ("reply", "missing"),
    [
        ("It costs $109.99 [1].", []),
        ("It costs $119.99 [1].", ["119.99"]),  # a mistyped price
        ("Free shipping from $75 [2].", []),  # $75 matches $75.00
        ("Shipping takes 3-5 business days [2].", []),
        ("Shipping takes 2 business days [2].", ["2"]),
        ("We have 54 in stock and it weighs 540 g [1].", []),
        ("You get a 10% discount.", ["10"]),  # an invented discount
        ("You have thirty days to return it.", []),  # words are not checked in replies
        ("Returns are accepted within 30 days [2]. 1. Start online.", []),  # list numbering
        ("Order A1043 ships with SKU CS-TRL-10-BRN.", []),  # ids are not figures
        ("Cited as [2] only.", []),
        ("It costs $1,109.99.", ["1,109.99"]),
    ],
)
def test_ungrounded_numbers(reply: str, missing: list[str]) -> None:
    assert [n.text for n in ungrounded_numbers(reply, SOURCES)] == missing
    assert grounded(reply, SOURCES) is (not missing)


def test_numbers_in_normalises_figures() -> None:
    assert numbers_in("$1,234.50 and 75.00 and 3–5") == {
        Decimal("1234.5"),
        Decimal("75"),
        Decimal("3"),
        Decimal("5"),
    }
    assert numbers_in("thirty days", words=True) == {Decimal("30")}


def test_no_sources_means_every_figure_is_ungrounded() -> None:
    assert [n.text for n in ungrounded_numbers("It is $5 for 2 days", [])] == ["5", "2"]
