"""Prompt-injection detection for shopper messages and for documents the model will read.

``InjectionDetector.check`` normalises the text (see ``normalise``), runs the heuristic rules
over every reading of it, and asks the classifier. A message is classified whole. A document
(a retrieved chunk, a product description, an FAQ) is classified window by window, one
sentence or line each (see ``windows``), so an instruction planted in a long description stands
out instead of being averaged away by the marketing copy around it. Documents also get the
``reader_directive`` rules (``directives``), which would misfire on shoppers' own words.

A window is flagged when the classifier is sure of it on its own, or when it is fairly sure
*and* the window is off the document's topic: its embedding is far from the rest of the
document's. Store copy stays on its product ("Machine wash cold" sits close to the jacket it
is about); "Write a short story about a lighthouse" planted in a boot description does not.
The thresholds are chosen by cross-validation on the training data
(``python -m guardrails.injection.calibrate``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from guardrails.injection.classifier import InjectionClassifier, Kind, PassageEmbedder
from guardrails.injection.config import InjectionConfig
from guardrails.injection.directives import DOCUMENT_RULES
from guardrails.injection.heuristics import RULES, scan
from guardrails.injection.normalise import decoded_segments, normalise, readings
from guardrails.injection.windows import split_windows
from retrieval.types import Embedder

__all__ = ["InjectionDetector", "InjectionVerdict", "context_similarities", "split_windows"]


@dataclass(frozen=True)
class InjectionVerdict:
    """Whether a text looks like a prompt injection, how strongly, and why."""

    flagged: bool
    score: float
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DocumentThresholds:
    """When a document window is flagged (the document numbers of ``InjectionConfig``)."""

    alone: float
    off_topic: float
    context_similarity: float
    on_topic_similarity: float = 1.0

    def flagged_window(self, probabilities: list[float], context: list[float]) -> int | None:
        """The first window to flag, by probability alone or off-topic, or ``None``.

        A window of a longer document that sits on the document's topic (similarity above
        ``on_topic_similarity``) is not flagged by probability alone: "write three things you
        are grateful for" belongs in a journal's description.
        """
        has_context = len(probabilities) > 1
        for n, (p, similarity) in enumerate(zip(probabilities, context, strict=True)):
            on_topic = has_context and similarity > self.on_topic_similarity
            if p >= self.alone and not on_topic:
                return n
            if p >= self.off_topic and similarity <= self.context_similarity:
                return n
        return None


def context_similarities(vectors: np.ndarray[Any, Any]) -> list[float]:
    """Cosine of each row with the sum of the other rows; 1.0 when there are no others."""
    if len(vectors) < 2:
        return [1.0] * len(vectors)
    rest = vectors.sum(axis=0, keepdims=True) - vectors
    norms = np.linalg.norm(rest, axis=1) * np.linalg.norm(vectors, axis=1)
    cosines = (vectors * rest).sum(axis=1) / np.maximum(norms, 1e-9)
    return [float(c) for c in cosines]


class InjectionDetector:
    """Flags direct injections in messages and planted ones in documents."""

    def __init__(
        self,
        embedder: Embedder,
        config: InjectionConfig | None = None,
        *,
        classifier: InjectionClassifier | None = None,
        training_embedder: PassageEmbedder | None = None,
        message_embedder: Embedder | None = None,
        message_training_embedder: PassageEmbedder | None = None,
    ) -> None:
        self.config = config or InjectionConfig()
        self.embedder = embedder  # what the document model reads
        self.message_embedder = message_embedder or embedder  # ... and the message model
        self._classifier = classifier or InjectionClassifier(
            embedder,
            window_cache_size=self.config.window_cache_size,
            training_embedder=training_embedder,
            message_embedder=message_embedder,
            message_training_embedder=message_training_embedder,
        )
        self._families = self.config.heuristics.enabled()
        self._thresholds = DocumentThresholds(
            self.config.document_threshold,
            self.config.off_topic_threshold,
            self.config.off_topic_similarity,
            self.config.on_topic_similarity,
        )

    def warm_up(self) -> None:
        """Train the classifier now (several seconds) instead of on the first check."""
        if self.config.classifier:
            self._classifier.warm_up()

    def check(self, text: str, *, kind: Kind = "message") -> InjectionVerdict:
        """Is ``text`` (a shopper ``message`` or a ``document`` chunk) a prompt injection?"""
        if not self.config.enabled or not text.strip():
            return InjectionVerdict(False, 0.0)
        canonical = normalise(text)
        if not canonical:  # nothing but invisible or control characters: no instruction in it
            return InjectionVerdict(False, 0.0)
        rules = RULES + DOCUMENT_RULES if kind == "document" else RULES
        hits = scan(readings(canonical), self._families, rules, first=True)
        if hits:  # a rule is certain enough; the classifier would not change the verdict
            return InjectionVerdict(True, 1.0, [f"heuristic:{h.family}:{h.rule}" for h in hits])
        if not self.config.classifier:
            return InjectionVerdict(False, 0.0)
        if kind == "message":
            return self._check_message(canonical)
        return self._check_document(canonical)

    def _check_message(self, canonical: str) -> InjectionVerdict:
        segments = decoded_segments(canonical)
        probability = max(self._classifier.scores([canonical, *segments], "message"))
        reasons = []
        if probability >= self.config.message_threshold:
            reasons.append(f"classifier:message:{probability:.2f}")
        return InjectionVerdict(bool(reasons), round(probability, 4), reasons)

    def _check_document(self, canonical: str) -> InjectionVerdict:
        windows = split_windows(canonical) + decoded_segments(canonical)
        scored = self._classifier.windows(windows)
        probabilities = scored.probabilities
        context = context_similarities(scored.vectors)
        score = round(max(probabilities), 4)
        at = self._thresholds.flagged_window(probabilities, context)
        if at is None:
            return InjectionVerdict(False, score)
        where = f" in window {at + 1} of {len(windows)}"
        if context[at] <= self._thresholds.context_similarity:
            reason = f"off_topic:document:{probabilities[at]:.2f}:context={context[at]:.2f}"
        else:
            reason = f"classifier:document:{probabilities[at]:.2f}"
        return InjectionVerdict(True, score, [reason + where])
