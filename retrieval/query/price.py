"""Price constraints in the many ways shoppers phrase them.

``under $120``, ``less than a hundred``, ``between 50 and 80 dollars``, ``$50-$80``,
``over 200 bucks``, ``around $100``, ``no more than 1.5k``. A bare number after a comparator
counts as a price unless a unit follows it (``under 10 lbs``, ``up to 20 hours``) or it is a
size (``size 10``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = (
    r"lbs?|pounds?|kg|kilos?|kilograms?|g|grams?|oz|ounces?|mm|cm|m|meters?|metres?|inch(?:es)?|\""
    r"|ft|feet|foot|l|liters?|litres?|ml|qt|quarts?|mah|w|watts?|v|volts?|lumens?|hours?|hrs?|h"
    r"|minutes?|mins?|days?|weeks?|months?|years?|yrs?|people|persons?|players?|pieces?|pcs"
    r"|pack|degrees?|°|f|c|db|gb|tb|percent|%|-?year-?olds?|x"
)
_SMALL = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_WORD = "|".join(sorted(_SMALL, key=len, reverse=True))
_WORD_NUMBER = (
    rf"(?:(?:a|one|{_WORD})[\s-]+)?(?:hundred|grand|thousand)(?:[\s-]+(?:and[\s-]+)?"
    rf"(?:{_WORD})(?:[\s-]+(?:{_WORD}))?)?|(?:{_WORD})(?:[\s-]+(?:{_WORD}))?"
)
_NUMBER = rf"(?:\$\s?)?(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?\s?k?|{_WORD_NUMBER}"
_CURRENCY = r"(?:\s?(?:dollars?|bucks|usd|\$))"
_AMOUNT = (
    rf"(?P<{{name}}>(?:\$\s?(?:{_NUMBER})|(?:{_NUMBER}){_CURRENCY})(?![.,]?\d)"
    rf"|(?:{_NUMBER})(?!\s*(?:{_UNITS})(?:\b|\s|$))(?![.,]?\d))"
)

_MAX_WORDS = (
    r"under|below|less\s+than|cheaper\s+than|no\s+more\s+than|not\s+more\s+than|at\s+most"
    r"|up\s+to|max(?:imum)?|within|lower\s+than|<=?|beneath|tops|on\s+a\s+budget\s+of"
)
_MIN_WORDS = r"over|above|more\s+than|at\s+least|min(?:imum)?|upwards\s+of|starting\s+at|>=?"
_ABOUT_WORDS = r"around|about|roughly|approximately|approx\.?|close\s+to|~"


def _amount(name: str) -> str:
    return _AMOUNT.replace("{name}", name)


_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "range",
        re.compile(
            rf"\b(?:between|from)\s+{_amount('low')}\s*(?:and|to|-|–)\s*{_amount('high')}",
            re.I,
        ),
    ),
    (
        "range",
        re.compile(
            rf"(?<![\w.])(?P<low>\$\s?\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(?P<high>\$?\s?\d+(?:\.\d+)?)"
            rf"{_CURRENCY}?(?![.,]?\d)",
            re.I,
        ),
    ),
    ("max", re.compile(rf"(?:\b|(?<=\s)|^)(?:{_MAX_WORDS})\s*{_amount('value')}", re.I)),
    ("min", re.compile(rf"(?:\b|(?<=\s)|^)(?:{_MIN_WORDS})\s*{_amount('value')}", re.I)),
    ("min", re.compile(rf"(?<![\w.]){_amount('value')}\s*(?:\+|and\s+up|or\s+more)", re.I)),
    ("about", re.compile(rf"(?:\b|(?<=\s)|^)(?:{_ABOUT_WORDS})\s*{_amount('value')}", re.I)),
]


@dataclass(frozen=True)
class PriceRange:
    """A price constraint and where it was found in the query."""

    low: float | None
    high: float | None
    span: tuple[int, int]


def parse_price(text: str) -> PriceRange | None:
    """The first price constraint in ``text``, or None."""
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            found = _to_range(kind, match)
            if found is not None:
                return found
    return None


def _to_range(kind: str, match: re.Match[str]) -> PriceRange | None:
    span = match.span()
    if kind == "range":
        low, high = to_number(match["low"]), to_number(match["high"])
        if low is None or high is None:
            return None
        return PriceRange(min(low, high), max(low, high), span)
    value = to_number(match["value"])
    if value is None or _is_size(match):
        return None
    if kind == "max":
        return PriceRange(None, value, span)
    if kind == "min":
        return PriceRange(value, None, span)
    return PriceRange(round(value * 0.8, 2), round(value * 1.2, 2), span)


def _is_size(match: re.Match[str]) -> bool:
    before = match.string[: match.start()].lower().rstrip()
    return before.endswith(("size", "sz"))


def to_number(text: str) -> float | None:
    """``$1,200``, ``1.5k``, ``a hundred and fifty`` → a float; None if it is not a number."""
    cleaned = text.lower().replace("$", "").replace(",", "").strip()
    cleaned = re.sub(_CURRENCY + "$", "", cleaned).strip()
    multiplier = 1.0
    if cleaned.endswith("k") and cleaned[:-1].strip().replace(".", "", 1).isdigit():
        cleaned, multiplier = cleaned[:-1].strip(), 1000.0
    try:
        return float(cleaned) * multiplier
    except ValueError:
        return _words_to_number(cleaned)


def _words_to_number(text: str) -> float | None:
    total, current = 0, 0
    words = [w for w in re.split(r"[\s-]+", text) if w and w != "and"]
    if not words:
        return None
    for word in words:
        if word in _SMALL:
            current += _SMALL[word]
        elif word in {"a", "one"}:
            current += 1
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in {"thousand", "grand"}:
            total += max(current, 1) * 1000
            current = 0
        else:
            return None
    return float(total + current)
