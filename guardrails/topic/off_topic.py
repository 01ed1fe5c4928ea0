"""Off topic: tasks outside shopping at this store, even when phrased with shop words.

Each family of ``off_topic.yaml`` (creative writing, coding, homework, news, politics, ...)
is one regex; the first family that matches is the reason. A message holding an in-scope
shop task ("help me write a review", "gift ideas for my dad") is never off topic.
"""

from __future__ import annotations

import re

from guardrails.topic.lexicon import OffTopicLexicon, compile_patterns
from guardrails.topic.text import Readings
from guardrails.topic.verdict import TopicVerdict


class OffTopicCheck:
    """Finds requests the store's assistant should decline as outside its job."""

    def __init__(self, lexicon: OffTopicLexicon) -> None:
        self._families: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
            (family, compile_patterns(patterns, f"off_topic.yaml {family}"))
            for family, patterns in lexicon.families.items()
        )
        self._in_scope = compile_patterns(lexicon.in_scope, "off_topic.yaml in_scope")

    def check(self, readings: Readings) -> TopicVerdict | None:
        """Off topic with the family that matched, or None."""
        text = readings.plain
        if self._in_scope.search(text):
            return None
        for family, pattern in self._families:
            if pattern.search(text):
                return TopicVerdict("off_topic", f"off_topic:{family}")
        return None
