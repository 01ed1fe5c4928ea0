"""``PiiDetector``: Presidio with the bundled spaCy pipeline, tuned for a shop's chat.

On top of Presidio's predefined recognizers it adds street addresses (Presidio has none),
phone numbers in international formats, card numbers named as such, and people introduced
by a title or a phrase ("my name is …"). Then it drops retail false positives: SKUs, order
ids and prices are never PII, and a person or place made only of the store's own product and
brand words ("Trailblazer Mid", "Cairnstone") is a product, not a person.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from guardrails.pii.config import PiiConfig
from guardrails.pii.engine import load_nlp_engine
from guardrails.pii.recognizers import custom_recognizers, preceded_by_name_cue
from guardrails.pii.retail import RetailFilter

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine, RecognizerResult


@dataclass(frozen=True)
class PiiSpan:
    """One finding: ``text[start:end]`` is personal data of ``entity_type``."""

    entity_type: str
    start: int
    end: int
    score: float
    text: str


class PiiDetector:
    """Finds personal data in a message; the analyzer is built on the first ``detect``.

    ``allow_terms`` are the store's own names (catalog titles, brands): a PERSON or place
    finding made only of their words is dropped.
    """

    def __init__(self, config: PiiConfig | None = None, allow_terms: Iterable[str] = ()) -> None:
        self.config = config or PiiConfig()
        self._filter = RetailFilter([*self.config.allow_terms, *allow_terms])
        self._analyzer: AnalyzerEngine | None = None

    def detect(self, text: str) -> list[PiiSpan]:
        """The PII in ``text``, sorted by position, without overlaps; ``[]`` when disabled."""
        if not self.config.enabled or not text.strip():
            return []
        wanted = list(self.config.entities)
        results = self.analyzer.analyze(
            text,
            language="en",
            entities=wanted,
            score_threshold=min(self.config.threshold_for(e) for e in wanted),
        )
        spans = [
            PiiSpan(r.entity_type, r.start, r.end, r.score, text[r.start : r.end])
            for r in results
            if r.entity_type in wanted and r.score >= self.config.threshold_for(r.entity_type)
        ]
        spans = [s for s in spans if self._is_personal(text, s)]
        return _without_overlaps(text, spans)

    def _is_personal(self, text: str, span: PiiSpan) -> bool:
        """False for merchandise, and for a lower-case "name" nobody introduced as one.

        Shoppers type queries in lower case ("oliver parsons sofa") and the small model reads
        many of them as names; a lower-case name counts only after "my name is", "Mr." ….
        """
        if self._filter.is_benign(span.entity_type, span.text):
            return False
        if span.entity_type == "PERSON" and span.text.islower():
            return preceded_by_name_cue(text, span.start)
        return True

    @property
    def analyzer(self) -> AnalyzerEngine:
        """The Presidio analyzer (built and cached on first use)."""
        if self._analyzer is None:
            self._analyzer = _build_analyzer()
        return self._analyzer


def _build_analyzer() -> AnalyzerEngine:
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry

    nlp_engine = load_nlp_engine()
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp_engine)
    for recognizer in custom_recognizers():
        registry.add_recognizer(recognizer)
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["en"])


#: Which finding keeps text two findings share: checked formats before guesses.
_PRIORITY = {
    "EMAIL_ADDRESS": 0,
    "IBAN_CODE": 0,
    "CREDIT_CARD": 0,
    "US_SSN": 0,
    "PHONE_NUMBER": 1,
    "STREET_ADDRESS": 2,
    "PERSON": 3,
}


def _without_overlaps(text: str, spans: list[PiiSpan]) -> list[PiiSpan]:
    """Resolve overlaps: the stronger finding keeps the shared text, the other keeps the rest.

    "Jarmila Fiedlerová\n\n009 Slovenčeva 51" may come back as one PERSON over both lines and
    an address over the second: the address keeps its line, the name keeps "Jarmila
    Fiedlerová". A finding with nothing left (no letter or digit) is dropped.
    """
    ranked = sorted(
        spans, key=lambda s: (_PRIORITY.get(s.entity_type, 4), -s.score, s.start - s.end)
    )
    kept: list[PiiSpan] = []
    for span in ranked:
        same = next(
            (k for k in kept if k.entity_type == span.entity_type and _touch(k, span)), None
        )
        if same is not None:  # two findings of one value: keep their union
            start, end = min(same.start, span.start), max(same.end, span.end)
            kept[kept.index(same)] = PiiSpan(
                same.entity_type, start, end, same.score, text[start:end]
            )
            continue
        start, end = span.start, span.end
        for other in kept:
            if start < other.end and other.start < end:
                # keep the longer side of the part not taken
                left, right = other.start - start, end - other.end
                start, end = (start, other.start) if left >= right else (other.end, end)
        piece = text[start:end]
        trimmed = piece.strip(" \t\n,.;:-")
        if end > start and any(c.isalnum() for c in trimmed):
            start += piece.index(trimmed)
            end = start + len(trimmed)
            kept.append(PiiSpan(span.entity_type, start, end, span.score, text[start:end]))
    return sorted(kept, key=lambda s: s.start)


def _touch(a: PiiSpan, b: PiiSpan) -> bool:
    return a.start < b.end and b.start < a.end


def to_results(spans: Iterable[PiiSpan]) -> list[RecognizerResult]:
    """Spans as Presidio results (for presidio-anonymizer)."""
    from presidio_analyzer import RecognizerResult

    return [RecognizerResult(s.entity_type, s.start, s.end, s.score) for s in spans]
