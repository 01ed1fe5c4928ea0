"""The YAML lexicons behind the topic checks: schemas, loading, and turning entries into regexes.

Two kinds of entry. A *word* entry (the abuse word lists) is plain text compiled here; a
``*`` right after the last letter allows any ending ("fuck*" covers "fucking"), while "f***"
is just that spelling. Swear words, insults and slurs match loosely: a letter may be
stretched to three or more ("stuuupid", but "looser" is not "loser"), and in words of four
letters or more any letter but the first may be masked ("f*ck", "b**ch") as long as one
letter after the first is not (so "f***" is no four-letter slur; list such spellings as
words of their own). The other word lists (who an insult is aimed at) match exactly.

A *pattern* entry is a Python regular expression matched against lower-case normalised
text; it may name shared word lists as ``<insult>``, ``<victim>`` and the like, which are
replaced by their alternations before compiling.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from guardrails.topic.errors import TopicLexiconError
from guardrails.topic.verdict import AdviceDomain

DATA = Path(__file__).with_name("data")
NEVER = re.compile(r"(?!)")
_MASK = r"[*#%_\-]"
_PLACEHOLDER = re.compile(r"(?<!\?P)<([a-z_]+)>")


class _Lexicon(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AbuseLexicon(_Lexicon):
    """``abuse.yaml``: word lists and the patterns built from them."""

    profanity: tuple[str, ...] = Field(description="Swear words; alone they are not abuse.")
    swear_at: tuple[str, ...] = Field(
        description='Words that make "<word> you" or "<word> off" a swear aimed at someone.'
    )
    insults: tuple[str, ...] = Field(description="Name-calling; abuse when aimed at someone.")
    slurs: tuple[str, ...] = Field(description="Slurs: severe wherever they appear.")
    assistant: tuple[str, ...] = Field(description="Words for the assistant itself.")
    staff: tuple[str, ...] = Field(description="Words for the store's people.")
    others: tuple[str, ...] = Field(description="Other people an insult can be aimed at.")
    blockers: tuple[str, ...] = Field(
        description='Words that end the reach of "you" towards an insult ("you think I\'m dumb").'
    )
    directed: tuple[str, ...] = Field(description="Patterns of abuse aimed at someone (mild).")
    threats: tuple[str, ...] = Field(description="Patterns of threats and incitement (severe).")
    sexual: tuple[str, ...] = Field(description="Patterns of sexual harassment (severe).")
    hate: tuple[str, ...] = Field(description="Patterns of hateful abuse (severe).")
    not_abuse: tuple[str, ...] = Field(
        description="Patterns of harmless phrases removed before matching."
    )


class Retailer(_Lexicon):
    """One retailer the store competes with."""

    name: str = Field(description="Canonical name, reported as the verdict's subject.")
    aliases: tuple[str, ...] = Field((), description="Other spellings and domains.")
    ambiguous: bool = Field(
        False, description="Also an ordinary word: counts only in a shop context."
    )
    not_followed_by: tuple[str, ...] = Field(
        (), description="Words after the name that make it the ordinary word (Amazon *green*)."
    )


class CompetitorLexicon(_Lexicon):
    """``competitors.yaml``: retailers, the context that marks a name as a shop, generic cues."""

    retailers: tuple[Retailer, ...]
    context_before: tuple[str, ...] = Field(
        description="Words right before an ambiguous name that make it a shop (at, from, than)."
    )
    context_after: tuple[str, ...] = Field(
        description="Words right after an ambiguous name that make it a shop ('s, .com, sells)."
    )
    generic: dict[str, tuple[str, ...]] = Field(
        description="Patterns per family for competitors not named (another store, elsewhere)."
    )
    unnamed_store: str = Field(
        description="Pattern, on the original-case text, for a price comparison with a "
        "capitalised name that is not on any list; group 1 is the name."
    )
    not_store_names: tuple[str, ...] = Field(
        description="Capitalised words that follow such a comparison but are not shops."
    )


class DomainRules(_Lexicon):
    """How one advice domain is recognised."""

    strong: tuple[str, ...] = Field(description="Patterns that are advice on their own.")
    topics: tuple[str, ...] = Field(description="Patterns of the domain's subject matter.")
    asks: tuple[str, ...] = Field(
        description="Patterns of asking for advice; advice when a topic is also present."
    )


class AdviceLexicon(_Lexicon):
    """``advice.yaml``: per domain, strong patterns and topic-plus-ask pairs."""

    domains: dict[AdviceDomain, DomainRules]
    exempt: tuple[str, ...] = Field(
        description="Patterns of store-policy and product-fact phrases removed before matching."
    )


class OffTopicLexicon(_Lexicon):
    """``off_topic.yaml``: request patterns per family, and phrases that are in scope."""

    families: dict[str, tuple[str, ...]]
    in_scope: tuple[str, ...] = Field(
        description="Patterns of shop tasks that look like outside ones (write a review)."
    )


L = TypeVar("L", bound=_Lexicon)


def load_lexicon(folder: Path | None, name: str, schema: type[L]) -> L:
    """The lexicon ``name`` (e.g. ``"abuse"``) from ``folder`` (the bundled one when None)."""
    path = (folder or DATA) / f"{name}.yaml"
    try:
        return schema.model_validate(_read_yaml(path))
    except ValidationError as error:
        raise TopicLexiconError(
            f"{path} does not match the {name} lexicon schema: {error}",
            hint="compare it with the bundled file in guardrails/topic/data/",
        ) from error


@functools.cache
def _read_yaml(path: Path) -> Any:
    if not path.is_file():
        raise TopicLexiconError(f"lexicon file {path} is missing", hint="restore it from git")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise TopicLexiconError(f"{path} is not valid YAML: {error}") from error


def word_pattern(term: str, *, loose: bool = False) -> str:
    """The regex for one word entry (see the module docstring), without boundaries."""
    open_end = len(term) > 1 and term.endswith("*") and term[-2].isalpha()
    words = (term[:-1] if open_end else term).lower().split()
    maskable = loose and sum(len(w) for w in words) >= 4
    body = r"\s+".join(_letters(word, loose=loose, maskable=maskable) for word in words)
    return body + (r"[a-z]*" if open_end else "")


def _letters(word: str, *, loose: bool, maskable: bool) -> str:
    parts = [re.escape(word[0])]
    if maskable and word.isalpha():
        # at least one real letter after the first: "f**k" is fuck, "f***" is no word in particular
        parts.append(rf"(?={_MASK}{{0,{len(word) - 2}}}[a-z])")
    for ch in word[1:]:
        if ch == "'":
            parts.append("'?")
        elif not ch.isalpha() or not loose:
            parts.append(re.escape(ch))
        else:
            letter = f"{ch}(?:{ch}{ch}+)?"
            parts.append(f"(?:{letter}|{_MASK})" if maskable else letter)
    return "".join(parts)


def words_alternation(terms: Iterable[str], *, loose: bool = False) -> str:
    """One bounded group matching any of the word entries ``terms``."""
    ordered = sorted(terms, key=len, reverse=True)
    body = "|".join(word_pattern(t, loose=loose) for t in ordered)
    return rf"(?<![a-z0-9])(?:{body})(?![a-z0-9*])"


def compile_patterns(
    patterns: Iterable[str], where: str, placeholders: Mapping[str, str] | None = None
) -> re.Pattern[str]:
    """One regex matching any of ``patterns``; a bad entry raises naming ``where`` it is."""
    expanded: list[str] = []
    for pattern in patterns:
        text = _expand(pattern, where, placeholders or {})
        try:
            re.compile(text)
        except re.error as error:
            raise TopicLexiconError(
                f"bad pattern in {where}: {pattern!r}: {error}",
                hint="fix the regular expression in the lexicon file",
            ) from error
        expanded.append(f"(?:{text})")
    return re.compile("|".join(expanded)) if expanded else NEVER


def _expand(pattern: str, where: str, placeholders: Mapping[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in placeholders:
            raise TopicLexiconError(
                f"unknown placeholder <{name}> in {where}: {pattern!r}",
                hint=f"use one of {', '.join(f'<{p}>' for p in sorted(placeholders))}",
            )
        return f"(?:{placeholders[name]})"

    return _PLACEHOLDER.sub(replace, pattern)
