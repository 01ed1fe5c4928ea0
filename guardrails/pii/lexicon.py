"""English words, from the word lists the bundled spaCy pipeline's lemmatizer ships.

The rule lemmatizer of ``en_core_web_sm`` carries WordNet's lemmas of nouns, verbs, adjectives
and adverbs (about 83,000), with suffix rules ("sleeps" → "sleep") and irregular forms
("children" → "child"). That is enough to tell an everyday word ("Drop", "Thick", "Moon",
"Manufacturer") from a name nobody would look up ("Okafor", "Linda"). WordNet also lists some
famous surnames ("Johnson", "Davis"), so a word found here is only *probably* not a name:
callers use it where a lone capitalised word is unlikely to be someone's name anyway.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from functools import lru_cache
from typing import Any

from guardrails.pii.engine import load_nlp_engine

_PARTS_OF_SPEECH = ("noun", "verb", "adj", "adv")


class EnglishLexicon:
    """Whether a word, or its lemma, is an English noun, verb, adjective or adverb."""

    def __init__(
        self,
        lemmas: Mapping[str, Collection[str]],
        suffix_rules: Mapping[str, Sequence[Sequence[str]]],
        irregular: Mapping[str, Mapping[str, Sequence[str]]],
    ) -> None:
        self._lemmas = lemmas
        self._suffix_rules = suffix_rules
        self._irregular = irregular

    def __contains__(self, word: object) -> bool:
        """True for "drop", "Sleeps", "thicker"; False for "okafor" and for non-strings."""
        if not isinstance(word, str) or not word.isalpha():
            return False
        lower = word.lower()
        return any(self._lemma_of(lower, pos) for pos in self._lemmas)

    def _lemma_of(self, word: str, pos: str) -> bool:
        lemmas = self._lemmas[pos]
        if word in lemmas or any(w in lemmas for w in self._irregular.get(pos, {}).get(word, ())):
            return True
        return any(
            word.endswith(old) and f"{word[: len(word) - len(old)]}{new}" in lemmas
            for old, new in self._suffix_rules.get(pos, ())
        )


@lru_cache(maxsize=1)
def load_english_lexicon() -> EnglishLexicon:
    """The lexicon of the bundled spaCy pipeline (loaded with it, once)."""
    engine: Any = load_nlp_engine()
    lookups = engine.nlp["en"].get_pipe("lemmatizer").lookups
    index, rules, exceptions = (
        lookups.get_table(name) for name in ("lemma_index", "lemma_rules", "lemma_exc")
    )
    return EnglishLexicon(
        lemmas={pos: frozenset(index.get(pos, ())) for pos in _PARTS_OF_SPEECH},
        suffix_rules={pos: rules.get(pos, []) for pos in _PARTS_OF_SPEECH},
        irregular={pos: dict(exceptions.get(pos, {})) for pos in _PARTS_OF_SPEECH},
    )
