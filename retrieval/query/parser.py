"""Query understanding: a shopper's words into search text, hard filters and soft hints.

Hard filters are what a shopper states as a requirement: a price range, in stock, a size, a
colour. They are applied to both retrievers and relaxed (with a note) when they leave nothing.
Category and brand mentions are soft: they boost matching products but never hide others,
because guessing them wrong would silently lose the right answer.

Everything the parser recognises comes from the store's own vocabulary (the sizes, colours,
categories and brands its documents carry), so it works for any store without configuration.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import Stemmer

from retrieval.query.filters import Filters
from retrieval.query.price import parse_price

MAX_QUERY_CHARS = 1000  # longer queries are cut here: nobody's search needs more

_STOCK = re.compile(
    r"\b(?:(?:that\s+(?:is|are)\s+|currently\s+|actually\s+)?in[\s-]stock|available\s+now"
    r"|available\s+today|ready\s+to\s+ship|ships?\s+(?:now|today)|on\s+hand)\b",
    re.I,
)
_SIZE_VALUE = (
    r"(?:x{1,3}-?(?:small|large|s|l)|small|medium|large|xs|s|m|l|xl|xxl|xxxl"
    r"|\d+(?:\.\d+)?\s?(?:t|y|in|mm)?(?:\s?1/2|½)?|[a-z]+)\b"
)
_SIZE = re.compile(
    rf"\b(?:in\s+(?:a\s+)?)?(?:size|sz|sized)\s*:?\s*(?P<size>{_SIZE_VALUE})"
    rf"(?P<more>(?:\s*(?:,|/|\bor\b)\s*(?!size\b){_SIZE_VALUE})*)",
    re.I,
)
_LETTER_SIZES = frozenset({"xs", "s", "m", "l", "xl", "xxl", "xxxl", "xxs"})
_SIZE_WORDS = {
    "small": "S",
    "medium": "M",
    "large": "L",
    "x-small": "XS",
    "xsmall": "XS",
    "x-large": "XL",
    "xlarge": "XL",
    "xx-large": "XXL",
    "xxlarge": "XXL",
}
BASIC_COLORS = frozenset(
    {
        "black",
        "white",
        "grey",
        "gray",
        "red",
        "blue",
        "green",
        "yellow",
        "orange",
        "purple",
        "pink",
        "brown",
        "navy",
        "beige",
        "tan",
        "olive",
        "teal",
        "silver",
        "gold",
        "burgundy",
        "maroon",
        "charcoal",
        "khaki",
        "cream",
        "ivory",
        "turquoise",
        "lavender",
        "coral",
        "mint",
        "indigo",
        "violet",
        "magenta",
        "crimson",
    }
)
# What a shopper means by a basic colour word: the shade names stores use for it.
COLOR_FAMILIES = {
    "black": {"black", "onyx", "jet", "ebony", "midnight"},
    "white": {"white", "ivory", "cream", "snow", "chalk", "pearl"},
    "grey": {"grey", "gray", "charcoal", "slate", "graphite", "heather", "ash", "pewter"},
    "blue": {"blue", "navy", "indigo", "cobalt", "azure", "denim", "sapphire", "teal"},
    "red": {"red", "crimson", "burgundy", "maroon", "scarlet", "brick", "cherry", "wine"},
    "pink": {"pink", "blush", "rose", "fuchsia", "magenta", "salmon"},
    "green": {"green", "olive", "sage", "moss", "forest", "mint", "emerald", "lime", "jade"},
    "yellow": {"yellow", "mustard", "lemon", "sunflower"},
    "orange": {"orange", "rust", "amber", "tangerine", "copper"},
    "purple": {"purple", "lavender", "violet", "plum", "lilac", "mauve"},
    "brown": {"brown", "tan", "chocolate", "espresso", "camel", "cognac", "chestnut", "mocha"},
    "beige": {"beige", "sand", "khaki", "oat", "taupe", "stone", "natural"},
}
COLOR_FAMILIES["gray"] = COLOR_FAMILIES["grey"]
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


@dataclass(frozen=True)
class Vocabulary:
    """What a store's documents can be filtered and boosted on."""

    categories: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    colors: tuple[str, ...] = ()
    has_prices: bool = False
    has_stock: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    """A query taken apart: what to search for, what to require, what to prefer."""

    original: str
    text: str
    filters: Filters = field(default_factory=Filters)
    categories: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def stems(text: str) -> list[str]:
    """Lower-cased, stemmed word tokens of ``text``."""
    return list(_stemmer().stemWords(_WORD.findall(text.lower())))


class QueryParser:
    """Parses queries against one store's ``Vocabulary``."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self._sizes = {_size_key(s): s for s in vocabulary.sizes}
        self._category_keys = [(c, _category_parts(c)) for c in vocabulary.categories]
        self._brand_keys = [(b, stems(b)) for b in vocabulary.brands if stems(b)]

    def parse(self, query: str) -> ParsedQuery:
        """Take ``query`` apart; never raises, whatever the input."""
        original = _clean(query)
        text, notes = original, []
        if len(query) > MAX_QUERY_CHARS and len(original) == MAX_QUERY_CHARS:
            notes.append(f"only the first {MAX_QUERY_CHARS} characters were searched")
        price_min = price_max = None
        price = parse_price(text) if self.vocabulary.has_prices else None
        if price is not None:
            price_min, price_max = price.low, price.high
            text = _cut(text, *price.span)
        in_stock = self.vocabulary.has_stock and bool(_STOCK.search(text))
        if self.vocabulary.has_stock:
            text = _STOCK.sub(" ", text)
        sizes, text, size_note = self._sizes_in(text)
        notes.extend(size_note)
        filters = Filters(
            price_min=price_min,
            price_max=price_max,
            in_stock=in_stock,
            sizes=sizes,
            colors=self._colors_in(text),
        )
        query_stems = set(stems(text))
        return ParsedQuery(
            original=original,
            text=" ".join(text.split()) or original,
            filters=filters,
            categories=self._categories_in(query_stems),
            brands=self._brands_in(stems(text)),
            notes=tuple(notes),
        )

    def _sizes_in(self, text: str) -> tuple[tuple[str, ...], str, list[str]]:
        match = _SIZE.search(text)
        if match is None or not self._sizes:
            return (), text, []
        first = match["size"]
        if first.isalpha() and first.lower() not in _SIZE_WORDS.keys() | _LETTER_SIZES:
            return (), text, []  # "size guide", "sized right": not a size at all
        asked = [first, *re.findall(_SIZE_VALUE, match["more"], re.I)]
        found = [self._sizes.get(_size_key(_SIZE_WORDS.get(a.lower(), a))) for a in asked]
        notes = [
            f"no product comes in size {a}" for a, f in zip(asked, found, strict=True) if f is None
        ]
        return tuple(f for f in found if f), _cut(text, *match.span()), notes

    def _colors_in(self, text: str) -> tuple[str, ...]:
        words = set(_WORD.findall(text.lower()))
        asked: set[str] = set()
        for word in words & BASIC_COLORS:
            asked |= COLOR_FAMILIES.get(word, {word})
        if not asked:
            return ()
        return tuple(c for c in self.vocabulary.colors if asked & set(_WORD.findall(c.lower())))

    def _categories_in(self, query_stems: set[str]) -> tuple[str, ...]:
        return tuple(
            category
            for category, parts in self._category_keys
            if any(part and set(part) <= query_stems for part in parts)
        )

    def _brands_in(self, query_stems: list[str]) -> tuple[str, ...]:
        joined = f" {' '.join(query_stems)} "
        return tuple(brand for brand, key in self._brand_keys if f" {' '.join(key)} " in joined)


def vocabulary_from(
    categories: Iterable[str | None],
    brands: Iterable[str | None],
    sizes: Iterable[str],
    colors: Iterable[str],
    *,
    has_prices: bool,
    has_stock: bool = False,
) -> Vocabulary:
    """A ``Vocabulary`` from raw values (blanks and duplicates dropped)."""

    def distinct(values: Iterable[str | None]) -> tuple[str, ...]:
        return tuple(sorted({v.strip() for v in values if v and v.strip()}))

    return Vocabulary(
        categories=distinct(categories),
        brands=distinct(brands),
        sizes=distinct(sizes),
        colors=distinct(colors),
        has_prices=has_prices,
        has_stock=has_stock,
    )


def _clean(query: str) -> str:
    """Printable text, single-spaced, at most ``MAX_QUERY_CHARS`` long."""
    printable = "".join(ch if ch.isprintable() else " " for ch in query[: MAX_QUERY_CHARS * 2])
    return " ".join(printable.split())[:MAX_QUERY_CHARS]


def _cut(text: str, start: int, end: int) -> str:
    return f"{text[:start]} {text[end:]}"


def _size_key(size: str) -> str:
    key = size.lower().replace(" ", "").replace("½", ".5").replace("1/2", ".5")
    return key[:-2] if key.endswith(".0") else key


def _category_parts(category: str) -> list[list[str]]:
    """``Headphones & Earbuds`` → [[headphon], [earbud]]: a mention of either part counts."""
    pieces = re.split(r"\s*(?:&|/|,|>|\band\b)\s*", category)
    return [stems(piece) for piece in pieces if stems(piece)]
