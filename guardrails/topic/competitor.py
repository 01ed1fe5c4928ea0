"""Competitors: messages that compare with, ask about, or want to buy from another retailer.

Named retailers come from the store's config and, unless switched off, the bundled list of
large retailers. A name that is also an ordinary word (Target, Best Buy, Chewy) counts only in
a shop context: right after "at", "from", "than" and the like, or right before "'s", ".com",
"has", "sells" and the like, and never before a word that makes it the ordinary word ("Amazon
green"). Unnamed competitors are found by generic cues ("another store", "cheaper elsewhere",
"your competitors") and by a price comparison with a capitalised name on no list ("cheaper at
Bob's Outdoor Emporium"); those report no subject.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from guardrails.topic.lexicon import NEVER, CompetitorLexicon, Retailer, compile_patterns
from guardrails.topic.text import Readings
from guardrails.topic.verdict import TopicVerdict

_CORPORATE_SUFFIX = re.compile(r",?\s+(?:co|inc|llc|ltd|corp|company|plc|gmbh)\.?$", re.I)
_LAST_WORD = re.compile(r"([a-z.']+)\W*$")
_NEXT_WORD = re.compile(r"\W*([a-z']+)")


@dataclass(frozen=True)
class _Retailer:
    canonical: str
    ambiguous: bool
    not_followed_by: frozenset[str]


def _key(name: str) -> str:
    """A spelling reduced to letters, digits and "&", for lookups ("Sam's  Club" → "samsclub")."""
    return re.sub(r"[^a-z0-9&.]+", "", _CORPORATE_SUFFIX.sub("", name.strip()).lower())


def _spellings(retailer: Retailer) -> set[str]:
    spellings = {retailer.name, *retailer.aliases}
    spellings |= {_CORPORATE_SUFFIX.sub("", s) for s in spellings}
    return {s.strip().lower() for s in spellings if s.strip()}


def _spelling_pattern(spelling: str) -> str:
    return r"\s+".join(re.escape(word).replace("'", "'?") for word in spelling.split())


def _following(word: str) -> str:
    """A context_after entry as a regex anchored right after the name."""
    body = r"\s+".join(re.escape(part) for part in word.lower().split())
    return rf"\s+{body}(?![a-z])" if word[0].isalpha() else rf"{body}(?![a-z])"


class CompetitorCheck:
    """Finds competitor mentions, named or generic."""

    def __init__(
        self,
        lexicon: CompetitorLexicon,
        *,
        names: Iterable[str],
        known_retailers: bool,
        allow_terms: Sequence[str],
    ) -> None:
        retailers = list(lexicon.retailers) if known_retailers else []
        known = {_key(r.name) for r in retailers}
        retailers += [Retailer(name=n) for n in dict.fromkeys(names) if _key(n) not in known]
        self._allowed = {_key(term) for term in allow_terms}
        self._by_spelling: dict[str, _Retailer] = {}
        for retailer in retailers:
            if _key(retailer.name) in self._allowed:
                continue
            entry = _Retailer(
                retailer.name,
                retailer.ambiguous,
                frozenset(w.lower() for w in retailer.not_followed_by),
            )
            for spelling in _spellings(retailer):
                self._by_spelling.setdefault(_key(spelling), entry)
        spellings = sorted(
            {s for r in retailers if _key(r.name) not in self._allowed for s in _spellings(r)},
            key=len,
            reverse=True,
        )
        body = "|".join(_spelling_pattern(s) for s in spellings)
        self._names = re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])") if body else NEVER
        self._before = frozenset(w.lower() for w in lexicon.context_before)
        self._after = re.compile(
            "|".join(_following(w) for w in sorted(lexicon.context_after, key=len, reverse=True))
        )
        self._generic: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
            (family, compile_patterns(patterns, f"competitors.yaml generic {family}"))
            for family, patterns in lexicon.generic.items()
        )
        self._unnamed = compile_patterns([lexicon.unnamed_store], "competitors.yaml unnamed")
        self._not_store = tuple(w.lower() for w in lexicon.not_store_names)

    def check(self, readings: Readings) -> TopicVerdict | None:
        """Competitor with the retailer's canonical name when one is named, or None."""
        text = readings.plain
        for match in self._names.finditer(text):
            retailer = self._by_spelling.get(_key(match.group(0)))
            if retailer is not None and self._in_shop_context(retailer, text, match):
                return TopicVerdict("competitor", "competitor:named", subject=retailer.canonical)
        for family, pattern in self._generic:
            if pattern.search(text):
                return TopicVerdict("competitor", f"competitor:{family}")
        if self._unnamed_store(readings.cased):
            return TopicVerdict("competitor", "competitor:unnamed_store")
        return None

    def _in_shop_context(self, retailer: _Retailer, text: str, match: re.Match[str]) -> bool:
        following = _NEXT_WORD.match(text, match.end())
        if following and following.group(1) in retailer.not_followed_by:
            return False
        if not retailer.ambiguous:
            return True
        preceding = _LAST_WORD.search(text, 0, match.start())
        if preceding and preceding.group(1) in self._before:
            return True
        return bool(self._after.match(text, match.end()))

    def _unnamed_store(self, cased: str) -> bool:
        for match in self._unnamed.finditer(cased):
            store = match.group(1).lower()
            if _key(store) in self._allowed:
                continue
            if not any(store == w or store.startswith(f"{w} ") for w in self._not_store):
                return True
        return False
