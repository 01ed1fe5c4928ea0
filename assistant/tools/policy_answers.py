"""The policy tools as the conversation uses them: decide whether a message is theirs to answer.

A shipping-cost question with a destination (or without one, when it asks what shipping costs)
goes to ``ShippingQuotes``; a return question that names a kind of item goes to ``ReturnRules``.
Anything else about policies is left to retrieval and the model, which can read the prose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.tools.returns import ReturnRules, parse_return_question
from assistant.tools.shipping import ShippingQuotes, parse_shipping_request

_SHIPPING = re.compile(r"\b(?:ship\w*|deliver\w*|postage|send\s+(?:it\s+)?to)\b", re.I)
_COST = re.compile(r"\b(?:how\s+much|cost\w*|price\w*|fee\w*|charge\w*|free|rate\w*)\b", re.I)
RETURN_WORDS = re.compile(r"\b(?:return\w*|refund\w*|exchang\w*|send\s+(?:it\s+)?back)\b", re.I)


class ShippingTool:
    """Answers what shipping costs and how long it takes, from the store's rate table."""

    def __init__(self, quotes: ShippingQuotes) -> None:
        self._quotes = quotes

    def answer(self, text: str) -> tuple[str, str] | None:
        """(answer, policy doc id) for a shipping cost or time question; else None."""
        if not _SHIPPING.search(text):
            return None
        request = parse_shipping_request(text)
        if request.destination is None and not _COST.search(text):
            return None
        quote = self._quotes.quote(request.destination, request.subtotal, request.method)
        return quote.render(), quote.source or "shipping"


class ReturnsTool:
    """Answers whether a kind of item can be returned, from the store's return rules."""

    def __init__(
        self, rules: ReturnRules, categories: Sequence[str], source: str = "returns"
    ) -> None:
        self._rules = rules
        self._categories = list(categories)
        self._source = source

    def answer(self, text: str) -> tuple[str, str] | None:
        """(answer, policy doc id) for a return question about a kind of item; else None."""
        if not RETURN_WORDS.search(text):
            return None
        question = parse_return_question(text, self._categories)
        if question.category is None:
            return None
        decision = self._rules.answer(question)
        return decision.render(), decision.source or self._source
