"""When to hand a conversation to a person: per-message sentiment and the escalation policy.

Each shopper message is scored with VADER (``vaderSentiment``), a lexicon and rule-based scorer
that needs no model download. Its lexicon is tuned here for shopping complaints it would miss.
VADER looks words up one token at a time, so a multi-word key added to its lexicon never
matches: phrases such as "still hasn't arrived" are first rewritten into one synthetic token
that the lexicon update scores.

The assistant keeps one ``ConversationSignals`` per conversation. For each message it calls
``EscalationPolicy.decide`` with the signals as they stood *before* that message, replies, then
stores ``signals.after(sentiment, failed=...)``.

Raises ``ModelNotInstalledError`` (retrieval.errors) if ``vaderSentiment`` is not installed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from retrieval.errors import ModelNotInstalledError

if TYPE_CHECKING:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

SentimentLabel = Literal["negative", "neutral", "positive"]
EscalationReason = Literal[
    "explicit_request", "strong_frustration", "repeated_failure", "sustained_negativity"
]

VADER_PACKAGE = "vaderSentiment==3.3.2"
NEUTRAL_BAND = 0.05  # VADER's own cut-offs: compound >= 0.05 positive, <= -0.05 negative
MAX_RECENT_COMPOUNDS = 5

# Single words, on VADER's -4..4 scale. Anchors from the stock lexicon: "useless" -1.8,
# "awful" -2.0, "bad" -2.5, "scam" -2.7; it already knows "useless", "ridiculous" and "scam".
_WORD_VALENCES: dict[str, float] = {
    # British for worthless, said of goods or service; as strong as "awful".
    "rubbish": -2.0,
    # Accuses the shop of overcharging: a little milder than "scam".
    "ripoff": -2.4,
    "rip-off": -2.4,
    # The opposite of "helpful" (+1.7, stock), as dismissive as "useless".
    "unhelpful": -1.8,
    # A price complaint, not an attack on anyone.
    "overpriced": -1.2,
    # Mild price disapproval ("a bit pricey"): negative, far from escalation.
    "pricey": -0.5,
    # Stock -1.0, but "Can I cancel my order?" is a routine request, not a complaint.
    "cancel": 0.0,
}
# Stock words that carry no feeling in a shop, taken out of the lexicon (a word kept at 0.0
# still turns negative when typed in capitals). "po" is slang for "pissed off" (-2.6), but here
# it is a PO box or a purchase order: "do you ship to PO boxes?" scored -0.65 and was handed to
# a person.
_NOT_SENTIMENT = ("po",)

# Phrases whose words carry no valence on their own: (pattern, synthetic token, valence).
_PHRASES: tuple[tuple[re.Pattern[str], str, float], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), token, valence)
    for pattern, token, valence in (
        # An order that never came is the commonest delivery grievance; VADER scores it 0.0.
        (
            r"\b(?:still\s+(?:(?:has|have|is|are)\s*n[o']?t|not)\s+(?:been\s+)?"
            r"(?:arrived|delivered|come|turned\s+up|shown\s+up|here)|never\s+(?:arrived|came)"
            r"|yet\s+to\s+(?:arrive|be\s+delivered))\b",
            "aisle_not_arrived",
            -2.0,
        ),
        # Having to repeat oneself means earlier answers failed: as strong as "awful".
        (
            r"\b(?:(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th))\s+time\s+(?:i(?:'ve|'m|\s+am|"
            r"\s+have)\s+)?(?:ask|asked|asking|written|writing|emailed|emailing|chasing)"
            r"|asked\s+(?:you\s+)?(?:twice|three\s+times|already)|keep\s+(?:asking|chasing))\b",
            "aisle_asked_again",
            -2.0,
        ),
        # Being ignored; "nobody" is not in the lexicon, and stock "no" (-1.2) undersells it.
        (
            r"\b(?:(?:nobody|no\s+one|no-one)\s+(?:answers|replies|responds|gets\s+back|helps"
            r"|is\s+answering|has\s+(?:answered|replied|responded))|no\s+(?:reply|response))\b",
            "aisle_ignored",
            -1.8,
        ),
        # An idiom of exasperation, stronger than "waste" alone (-1.8), as strong as "bad".
        (r"\bwaste\s+of\s+(?:my\s+|our\s+)?(?:time|money)\b", "aisle_waste_of_time", -2.5),
        # "fed up": neither word is in the lexicon; as strong as "awful".
        (r"\bfed\s+up\b", "aisle_fed_up", -2.0),
        # Stock "joke" is +1.2 (humour); said of a service it is sarcasm.
        (
            r"\b(?:(?:this|that|it)(?:'s|\s+is)\s+(?:a\s+)?(?:complete\s+|total\s+|absolute\s+)?"
            r"joke|what\s+a\s+joke)\b",
            "aisle_a_joke",
            -1.5,
        ),
    )
)


@dataclass(frozen=True)
class Sentiment:
    """How a message feels: VADER's compound score in -1..1 and its standard label."""

    compound: float
    label: SentimentLabel

    @classmethod
    def from_compound(cls, compound: float) -> Sentiment:
        """Label ``compound`` with VADER's thresholds (±0.05)."""
        if compound >= NEUTRAL_BAND:
            return cls(compound, "positive")
        if compound <= -NEUTRAL_BAND:
            return cls(compound, "negative")
        return cls(compound, "neutral")


@lru_cache(maxsize=1)
def _vader() -> SentimentIntensityAnalyzer:
    """VADER with the shopping lexicon update (loaded once, a few milliseconds)."""
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError as exc:
        raise ModelNotInstalledError(
            "the sentiment lexicon (vaderSentiment) is not installed",
            hint=f"run `make setup`, or `pip install {VADER_PACKAGE}`",
        ) from exc
    analyzer = SentimentIntensityAnalyzer()
    analyzer.lexicon.update(_WORD_VALENCES)
    for word in _NOT_SENTIMENT:
        analyzer.lexicon.pop(word, None)
    analyzer.lexicon.update({token: valence for _, token, valence in _PHRASES})
    return analyzer


class SentimentAnalyzer:
    """Scores shopper messages; VADER loads on first use, so building one is cheap."""

    def score(self, text: str) -> Sentiment:
        """The sentiment of one message."""
        text = text.replace("\u2019", "'")  # phone keyboards type "hasn’t"; VADER expects "'"
        for pattern, token, _ in _PHRASES:
            text = pattern.sub(f" {token} ", text)
        compound = float(_vader().polarity_scores(text)["compound"])
        return Sentiment.from_compound(compound)


@dataclass(frozen=True)
class ConversationSignals:
    """What the policy remembers of one conversation.

    ``consecutive_failed_turns`` counts assistant replies in a row that did not help (no answer
    found, model failure, the shopper saying it was wrong); ``recent_compounds`` holds the
    compound scores of the last few shopper messages, oldest first.
    """

    consecutive_failed_turns: int = 0
    recent_compounds: tuple[float, ...] = ()

    def after(self, sentiment: Sentiment, failed: bool) -> ConversationSignals:
        """The signals once this message is answered: a successful turn resets the failures."""
        return ConversationSignals(
            consecutive_failed_turns=self.consecutive_failed_turns + 1 if failed else 0,
            recent_compounds=(*self.recent_compounds, sentiment.compound)[-MAX_RECENT_COMPOUNDS:],
        )


@dataclass(frozen=True)
class EscalationDecision:
    """Whether to hand over, why, and what to tell the shopper (empty when not escalating)."""

    escalate: bool
    reason: EscalationReason | None
    message: str


_HANDOVER = (
    "I'm passing this conversation to a member of our team. They'll see what we've discussed, "
    "with any payment details removed, so you won't need to repeat yourself, and they'll reply "
    "as soon as they can."
)
_OPENINGS: dict[EscalationReason, str] = {
    "explicit_request": "Of course.",
    "strong_frustration": "I'm sorry this has been so frustrating.",
    "repeated_failure": "I'm sorry I haven't been able to sort this out.",
    "sustained_negativity": "I'm sorry this hasn't been going well.",
}
_STAY = EscalationDecision(escalate=False, reason=None, message="")


class EscalationPolicy(BaseModel):
    """When the assistant hands a conversation to a person.

    The first rule that holds gives the reason: an explicit request, strong frustration in this
    message, repeated failure, then sustained negativity.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    frustration_threshold: float = Field(
        -0.6, ge=-1.0, le=0.0, description="A compound at or below this is strong frustration."
    )
    failed_turns_limit: int = Field(
        2, ge=1, description="Escalate after this many failed assistant turns in a row."
    )
    sustained_threshold: float = Field(
        -0.4, ge=-1.0, le=0.0, description="Escalate when the window's mean is at or below this."
    )
    sustained_window: int = Field(
        3, ge=2, le=MAX_RECENT_COMPOUNDS, description="Messages in the window, this one included."
    )

    def decide(
        self, state: ConversationSignals, message_sentiment: Sentiment, explicit_request: bool
    ) -> EscalationDecision:
        """Decide for a new message; ``state`` is the conversation as it stood before it."""
        reason = self._reason(state, message_sentiment.compound, explicit_request)
        if reason is None:
            return _STAY
        return EscalationDecision(True, reason, f"{_OPENINGS[reason]} {_HANDOVER}")

    def _reason(
        self, state: ConversationSignals, compound: float, explicit_request: bool
    ) -> EscalationReason | None:
        if explicit_request:
            return "explicit_request"
        if compound <= self.frustration_threshold:
            return "strong_frustration"
        if state.consecutive_failed_turns >= self.failed_turns_limit:
            return "repeated_failure"
        window = (*state.recent_compounds, compound)[-self.sustained_window :]
        # A full window only: the first one or two messages of a chat are not "sustained".
        full = len(window) == self.sustained_window
        if full and sum(window) / len(window) <= self.sustained_threshold:
            return "sustained_negativity"
        return None
