"""``aisle eval injection``: how many attacks the injection detector catches, at what cost.

Every attack and every benign item is checked once; the result holds the detection rate (TPR),
the false-positive rate on benign items (FPR), latency percentiles per item, and the misses and
false alarms themselves, so a change can be judged on what it gets wrong.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any, cast

import numpy as np

from evals.datasets.texts import TextItem
from guardrails.injection.classifier import Kind
from guardrails.injection.detector import InjectionDetector

Advance = Callable[[int], None]
SHOWN_CHARS = 300


def evaluate_injection(
    attacks: Sequence[TextItem],
    benign: Sequence[TextItem],
    detector: InjectionDetector,
    advance: Advance | None = None,
) -> dict[str, Any]:
    """TPR on ``attacks``, FPR on ``benign``, p50/p95 latency in ms, misses and false alarms."""
    detector.warm_up()  # training time is not per-message latency
    caught, attack_results, attack_ms = _run(attacks, detector, advance)
    alarms, benign_results, benign_ms = _run(benign, detector, advance)
    latencies = np.array(attack_ms + benign_ms)
    by_kind = {}
    for kind in ("message", "document"):
        kind_ms = [ms for item, ms in zip([*attacks, *benign], latencies, strict=True)
                   if item.kind == kind]  # fmt: skip
        if kind_ms:
            by_kind[kind] = {
                "items": len(kind_ms),
                "p95_ms": round(float(np.percentile(kind_ms, 95)), 2),
            }
    return {
        "tpr": round(caught / len(attacks), 4) if attacks else None,
        "fpr": round(alarms / len(benign), 4) if benign else None,
        "p50_ms": round(float(np.percentile(latencies, 50)), 2),
        "p95_ms": round(float(np.percentile(latencies, 95)), 2),
        "attacks": len(attacks),
        "benign": len(benign),
        "caught": caught,
        "false_positives": alarms,
        "latency_by_kind": by_kind,
        "misses": [r for r in attack_results if not r["flagged"]],
        "false_alarms": [r for r in benign_results if r["flagged"]],
    }


def _run(
    items: Sequence[TextItem], detector: InjectionDetector, advance: Advance | None
) -> tuple[int, list[dict[str, Any]], list[float]]:
    """How many items were flagged, each item's verdict, and the ms each took."""
    flagged = 0
    details: list[dict[str, Any]] = []
    timings: list[float] = []
    for item in items:
        start = time.perf_counter()
        verdict = detector.check(item.text, kind=cast(Kind, item.kind))
        timings.append((time.perf_counter() - start) * 1000)
        flagged += verdict.flagged
        details.append(
            {
                "text": item.text[:SHOWN_CHARS],
                "kind": item.kind,
                "flagged": verdict.flagged,
                "score": verdict.score,
                "reasons": verdict.reasons,
            }
        )
        if advance:
            advance(1)
    return flagged, details, timings
