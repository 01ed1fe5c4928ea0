"""``aisle eval pii``: token-level precision, recall and F2 of the PII detector.

Scored per token as presidio-research does (see ``evals.metrics.pii``), with spaCy's English
tokenizer rules (no model needed). Benign texts (shopper queries, catalog titles), when
given, measure how often harmless shopping text would be flagged.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol

from evals.datasets.presidio import PiiSample
from evals.metrics.pii import (
    DEFAULT_ENTITY_MAPPING,
    LabelledSpan,
    TokenCounts,
    TokenOffsets,
    pii_scores,
    regex_tokens,
    score_text,
)

Advance = Callable[[int], None]
MISSES_KEPT = 40


class _Span(Protocol):
    @property
    def entity_type(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


class SpanDetector(Protocol):
    """What the suite needs of a detector (``guardrails.pii.detector.PiiDetector`` fits)."""

    def detect(self, text: str) -> Sequence[_Span]:
        """Findings in ``text``."""
        ...


def spacy_tokens() -> TokenOffsets:
    """Token offsets by spaCy's English tokenizer (as presidio-research); regex if no spaCy."""
    try:
        import spacy
    except ImportError:
        return regex_tokens
    tokenizer = spacy.blank("en").tokenizer
    return lambda text: [(t.idx, t.idx + len(t)) for t in tokenizer(text)]


def evaluate_pii(
    samples: Sequence[PiiSample],
    detector: SpanDetector,
    entities: Iterable[str],
    *,
    benign: Sequence[str] = (),
    mapping: Mapping[str, str] = DEFAULT_ENTITY_MAPPING,
    tokenize: TokenOffsets | None = None,
    advance: Advance | None = None,
) -> dict[str, Any]:
    """Run ``detector`` over every sample (and benign text); scores, latency and misses."""
    keep = list(entities)
    tokens = tokenize or spacy_tokens()
    counts = TokenCounts.empty()
    timings: list[float] = []
    errors: list[dict[str, Any]] = []
    for sample in samples:
        found, elapsed = _timed(detector, sample.text)
        timings.append(elapsed)
        predicted = [LabelledSpan(s.entity_type, s.start, s.end) for s in found]
        score_text(
            counts,
            sample.text,
            sample.spans,
            predicted,
            entities=keep,
            mapping=mapping,
            tokenize=tokens,
        )
        if len(errors) < MISSES_KEPT:
            errors.extend(_mistakes(sample, predicted, keep, mapping))
        if advance:
            advance(1)
    report = pii_scores(counts, keep)
    report["samples"] = len(samples)
    report["latency_ms"] = _latency(timings)
    if benign:
        report["benign"] = benign_flag_rate(benign, detector, advance)
    report["mistakes"] = errors[:MISSES_KEPT]
    return report


def benign_flag_rate(
    texts: Sequence[str], detector: SpanDetector, advance: Advance | None = None
) -> dict[str, Any]:
    """Share of harmless texts with any finding, and the first few flagged."""
    flagged: list[dict[str, Any]] = []
    for text in texts:
        found = detector.detect(text)
        if found:
            flagged.append(
                {"text": text, "found": [(s.entity_type, text[s.start : s.end]) for s in found]}
            )
        if advance:
            advance(1)
    return {
        "texts": len(texts),
        "flagged": len(flagged),
        "flag_rate": round(len(flagged) / len(texts), 4) if texts else None,
        "examples": flagged[:MISSES_KEPT],
    }


def _timed(detector: SpanDetector, text: str) -> tuple[Sequence[_Span], float]:
    start = time.perf_counter()
    found = detector.detect(text)
    return found, (time.perf_counter() - start) * 1000


def _latency(timings: list[float]) -> dict[str, float]:
    if len(timings) < 2:
        only = round(timings[0], 2) if timings else 0.0
        return {"p50": only, "p95": only, "mean": only}
    cuts = statistics.quantiles(timings, n=20)
    return {
        "p50": round(statistics.median(timings), 2),
        "p95": round(cuts[18], 2),
        "mean": round(statistics.fmean(timings), 2),
    }


def _mistakes(
    sample: PiiSample, predicted: list[LabelledSpan], keep: list[str], mapping: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Gold spans no prediction touches, and predictions touching no gold span."""
    gold = [
        LabelledSpan(mapping.get(s.entity_type, s.entity_type), s.start, s.end)
        for s in sample.spans
    ]
    gold = [g for g in gold if g.entity_type in keep]
    pred = [p for p in predicted if p.entity_type in keep]

    def touches(a: LabelledSpan, others: list[LabelledSpan]) -> bool:
        return any(a.start < o.end and o.start < a.end for o in others)

    text = sample.text
    return [
        {"kind": "missed", "type": g.entity_type, "value": text[g.start : g.end], "text": text}
        for g in gold
        if not touches(g, pred)
    ] + [
        {"kind": "spurious", "type": p.entity_type, "value": text[p.start : p.end], "text": text}
        for p in pred
        if not touches(p, gold)
    ]
