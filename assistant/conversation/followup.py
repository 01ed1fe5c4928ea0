"""Follow-up messages that only make sense inside a conversation.

"is it waterproof?", "and in blue?", "the cheaper one": the shopper refers to products the
assistant just showed, or narrows the last search. These functions read such messages against
the remembered state; the assistant decides what to do with the answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.conversation.state import ShownProduct

_ORDINALS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3}
_CHEAPER = re.compile(
    r"\b(?:cheap(?:er|est)|less\s+expensive|least\s+expensive|lower[-\s]priced|budget)\b", re.I
)
_PRICIER = re.compile(
    r"\b(?:more\s+expensive|most\s+expensive|pricier|priciest|premium|higher[-\s]end)\b", re.I
)
_ONE = re.compile(r"\b(?:one|ones|option|pair|model)\b", re.I)
_PRONOUN = re.compile(
    r"\b(?:it|its|it's|itself|they|them|their|those|these|that\s+one|this\s+one|that|this)\b",
    re.I,
)
_REFINE_START = re.compile(
    r"^\s*(?:and|or|but|also|what\s+about|how\s+about|any|in|only|just|show\s+me)\b", re.I
)
_REFINE_WORDS = re.compile(
    r"\b(?:cheaper|under|below|over|less\s+than|size|in\s+stock|colou?r|instead)\b", re.I
)


def pick_reference(text: str, shown: Sequence[ShownProduct]) -> ShownProduct | None:
    """The shown product ``text`` points at ("the cheaper one", "the second one", "the navy
    one"), or None when it points at none."""
    if not shown or not _ONE.search(text):
        return None
    lowered = text.lower()
    for word, index in _ORDINALS.items():
        if re.search(rf"\b{word}\b", lowered) and index < len(shown):
            return shown[index]
    if re.search(r"\blast\b", lowered):
        return shown[-1]
    if _CHEAPER.search(text):
        return min(shown, key=lambda p: (p.price, p.product_id))
    if _PRICIER.search(text):
        return max(shown, key=lambda p: (p.price, p.product_id))
    for product in shown:
        if any(re.search(rf"\b{re.escape(c.lower())}\b", lowered) for c in product.colors):
            return product
    return None


def mentions_pronoun(text: str) -> bool:
    """Whether the message refers to something by a pronoun ("is it waterproof?")."""
    return bool(_PRONOUN.search(text))


def is_refinement(text: str) -> bool:
    """Whether a short message narrows the previous search ("and in blue?", "any under $50")."""
    words = text.split()
    if not words or len(words) > 8:
        return False
    return bool(_REFINE_START.search(text) or (len(words) <= 4 and _REFINE_WORDS.search(text)))


def refined_query(previous: str, text: str) -> str:
    """The previous search narrowed by this message."""
    cleaned = _REFINE_START.sub("", text).strip(" ?!.")
    return f"{previous} {cleaned}".strip()
