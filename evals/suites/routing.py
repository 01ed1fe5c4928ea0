"""``aisle eval routing``: the intent router's accuracy on labelled shopper utterances."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from assistant.routing.router import IntentRouter
from evals.datasets.labelled import Labelled
from evals.metrics.classification import classification_report

Advance = Callable[[int], None]


def evaluate_routing(
    items: list[Labelled], router: IntentRouter, advance: Advance | None = None
) -> dict[str, Any]:
    """Route every item; the classification report plus the misrouted items."""
    predicted = []
    for item in items:
        predicted.append(router.route(item.text).intent)
        if advance:
            advance(1)
    report = classification_report([i.label for i in items], predicted)
    report["items"] = len(items)
    report["misrouted"] = [
        {"text": i.text, "label": i.label, "predicted": p}
        for i, p in zip(items, predicted, strict=True)
        if i.label != p
    ]
    return report
