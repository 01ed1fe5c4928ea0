"""Per-message sentiment (real VADER with the shopping lexicon) and the escalation policy."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

import pytest
from pydantic import ValidationError
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from assistant import escalation
from assistant.escalation import (
    ConversationSignals,
    EscalationPolicy,
    Sentiment,
    SentimentAnalyzer,
)
from retrieval.errors import ModelNotInstalledError

pytestmark = pytest.mark.unit

ANALYZER = SentimentAnalyzer()
POLICY = EscalationPolicy()
FRESH = ConversationSignals()
RIDICULOUS = "This is ridiculous, my order still hasn't arrived and nobody answers!!!"


def signals_after(*messages: str, failed: bool = False) -> ConversationSignals:
    """The signals of a conversation whose shopper wrote ``messages``."""
    signals = FRESH
    for message in messages:
        signals = signals.after(ANALYZER.score(message), failed=failed)
    return signals


@pytest.mark.parametrize(
    ("message", "label"),
    [
        ("Thanks, that's perfect!", "positive"),
        ("Love these, they fit perfectly", "positive"),
        ("not bad at all!", "positive"),
        ("Do you have waterproof hiking boots in size 10?", "neutral"),
        ("I need to return these boots", "neutral"),
        ("do you have anything cheaper?", "neutral"),
        ("Can I cancel my order?", "neutral"),
        ("do you ship to PO boxes", "neutral"),
        ("my PO box is the only address I have", "neutral"),
        ("These are too small, can I exchange them?", "neutral"),
        ("my order hasn't arrived yet, when should I expect it?", "neutral"),
        ("this boot is a bit pricey", "negative"),
        ("This chatbot is useless", "negative"),
        ("this site is a scam", "negative"),
        ("what a waste of time", "negative"),
        ("This is the third time asking for my refund", "negative"),
        ("my order still hasn't arrived", "negative"),
        ("My parcel still has not been delivered", "negative"),
        ("Your delivery service is rubbish", "negative"),
        ("I'm fed up with this", "negative"),
        (RIDICULOUS, "negative"),
    ],
)
def test_labels_realistic_shopper_messages(message: str, label: str) -> None:
    sentiment = ANALYZER.score(message)
    assert sentiment.label == label, sentiment
    assert -1.0 <= sentiment.compound <= 1.0


@pytest.mark.parametrize(
    "message",
    [
        "my order still hasn't arrived",
        "This is the third time I've asked about my refund",
        "I emailed on Monday and nobody replies",
        "I'm fed up with this",
        "this is a joke",
        "What a rip-off",
        "Your delivery service is rubbish",
    ],
)
def test_shopping_lexicon_turns_complaints_stock_vader_misses_negative(message: str) -> None:
    stock = SentimentIntensityAnalyzer().polarity_scores(message)["compound"]
    assert stock > -0.05, f"stock VADER already scores {message!r} negative ({stock})"
    assert ANALYZER.score(message).label == "negative"


def test_phrases_match_idioms_not_their_words() -> None:
    assert ANALYZER.score("this is a joke").label == "negative"
    assert ANALYZER.score("Is there a joke printed on this t-shirt?").label != "negative"
    assert ANALYZER.score("Has my parcel arrived?").label == "neutral"


def test_curly_apostrophes_score_like_straight_ones() -> None:
    curly = ANALYZER.score("my order still hasn\u2019t arrived and it isn\u2019t good")
    straight = ANALYZER.score("my order still hasn't arrived and it isn't good")
    assert curly == straight and curly.label == "negative"


@pytest.mark.parametrize(
    ("compound", "label"),
    [
        (1.0, "positive"),
        (0.05, "positive"),
        (0.0499, "neutral"),
        (0.0, "neutral"),
        (-0.0499, "neutral"),
        (-0.05, "negative"),
        (-1.0, "negative"),
    ],
)
def test_labels_follow_vader_thresholds(compound: float, label: str) -> None:
    assert Sentiment.from_compound(compound).label == label


@pytest.mark.parametrize(
    ("history", "failed", "message", "explicit", "reason"),
    [
        ((), False, "Can I talk to a person, please?", True, "explicit_request"),
        ((), False, "Thanks, that's perfect!", True, "explicit_request"),
        ((), False, RIDICULOUS, True, "explicit_request"),
        ((), False, RIDICULOUS, False, "strong_frustration"),
        (
            ("Where are my boots?", "I ordered them last week"),
            True,
            "The order from Monday",
            False,
            "repeated_failure",
        ),
        (
            ("This chatbot is useless", "what a waste of time"),
            False,
            "my order still hasn't arrived",
            False,
            "sustained_negativity",
        ),
    ],
)
def test_escalates(
    history: tuple[str, ...], failed: bool, message: str, explicit: bool, reason: str
) -> None:
    decision = POLICY.decide(
        signals_after(*history, failed=failed), ANALYZER.score(message), explicit
    )
    assert decision.escalate and decision.reason == reason


@pytest.mark.parametrize(
    ("history", "failed", "message"),
    [
        ((), False, "this boot is a bit pricey"),
        ((), False, "I'm a bit disappointed with the colour"),
        ((), False, "This chatbot is useless"),
        (
            ("Unfortunately the jacket is out of stock", "this boot is a bit pricey"),
            False,
            "do you have anything cheaper?",
        ),
        (("I need to return these boots",), True, "The brown ones"),
        (("This chatbot is useless",), False, "what a waste of time"),
    ],
)
def test_does_not_escalate(history: tuple[str, ...], failed: bool, message: str) -> None:
    decision = POLICY.decide(signals_after(*history, failed=failed), ANALYZER.score(message), False)
    assert decision == escalation.EscalationDecision(escalate=False, reason=None, message="")


def test_sustained_negativity_needs_each_message_below_the_single_message_threshold() -> None:
    messages = ("This chatbot is useless", "what a waste of time", "my order still hasn't arrived")
    compounds = [ANALYZER.score(m).compound for m in messages]
    assert all(POLICY.frustration_threshold < c for c in compounds), compounds
    assert sum(compounds) / 3 <= POLICY.sustained_threshold


@pytest.mark.parametrize(
    ("failed_turns", "history", "compound", "escalate"),
    [
        (0, (), -0.6, True),
        (0, (), -0.59, False),
        (1, (), 0.0, False),
        (2, (), 0.0, True),
        (0, (-0.41,), -0.41, False),  # two messages are not yet "sustained"
        (0, (0.9, -0.41, -0.41), -0.41, True),  # only the last three count
        (0, (-0.9, -0.39, -0.39), -0.39, False),
    ],
)
def test_policy_boundaries(
    failed_turns: int, history: tuple[float, ...], compound: float, escalate: bool
) -> None:
    state = ConversationSignals(consecutive_failed_turns=failed_turns, recent_compounds=history)
    assert POLICY.decide(state, Sentiment.from_compound(compound), False).escalate is escalate


def test_handover_message_says_what_happens_next_without_promising_times() -> None:
    decision = POLICY.decide(FRESH, ANALYZER.score(RIDICULOUS), False)
    assert decision.message.startswith("I'm sorry this has been so frustrating.")
    for promise in ("member of our team", "won't need to repeat", "payment details removed"):
        assert promise in decision.message
    assert "as soon as they can" in decision.message and not re.search(r"\d", decision.message)


def test_after_counts_failures_in_a_row_and_resets_on_success() -> None:
    neutral = Sentiment.from_compound(0.0)
    twice = FRESH.after(neutral, failed=True).after(neutral, failed=True)
    assert twice.consecutive_failed_turns == 2
    assert twice.after(neutral, failed=False).consecutive_failed_turns == 0
    assert FRESH.consecutive_failed_turns == 0 and FRESH.recent_compounds == ()


def test_after_keeps_only_the_last_five_compounds_oldest_first() -> None:
    signals = FRESH
    for compound in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7):
        signals = signals.after(Sentiment.from_compound(compound), failed=False)
    assert signals.recent_compounds == (0.3, 0.4, 0.5, 0.6, 0.7)


def test_policy_rejects_unknown_or_out_of_range_settings() -> None:
    with pytest.raises(ValidationError):
        EscalationPolicy.model_validate({"frustration_treshold": -0.5})
    with pytest.raises(ValidationError):
        EscalationPolicy(frustration_threshold=0.5)
    stricter = EscalationPolicy(failed_turns_limit=3)
    state = ConversationSignals(consecutive_failed_turns=2)
    assert not stricter.decide(state, Sentiment.from_compound(0.0), False).escalate


@pytest.fixture
def vader_not_installed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    escalation._vader.cache_clear()
    monkeypatch.setitem(sys.modules, "vaderSentiment.vaderSentiment", None)
    yield
    escalation._vader.cache_clear()


@pytest.mark.usefixtures("vader_not_installed")
def test_missing_vader_says_how_to_install_it() -> None:
    with pytest.raises(ModelNotInstalledError, match="vaderSentiment") as raised:
        SentimentAnalyzer().score("hello")
    assert raised.value.hint is not None and "pip install vaderSentiment==" in raised.value.hint
