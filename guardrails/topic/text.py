"""The readings of a shopper message that the topic lexicons are matched against.

Every check reads the canonical text (``guardrails.injection.normalise``: NFKC, no invisible
characters, Latin look-alikes) in lower case with curly apostrophes made straight. The abuse
check also reads two disguise-free versions of it: leetspeak folded ("st00pid" → "stoopid",
"b!tch" → "bitch", but "thanks!" stays "thanks") and letters spelled out one by one joined
("f u c k" → "fuck"). Masked letters ("f*ck", "sh*t") are left in place; the abuse
lexicon's word patterns accept them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from guardrails.injection.normalise import fold_leetspeak, normalise

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
# Punctuation that ends a word is not leetspeak: "idiot!" must not read as "idioti".
_TRAILING_BANG = re.compile(r"(?<=[a-z0-9])[!|]+(?![a-z0-9])")
_SPELLED_OUT = re.compile(r"(?<![a-z0-9])(?:[a-z][ .\-_]){2,}[a-z](?![a-z0-9])")


@dataclass(frozen=True)
class Readings:
    """One message as the checks read it."""

    cased: str
    """Canonical text in its original case (for capitalised store names)."""
    plain: str
    """Canonical text in lower case."""
    variants: tuple[str, ...]
    """``plain`` first, then its de-disguised versions that differ from it."""


def readings(text: str, max_chars: int) -> Readings:
    """``text`` (its first ``max_chars`` characters) in the forms the checks match against."""
    cased = normalise(text[:max_chars]).translate(_APOSTROPHES)
    plain = cased.lower()
    folded = fold_leetspeak(_TRAILING_BANG.sub("", plain))
    joined = _SPELLED_OUT.sub(lambda m: re.sub(r"[ .\-_]", "", m.group(0)), folded)
    variants = tuple(dict.fromkeys((plain, folded, joined)))
    return Readings(cased=cased, plain=plain, variants=variants)
