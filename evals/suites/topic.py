"""``aisle eval topic``: the topic guard (abuse, competitor, advice, off topic) on labelled
shopper messages, with its latency."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from evals.datasets.labelled import Labelled
from evals.metrics.classification import classification_report
from guardrails.topic.guard import TopicGuard

Advance = Callable[[int], None]


def evaluate_topic(
    items: list[Labelled], guard: TopicGuard, advance: Advance | None = None
) -> dict[str, Any]:
    """Check every item; the classification report, false flags on ok, latency, and misses."""
    predicted: list[str] = []
    timings: list[float] = []
    for item in items:
        start = time.perf_counter()
        predicted.append(guard.check(item.text).kind)
        timings.append((time.perf_counter() - start) * 1000)
        if advance:
            advance(1)
    report = classification_report([i.label for i in items], predicted)
    ok = [p for i, p in zip(items, predicted, strict=True) if i.label == "ok"]
    report["items"] = len(items)
    report["ok_flagged_rate"] = round(sum(p != "ok" for p in ok) / len(ok), 4) if ok else 0.0
    ordered = sorted(timings)
    report["p50_ms"] = round(ordered[len(ordered) // 2], 3) if ordered else 0.0
    report["p95_ms"] = round(ordered[int(len(ordered) * 0.95)], 3) if ordered else 0.0
    report["wrong"] = [
        {"text": i.text, "label": i.label, "predicted": p}
        for i, p in zip(items, predicted, strict=True)
        if i.label != p
    ]
    return report
