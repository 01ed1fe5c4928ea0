"""Accuracy, per-label precision / recall / F1 and the confusion matrix of a classifier."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any


def classification_report(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    """Metrics of ``predicted`` against ``gold`` (same length); labels are those seen in either.

    A label never predicted has precision 0; one never in gold has recall 0 (and support 0).
    Macro F1 averages over the gold labels.
    """
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted must have the same length")
    if not gold:
        return {"accuracy": 0.0, "macro_f1": 0.0, "per_label": {}, "confusion": {}}
    pairs = Counter(zip(gold, predicted, strict=True))
    labels = sorted(set(gold) | set(predicted))
    per_label: dict[str, dict[str, float]] = {}
    for label in labels:
        hits = pairs[(label, label)]
        predicted_n = sum(n for (_, p), n in pairs.items() if p == label)
        gold_n = sum(n for (g, _), n in pairs.items() if g == label)
        precision = hits / predicted_n if predicted_n else 0.0
        recall = hits / gold_n if gold_n else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": gold_n,
        }
    gold_labels = sorted(set(gold))
    return {
        "accuracy": round(sum(pairs[(g, g)] for g in labels) / len(gold), 4),
        "macro_f1": round(sum(per_label[g]["f1"] for g in gold_labels) / len(gold_labels), 4),
        "per_label": per_label,
        "confusion": {g: {p: pairs[(g, p)] for p in labels if pairs[(g, p)]} for g in gold_labels},
    }
