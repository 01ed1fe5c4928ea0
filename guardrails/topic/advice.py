"""Professional advice: medical, legal and financial questions beyond the store's policies.

A domain matches on one of its strong patterns ("should I see a doctor", "can I sue", "should
I invest in bitcoin"), or on a topic and an ask together ("plantar fasciitis" with "cure").
Store-policy and product-fact phrases (financing, sales tax, hypoallergenic) are blanked out
first, so they never supply a match.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from guardrails.topic.lexicon import AdviceLexicon, compile_patterns
from guardrails.topic.text import Readings
from guardrails.topic.verdict import AdviceDomain, TopicVerdict


@dataclass(frozen=True)
class _Domain:
    name: AdviceDomain
    strong: re.Pattern[str]
    topics: re.Pattern[str]
    asks: re.Pattern[str]

    def matches(self, text: str) -> bool:
        if self.strong.search(text):
            return True
        return bool(self.topics.search(text) and self.asks.search(text))


class AdviceCheck:
    """Finds requests for professional advice in the ``domains`` asked for."""

    def __init__(self, lexicon: AdviceLexicon, *, domains: Sequence[AdviceDomain]) -> None:
        self._domains = tuple(
            _Domain(
                name,
                compile_patterns(rules.strong, f"advice.yaml {name} strong"),
                compile_patterns(rules.topics, f"advice.yaml {name} topics"),
                compile_patterns(rules.asks, f"advice.yaml {name} asks"),
            )
            for name, rules in lexicon.domains.items()
            if name in domains
        )
        self._exempt = compile_patterns(lexicon.exempt, "advice.yaml exempt")

    def check(self, readings: Readings) -> TopicVerdict | None:
        """Advice with its domain, or None."""
        text = self._exempt.sub(" ", readings.plain)
        for domain in self._domains:
            if domain.matches(text):
                return TopicVerdict("advice", f"advice:{domain.name}", domain=domain.name)
        return None
