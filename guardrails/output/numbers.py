"""Grounded numbers: every price, count, duration or percentage in a reply must be in a source.

A small model copies "$109.99" as "$119.99", turns "3–5 business days" into "2 days", or
invents a "10% discount". Each number the reply states is compared with the numbers of the
records it was shown (the cited ones first): a number that none of them contains is a claim
the store never made.

What counts as a number: money ("$1,234.50", "45 dollars", "USD 12"), percentages, and any
other figure ("30 days", "540 g", "sizes 8 to 11", "3–5"). Ranges are split into their ends;
thousands separators and trailing ".00" are ignored, so "$75" matches "$75.00". Single digits
0–1 written alone ("1 of them", "0 left" are rare in answers, while "1" appears as list
numbering) and the citation markers themselves ("[2]") are not claims.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_CITATION = re.compile(r"\[\d{1,2}\]")
# A figure stands alone: not inside an id like A1043 or CS-TRL-10-BRN (ranges like 3-5 are fine).
_NUMBER = re.compile(
    r"(?<![\w.])(?<![A-Za-z]-)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\w])(?!-[A-Za-z])"
)
_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50,
    "sixty": 60, "ninety": 90, "hundred": 100,
}  # fmt: skip
_NUMBER_WORD = re.compile(r"\b(" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")\b", re.I)
_LIST_MARKER = re.compile(r"^\s*(?:\d{1,2}[.)]|[-*•])\s+", re.M)


@dataclass(frozen=True)
class UngroundedNumber:
    """A figure in the reply that no source contains."""

    text: str
    value: Decimal


def numbers_in(text: str, *, words: bool = False) -> set[Decimal]:
    """The numeric values ``text`` states (citation markers and list numbering excluded)."""
    text = _LIST_MARKER.sub(" ", _CITATION.sub(" ", text))
    values = {_value(m) for m in _NUMBER.finditer(text)}
    if words:
        values |= {Decimal(_WORDS[m.group(1).lower()]) for m in _NUMBER_WORD.finditer(text)}
    return {v for v in values if v is not None}


def ungrounded_numbers(reply: str, sources: Iterable[str]) -> list[UngroundedNumber]:
    """The figures in ``reply`` that appear in none of ``sources`` (in order, each once)."""
    known: set[Decimal] = set()
    for source in sources:
        known |= numbers_in(source, words=True)
    missing: dict[Decimal, UngroundedNumber] = {}
    text = _LIST_MARKER.sub(" ", _CITATION.sub(" ", reply))
    for match in _NUMBER.finditer(text):
        value = _value(match)
        if value is None or value in known or value in missing or value <= 1:
            continue
        missing[value] = UngroundedNumber(match.group(0), value)
    return list(missing.values())


def grounded(reply: str, sources: Sequence[str]) -> bool:
    """Whether every figure in ``reply`` is in one of ``sources``."""
    return not ungrounded_numbers(reply, sources)


def _value(match: re.Match[str]) -> Decimal | None:
    whole, fraction = match.group(1).replace(",", ""), match.group(2)
    try:
        value = Decimal(f"{whole}.{fraction}" if fraction else whole)
    except InvalidOperation:  # pragma: no cover - the pattern only matches digits
        return None
    return value.normalize() if value == value.to_integral() else value
