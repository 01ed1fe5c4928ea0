"""The intent router with the real embedder: rules first, then the trained classifier."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.routing.router import INTENTS, IntentRouter

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def router(embedder: Any) -> IntentRouter:
    """The router as shipped, trained on its examples file."""
    return IntentRouter.from_yaml(embedder)


@pytest.mark.parametrize(
    ("text", "intent", "rule"),
    [
        ("I want to talk to a real person", "handoff", "asks for a person"),
        ("can I speak with customer service please", "handoff", "asks for a person"),
        ("where is order A1043?", "order_status", "names an order number"),
        ("thanks! A1100 still hasn't shipped", "order_status", "names an order number"),
        ("is a1100 out for delivery yet", "order_status", "names an order number"),
        ("", "small_talk", "empty message"),
        ("are you a real person or a bot?", "small_talk", "asks whether it is a person"),
        ("r u human", "small_talk", "asks whether it is a person"),
    ],
)
def test_rules_catch_what_must_never_be_missed(
    router: IntentRouter, text: str, intent: str, rule: str
) -> None:
    route = router.route(text)
    assert (route.intent, route.rule, route.confidence) == (intent, rule, 1.0)


@pytest.mark.parametrize(
    "text", ["call me an uber", "what should I call you", "order 2 of the 4000 lumen lamps"]
)
def test_rules_leave_look_alikes_to_the_classifier(router: IntentRouter, text: str) -> None:
    assert router.route(text).rule is None


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("do you have waterproof hiking boots under $120 in size 10?", "product_search"),
        ("can I return opened headphones?", "policy_faq"),
        # a return asked about in general, not one of an order already placed
        ("can I return it if it doesn't fit?", "policy_faq"),
        ("the boots I got don't fit, how do I send them back", "order_status"),
        ("what's a good gift for a 10 year old who loves space", "recommendation"),
        ("hello there!", "small_talk"),
        ("what will the weather be like in Paris tomorrow", "off_topic"),
    ],
)
def test_classifier_routes_clear_messages(router: IntentRouter, text: str, intent: str) -> None:
    route = router.route(text)
    assert route.intent == intent and route.rule is None
    assert set(route.scores) == set(INTENTS) and route.confidence == max(route.scores.values())


def test_examples_naming_an_unknown_intent_are_refused(embedder: Any) -> None:
    with pytest.raises(ValueError, match="unknown intents"):
        IntentRouter(embedder, {"shopping": ["boots"]})
