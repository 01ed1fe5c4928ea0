"""The topic guard: one verdict per shopper message, from abuse, advice, competitor, off-topic.

Checks run in order of what the assistant must do first: abuse (stay calm, or refuse and
hand off), professional advice (decline and point to a professional), competitors (talk
only about this store; point to the price-match policy), off topic (decline politely). The
first that fires decides. Swearing aimed at no one is reported only when nothing else fires,
as kind ok with severity mild. Everything is regular expressions over the normalised text,
compiled once in the constructor (a few hundred milliseconds the first time in a process): no
model, about a tenth of a millisecond for a short message.
"""

from __future__ import annotations

from collections.abc import Sequence

from guardrails.topic.abuse import AbuseCheck
from guardrails.topic.advice import AdviceCheck
from guardrails.topic.competitor import CompetitorCheck
from guardrails.topic.config import TopicConfig
from guardrails.topic.lexicon import (
    AbuseLexicon,
    AdviceLexicon,
    CompetitorLexicon,
    OffTopicLexicon,
    load_lexicon,
)
from guardrails.topic.off_topic import OffTopicCheck
from guardrails.topic.text import readings
from guardrails.topic.verdict import OK, TopicVerdict


class TopicGuard:
    """Classifies shopper messages as ok, abuse, competitor, advice or off topic.

    ``competitors`` adds store-specific rival names to ``config.competitor_names`` (the
    composition root passes the retailers of the store's price-match policy here).
    """

    def __init__(
        self, config: TopicConfig | None = None, *, competitors: Sequence[str] = ()
    ) -> None:
        self.config = config = config or TopicConfig()
        folder = config.lexicon_dir
        self._abuse = (
            AbuseCheck(
                load_lexicon(folder, "abuse", AbuseLexicon),
                reach_words=config.insult_reach_words,
            )
            if config.abuse
            else None
        )
        checks: list[AdviceCheck | CompetitorCheck | OffTopicCheck] = []
        if config.advice and config.advice_domains:
            lexicon = load_lexicon(folder, "advice", AdviceLexicon)
            checks.append(AdviceCheck(lexicon, domains=config.advice_domains))
        if config.competitor:
            checks.append(
                CompetitorCheck(
                    load_lexicon(folder, "competitors", CompetitorLexicon),
                    names=(*config.competitor_names, *competitors),
                    known_retailers=config.known_retailers,
                    allow_terms=config.allow_terms,
                )
            )
        if config.off_topic:
            checks.append(OffTopicCheck(load_lexicon(folder, "off_topic", OffTopicLexicon)))
        self._checks = tuple(checks)

    def check(self, text: str) -> TopicVerdict:
        """The verdict on one shopper message."""
        if not self.config.enabled or not text.strip():
            return OK
        message = readings(text, self.config.max_chars)
        profanity: TopicVerdict | None = None
        if self._abuse is not None:
            verdict = self._abuse.check(message)
            if verdict is not None and verdict.kind == "abuse":
                return verdict
            profanity = verdict
        for check in self._checks:
            verdict = check.check(message)
            if verdict is not None:
                return verdict
        if profanity is not None and self.config.flag_profanity:
            return profanity
        return OK
