"""Typo tolerance for keyword search: query words the index has never seen are matched to the
closest indexed word (optimal string alignment distance with ``rapidfuzz``: a swap of two
neighbouring letters is one edit, as in Lucene's fuzzy queries), preferring frequent words.

Only words missing from the index *and* from a general English word list (pyspellchecker's,
160k words) are touched: a real word the store does not use ("sneakers") is a synonym for dense
search to handle, not a typo to be "corrected" into a store word ("speakers"). The allowed
distance grows with word length (1 edit up to 7 letters, 2 beyond), as in most e-commerce search.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container, Iterable, Mapping
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

_WORD = re.compile(r"[a-z]+")
MIN_LENGTH = 4


class SpellingCorrector:
    """Corrects query words against the words of an indexed corpus."""

    def __init__(
        self, frequencies: Mapping[str, int], *, dictionary: Container[str] | None = None
    ) -> None:
        self.frequencies = dict(frequencies)
        self._words = list(self.frequencies)
        self._dictionary = dictionary

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> SpellingCorrector:
        """Count the words of ``texts``."""
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(w for w in _WORD.findall(text.lower()) if len(w) >= 3)
        return cls(counts)

    def correction(self, word: str) -> str | None:
        """The indexed word ``word`` most likely meant, or None if it is known or too far."""
        word = word.lower()
        if len(word) < MIN_LENGTH or word in self.frequencies or not word.isalpha():
            return None
        if word in (self._dictionary if self._dictionary is not None else english_words()):
            return None
        max_edits = 1 if len(word) <= 7 else 2
        candidates = process.extract(
            word, self._words, scorer=OSA.distance, score_cutoff=max_edits, limit=8
        )
        if not candidates:
            return None
        best = min(candidates, key=lambda c: (c[1], -self.frequencies[c[0]], c[0]))
        return str(best[0])

    def corrections(self, text: str) -> dict[str, str]:
        """Every correctable word of ``text`` with its correction."""
        found: dict[str, str] = {}
        for word in _WORD.findall(text.lower()):
            fixed = self.correction(word)
            if fixed is not None:
                found[word] = fixed
        return found


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """pyspellchecker's English word list (loaded once, about 0.3 s)."""
    from spellchecker import SpellChecker

    return frozenset(SpellChecker(language="en").word_frequency.dictionary)
