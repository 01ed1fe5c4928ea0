"""Token-level precision, recall and F-beta of a PII detector, as presidio-research scores it.

Each text is split into tokens; every token gets the entity type of the gold span it overlaps
(``O`` otherwise) and, separately, that of the predicted span it overlaps. Only the project's
PII types count: gold spans of other types (GPE, ORGANIZATION, DATE_TIME …) are read as ``O``,
and so are predictions of other types. Gold names that differ from the detector's are mapped
first (``ADDRESS`` → ``STREET_ADDRESS``, ``PHONE`` → ``PHONE_NUMBER`` …).

Per entity type, a token is a true positive only when both labels are that type. The overall
figures are presidio-research's "PII or not" figures: a token labelled PII in gold and
predicted as any PII type counts as found, whatever the type (what matters for redaction is
that the value is masked).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

OUTSIDE = "O"
DEFAULT_BETA = 2.0

#: Gold names used by datasets → the project's names. ``LOCATION`` and ``GPE`` are cities and
#: countries on their own, not a street address, so they are left unmapped (ignored).
DEFAULT_ENTITY_MAPPING: Mapping[str, str] = {
    "ADDRESS": "STREET_ADDRESS",
    "STREET": "STREET_ADDRESS",
    "STREET_ADDRESS": "STREET_ADDRESS",
    "PHONE": "PHONE_NUMBER",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "EMAIL": "EMAIL_ADDRESS",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "CREDIT_CARD": "CREDIT_CARD",
    "CREDIT_CARD_NUMBER": "CREDIT_CARD",
    "SSN": "US_SSN",
    "US_SSN": "US_SSN",
    "IBAN": "IBAN_CODE",
    "IBAN_CODE": "IBAN_CODE",
    "PERSON": "PERSON",
    "FIRST_NAME": "PERSON",
    "LAST_NAME": "PERSON",
    "NAME": "PERSON",
}

TokenOffsets = Callable[[str], Sequence[tuple[int, int]]]
_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True)
class LabelledSpan:
    """A labelled character range ``[start, end)`` of a text."""

    entity_type: str
    start: int
    end: int


def regex_tokens(text: str) -> list[tuple[int, int]]:
    """Word and punctuation token offsets: the default when no tokenizer is given."""
    return [m.span() for m in _TOKEN.finditer(text)]


def token_labels(
    text: str, spans: Iterable[LabelledSpan], tokens: Sequence[tuple[int, int]]
) -> list[str]:
    """The entity type each token overlaps (the first span wins), ``O`` for none."""
    labels = [OUTSIDE] * len(tokens)
    for span in spans:
        for i, (start, end) in enumerate(tokens):
            if labels[i] == OUTSIDE and start < span.end and span.start < end:
                labels[i] = span.entity_type
    return labels


def normalise_spans(
    spans: Iterable[LabelledSpan], keep: Iterable[str], mapping: Mapping[str, str]
) -> list[LabelledSpan]:
    """Spans renamed through ``mapping`` and restricted to the types in ``keep``."""
    wanted = set(keep)
    renamed = (
        LabelledSpan(mapping.get(s.entity_type, s.entity_type), s.start, s.end) for s in spans
    )
    return [s for s in renamed if s.entity_type in wanted]


@dataclass
class TokenCounts:
    """``(gold label, predicted label)`` counts over all tokens scored so far."""

    pairs: Counter[tuple[str, str]]

    @classmethod
    def empty(cls) -> TokenCounts:
        """No tokens yet."""
        return cls(Counter())

    def add(self, gold: Sequence[str], predicted: Sequence[str]) -> None:
        """Count one text's token labels (same length)."""
        self.pairs.update(zip(gold, predicted, strict=True))


def score_text(
    counts: TokenCounts,
    text: str,
    gold: Iterable[LabelledSpan],
    predicted: Iterable[LabelledSpan],
    *,
    entities: Iterable[str],
    mapping: Mapping[str, str] = DEFAULT_ENTITY_MAPPING,
    tokenize: TokenOffsets = regex_tokens,
) -> None:
    """Add one text to ``counts``: gold is mapped then filtered, predictions filtered."""
    keep = list(entities)
    tokens = [t for t in tokenize(text) if text[t[0] : t[1]].strip()]
    gold_labels = token_labels(text, normalise_spans(gold, keep, mapping), tokens)
    predicted_labels = token_labels(text, normalise_spans(predicted, keep, {}), tokens)
    counts.add(gold_labels, predicted_labels)


def f_beta(precision: float, recall: float, beta: float = DEFAULT_BETA) -> float:
    """F-beta; 0.0 when both precision and recall are 0."""
    if precision == 0 and recall == 0:
        return 0.0
    return (1 + beta**2) * precision * recall / (beta**2 * precision + recall)


def _ratio(hits: int, total: int) -> float | None:
    return hits / total if total else None


def _figures(hits: int, predicted: int, gold: int, beta: float) -> dict[str, Any]:
    """Precision (``None`` when nothing predicted), recall (``None`` without gold), F-beta."""
    precision = _ratio(hits, predicted)
    recall = _ratio(hits, gold)
    fb = f_beta(precision or 0.0, recall or 0.0, beta) if gold or predicted else None
    return {
        "precision": None if precision is None else round(precision, 4),
        "recall": None if recall is None else round(recall, 4),
        f"f{beta:g}": None if fb is None else round(fb, 4),
        "support": gold,
        "predicted": predicted,
    }


def pii_scores(
    counts: TokenCounts, entities: Iterable[str], beta: float = DEFAULT_BETA
) -> dict[str, Any]:
    """Overall (PII or not) and per-entity precision, recall, F-beta and token counts.

    A ratio with an empty denominator is ``None`` (JSON ``null``), never a made-up 0 or 1.
    """
    pairs = counts.pairs
    gold_all = sum(n for (g, _), n in pairs.items() if g != OUTSIDE)
    predicted_all = sum(n for (_, p), n in pairs.items() if p != OUTSIDE)
    found = sum(n for (g, p), n in pairs.items() if g != OUTSIDE and p != OUTSIDE)
    overall = _figures(found, predicted_all, gold_all, beta)
    per_entity = {}
    for entity in entities:
        gold = sum(n for (g, _), n in pairs.items() if g == entity)
        predicted = sum(n for (_, p), n in pairs.items() if p == entity)
        per_entity[entity] = _figures(pairs[(entity, entity)], predicted, gold, beta)
    return {**overall, "per_entity": per_entity}
