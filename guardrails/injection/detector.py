"""Prompt-injection detection for shopper messages and for documents the model will read.

``InjectionDetector.check`` normalises the text (see ``normalise``), runs the heuristic rules
over every reading of it, and asks the classifier. A message is classified whole. A document
(a retrieved chunk, a product description, an FAQ) is classified window by window, one
sentence or line each, so an instruction planted in a long description stands out instead of
being averaged away by the marketing copy around it; its score is the highest window's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from guardrails.injection.classifier import InjectionClassifier, Kind, PassageEmbedder
from guardrails.injection.config import InjectionConfig
from guardrails.injection.heuristics import scan
from guardrails.injection.normalise import decoded_segments, views
from retrieval.types import Embedder

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“(\[]?[A-Z0-9])|\n+")
MIN_WINDOW_CHARS = 25
MAX_WINDOW_CHARS = 400


@dataclass(frozen=True)
class InjectionVerdict:
    """Whether a text looks like a prompt injection, how strongly, and why."""

    flagged: bool
    score: float
    reasons: list[str] = field(default_factory=list)


def split_windows(text: str) -> list[str]:
    """``text`` as sentence-sized windows: short pieces joined to the next, long ones cut."""
    windows: list[str] = []
    pending = ""
    for piece in _SENTENCE_END.split(text):
        piece = piece.strip()
        if not piece:
            continue
        pending = f"{pending} {piece}".strip() if pending else piece
        if len(pending) >= MIN_WINDOW_CHARS:
            windows.extend(
                pending[i : i + MAX_WINDOW_CHARS] for i in range(0, len(pending), MAX_WINDOW_CHARS)
            )
            pending = ""
    if pending:
        if windows and len(windows[-1]) + len(pending) < MAX_WINDOW_CHARS:
            windows[-1] = f"{windows[-1]} {pending}"
        else:
            windows.append(pending)
    return windows


class InjectionDetector:
    """Flags direct injections in messages and planted ones in documents."""

    def __init__(
        self,
        embedder: Embedder,
        config: InjectionConfig | None = None,
        *,
        classifier: InjectionClassifier | None = None,
        training_embedder: PassageEmbedder | None = None,
    ) -> None:
        self.config = config or InjectionConfig()
        self._classifier = classifier or InjectionClassifier(
            embedder, training_embedder=training_embedder
        )
        self._families = self.config.heuristics.enabled()

    def warm_up(self) -> None:
        """Train the classifier now (a few seconds) instead of on the first check."""
        if self.config.classifier:
            self._classifier.warm_up()

    def check(self, text: str, *, kind: Kind = "message") -> InjectionVerdict:
        """Is ``text`` (a shopper ``message`` or a ``document`` chunk) a prompt injection?"""
        if not self.config.enabled or not text.strip():
            return InjectionVerdict(False, 0.0)
        readings = views(text)
        reasons = [f"heuristic:{hit.family}:{hit.rule}" for hit in scan(readings, self._families)]
        if reasons:  # a rule is certain enough; the classifier would not change the verdict
            return InjectionVerdict(True, 1.0, reasons)
        score = 0.0
        if self.config.classifier:
            probability, where = self._classify(readings[0], kind)
            threshold = (
                self.config.message_threshold
                if kind == "message"
                else self.config.document_threshold
            )
            if probability >= threshold:
                reasons.append(f"classifier:{kind}:{probability:.2f}" + where)
            score = max(score, probability)
        return InjectionVerdict(bool(reasons), round(score, 4), reasons)

    def _classify(self, canonical: str, kind: Kind) -> tuple[float, str]:
        """The highest attack probability over the text's windows, and where it was found."""
        segments = decoded_segments(canonical)
        if kind == "message":
            scores = self._classifier.scores([canonical, *segments], kind)
            return max(scores), ""
        windows = split_windows(canonical) + segments
        scores = self._classifier.scores(windows, kind)
        best = max(range(len(scores)), key=scores.__getitem__)
        return scores[best], f" in window {best + 1} of {len(windows)}"
