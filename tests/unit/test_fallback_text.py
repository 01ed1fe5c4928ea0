"""Answers quoted from a source when the model fails read as sentences, not as raw records."""

from __future__ import annotations

import pytest

from assistant.answers import fallback_intro, first_sentences, knowledge_title
from assistant.prompt import Source

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("title", "kind", "section", "expected"),
    [
        # the section path repeats the policy's name: said once
        (
            "Returns & Exchanges Policy",
            "policy",
            "Returns & Exchanges Policy > Final sale items",
            "Returns & Exchanges Policy — Final sale items",
        ),
        (
            "Price Match Policy",
            "policy",
            "When you can ask",
            "Price Match Policy — When you can ask",
        ),
        (
            "Shipping Policy",
            "policy",
            "Rates > Alaska and Hawaii",
            "Shipping Policy — Rates > Alaska and Hawaii",
        ),
        ("Warranty", "policy", None, "Warranty"),
        ("How long do refunds take?", "faq", None, "How long do refunds take?"),
    ],
)
def test_a_source_is_named_without_repeating_its_policy(
    title: str, kind: str, section: str | None, expected: str
) -> None:
    assert knowledge_title(title, kind, section) == expected


def test_an_faq_is_introduced_by_its_question() -> None:
    faq = Source(1, "faq-041", "faq", "Can I return a gift I received?", "")
    policy = Source(2, "returns", "policy", "Returns & Exchanges Policy — Final sale items", "")
    assert fallback_intro(faq) == "From our FAQ, “Can I return a gift I received?” [1]:"
    assert fallback_intro(policy) == "From our Returns & Exchanges Policy — Final sale items [2]:"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Price Match Policy — When you can ask\n- **Before you buy:** ask us first.\n"
            "- **After you buy:** within **14 days**.",
            "Before you buy: ask us first. After you buy: within 14 days.",
        ),
        (
            "Returns — Final sale\nClearance items marked **Final Sale** (tagged `final-sale`) "
            "can't be returned. They're covered by the warranty. Ask us anything.",
            "Clearance items marked Final Sale (tagged final-sale) can't be returned. They're "
            "covered by the warranty.",
        ),
        (
            "Q: Do you gift wrap?\nA: Yes, for $4.95. Add it at checkout.",
            "Yes, for $4.95. Add it at checkout.",
        ),
        (
            "A plain sentence with a - dash and 2*3 maths.",
            "A plain sentence with a - dash and 2*3 maths.",
        ),
    ],
)
def test_first_sentences_read_markdown_as_plain_text(text: str, expected: str) -> None:
    assert first_sentences(text) == expected
