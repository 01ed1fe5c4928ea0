"""Field-aware text for keyword indexing.

bm25s scores one text per document, so fields are weighted the classic way (the BM25F
approximation): a field that should count more is repeated. A title word is strong evidence of
what a product *is*; the same word deep in a long description is weak evidence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldWeights:
    """How many times each short field is counted, beyond its place in the text itself."""

    title: int = 2
    brand: int = 1
    category: int = 1


DEFAULT_FIELD_WEIGHTS = FieldWeights()


def lexical_text(
    text: str, metadata: Mapping[str, Any], weights: FieldWeights = DEFAULT_FIELD_WEIGHTS
) -> str:
    """``text`` with its title, brand and category repeated according to ``weights``."""
    extra: list[str] = []
    for name, times in (
        ("title", weights.title),
        ("brand", weights.brand),
        ("category", weights.category),
    ):
        value = metadata.get(name)
        if isinstance(value, str) and value.strip():
            extra.extend([value] * times)
    return "\n".join([*extra, text]) if extra else text
