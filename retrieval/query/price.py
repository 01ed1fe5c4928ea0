"""Price constraints in the many ways shoppers phrase them.

``under $120``, ``less than a hundred``, ``between 50 and 80 dollars``, ``$50-$80``, ``50 to 80
dollars``, ``over 200 bucks``, ``$200 max``, ``200 or less``, ``around $100``, ``under 2 grand``,
``over $50 and under $100``. A bare number after a comparator counts as a price unless a unit
follows it (``under 10 lbs``, ``up to 4 adults``) or the words before it say what it counts
(``size 10``, ``ages 8 and up``, ``sleeps up to 4``, ``rated over 4``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

MAX_PRICE = 1e9  # anything larger is not a price anyone means
_UNITS = (
    r"lbs?|pounds?|kg|kilos?|kilograms?|g|grams?|oz|ounces?|mm|cm|m|meters?|metres?|inch(?:es)?|\""
    r"|ft|feet|foot|l|liters?|litres?|ml|qt|quarts?|mah|w|watts?|v|volts?|lumens?|hours?|hrs?|h"
    r"|minutes?|mins?|days?|weeks?|months?|years?|yrs?|people|persons?|players?|pieces?|pcs"
    r"|pack|degrees?|°|f|c|db|gb|tb|percent|%|-?year-?olds?|x|adults?|kids?|children|guests?"
    r"|stars?|miles?|mi|km|seats?|cups?|servings?|pairs?"
)
# Words right before a number that say it counts something other than money.
_NOT_MONEY_BEFORE = re.compile(
    r"\b(?:size|sz|ages?|aged|sleeps|seats|fits|rated|rating|level|gen|gb|for\s+kids)"
    r"(?:\s+(?:of|up\s+to|over|under|above|below|at\s+least))?\s*$",
    re.I,
)
_NEGATION_BEFORE = re.compile(r"(?:\bnot|n't|\bnever)(?:\s+(?:spend|pay|go|be|want))?\s*$", re.I)
_ONES = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
_TEENS = {
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
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SMALL = {"zero": 0, **_ONES, **_TEENS, **_TENS}
_SCALES = r"(?:hundred|thousand|grand)"
_WORD = "|".join(sorted(_SMALL, key=len, reverse=True))
_NUM_WORD = rf"(?:(?:{_WORD}|{_SCALES})\b)"
_WORD_NUMBER = rf"(?:a[\s-]+{_SCALES}\b|{_NUM_WORD})(?:[\s-]+(?:and[\s-]+)?{_NUM_WORD})*"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s?(?:k|grand)\b)?"
_NUMBER = rf"(?:\$\s?)?{_DIGITS}|{_WORD_NUMBER}"
_CURRENCY = r"(?:\s?(?:dollars?|bucks|usd|\$))"
_NOT_FOLLOWED_BY_UNIT = rf"(?!\s*(?:{_UNITS})(?:\b|\s|$))(?![.,]?\d)"
_AMOUNT = (
    rf"(?P<{{name}}>(?:\$\s?(?:{_NUMBER})|(?:{_NUMBER}){_CURRENCY})(?![.,]?\d)"
    rf"|(?:{_NUMBER}){_NOT_FOLLOWED_BY_UNIT})"
)

_MAX_WORDS = (
    r"under|below|less\s+than|cheaper\s+than|no\s+more\s+than|not\s+more\s+than|at\s+most"
    r"|up\s+to|max(?:imum)?|within|lower\s+than|<=?|beneath|tops|on\s+a\s+budget\s+of"
)
_MAX_AFTER = r"max(?:imum)?|or\s+less|or\s+under|or\s+below|or\s+cheaper|tops|at\s+most"
_MIN_WORDS = r"over|above|more\s+than|at\s+least|min(?:imum)?|upwards\s+of|starting\s+at|>=?"
_ABOUT_WORDS = r"around|about|roughly|approximately|approx\.?|close\s+to|~"
_START = r"(?:\b|(?<=\s)|^)"


def _amount(name: str) -> str:
    return _AMOUNT.replace("{name}", name)


_RANGES = [
    re.compile(
        rf"\b(?:between|from)\s+{_amount('low')}\s*(?:and|to|-|–)\s*{_amount('high')}", re.I
    ),
    re.compile(
        rf"(?<![\w.])(?P<low>\$\s?\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(?P<high>\$?\s?\d+(?:\.\d+)?)"
        rf"{_CURRENCY}?(?![.,]?\d)",
        re.I,
    ),
    re.compile(
        rf"(?<![\w.$])(?P<low>{_DIGITS})\s*(?:-|–|to)\s*(?P<high>{_DIGITS}){_CURRENCY}", re.I
    ),
]
_BOUNDS: list[tuple[str, re.Pattern[str]]] = [
    ("max", re.compile(rf"{_START}(?:{_MAX_WORDS})\s*{_amount('value')}", re.I)),
    ("max", re.compile(rf"(?<![\w.]){_amount('value')}\s*(?:{_MAX_AFTER})\b", re.I)),
    ("min", re.compile(rf"{_START}(?:{_MIN_WORDS})\s*{_amount('value')}", re.I)),
    (
        "min",
        re.compile(
            rf"(?<![\w.]){_amount('value')}\s*(?:\+{_NOT_FOLLOWED_BY_UNIT}|and\s+up\b|or\s+more\b)",
            re.I,
        ),
    ),
    ("about", re.compile(rf"{_START}(?:{_ABOUT_WORDS})\s*{_amount('value')}", re.I)),
]


@dataclass(frozen=True)
class PriceRange:
    """A price constraint and where it was found in the query.

    ``span`` covers the first phrase; ``spans`` every phrase that contributed (``over $50 and
    under $100`` has two), so the parser can cut them all from the search text.
    """

    low: float | None
    high: float | None
    span: tuple[int, int]
    spans: tuple[tuple[int, int], ...] = ()


def parse_price(text: str) -> PriceRange | None:
    """The price constraint in ``text``, or None; a floor and a ceiling stated apart combine."""
    for pattern in _RANGES:
        for match in pattern.finditer(text):
            found = _range(match)
            if found is not None:
                return found
    low: tuple[float, tuple[int, int]] | None = None
    high: tuple[float, tuple[int, int]] | None = None
    taken: list[tuple[int, int]] = []
    for kind, pattern in _BOUNDS:
        for match in pattern.finditer(text):
            value = _value(match)
            if value is None or _overlaps(match.span(), taken):
                continue  # "more than 1.5k" inside "no more than 1.5k" is the same phrase
            taken.append(match.span())
            if kind == "about" and low is None and high is None:
                return PriceRange(round(value * 0.8, 2), round(value * 1.2, 2), match.span())
            if kind == "min" and _negated(match):  # "not more than", "never over"
                kind = "max"
            if kind == "max" and high is None:
                high = (value, match.span())
            elif kind == "min" and low is None:
                low = (value, match.span())
    return _combined(low, high)


def _range(match: re.Match[str]) -> PriceRange | None:
    low, high = to_number(match["low"]), to_number(match["high"])
    if low is None or high is None:
        return None
    return PriceRange(min(low, high), max(low, high), match.span(), (match.span(),))


def _value(match: re.Match[str]) -> float | None:
    if _NOT_MONEY_BEFORE.search(match.string[: match.start()]):
        return None
    return to_number(match["value"])


def _combined(
    low: tuple[float, tuple[int, int]] | None, high: tuple[float, tuple[int, int]] | None
) -> PriceRange | None:
    if low is not None and high is not None and low[0] > high[0]:
        low = None  # "over 200 … under 100" cannot both hold: keep the ceiling
    parts = sorted(p[1] for p in (low, high) if p is not None)
    if not parts:
        return None
    return PriceRange(low[0] if low else None, high[0] if high else None, parts[0], tuple(parts))


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def _negated(match: re.Match[str]) -> bool:
    return bool(_NEGATION_BEFORE.search(match.string[: match.start()]))


def to_number(text: str) -> float | None:
    """``$1,200``, ``1.5k``, ``2 grand``, ``a hundred and fifty`` → a float, else None."""
    cleaned = text.lower().replace("$", "").replace(",", "").strip()
    cleaned = re.sub(_CURRENCY + "$", "", cleaned).strip()
    multiplier = 1.0
    suffix = re.fullmatch(r"(\d+(?:\.\d+)?)\s?(k|grand)", cleaned)
    if suffix:
        cleaned, multiplier = suffix[1], 1000.0
    value: float | None
    try:
        value = float(cleaned) * multiplier
    except ValueError:
        value = _words_to_number(cleaned)
    if value is None or not math.isfinite(value) or value > MAX_PRICE:
        return None
    return value


def _words_to_number(text: str) -> float | None:
    words = [w for w in re.split(r"[\s-]+", text) if w and w != "and"]
    if not words:
        return None
    spoken = _spoken_price(words)
    if spoken is not None:
        return spoken
    total, current = 0, 0
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


def _spoken_price(words: list[str]) -> float | None:
    """``one fifty`` = 150, ``two ninety nine`` = 299: how prices are said aloud."""
    if len(words) < 2 or words[0] not in _ONES or words[1] not in _TENS | _TEENS:
        return None
    rest = words[1:]
    if len(rest) == 2 and rest[0] in _TENS and rest[1] in _ONES:
        return float(_ONES[words[0]] * 100 + _TENS[rest[0]] + _ONES[rest[1]])
    if len(rest) == 1:
        return float(_ONES[words[0]] * 100 + _SMALL[rest[0]])
    return None
