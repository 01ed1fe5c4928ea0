"""Store content read as documents: stricter about what counts as a person or an address.

A product description, an FAQ answer or a policy section is written by the shop, not by a
shopper. It names a person rarely, and then in full ("Call Maria Gonzalez at …", "— review by
Sarah Johnson") or after a cue ("contact Dr. Okafor"). A lone capitalised word the model
calls a person there is far more often a feature, a material or a size: an everyday English
word ("Sleeps 2", "Drop-tested", "Acacia construction", "King") or not shaped like a name at
all ("IPX6 rated", "XS", "EQ"). Such a word counts as a person only when it is a common first
name or surname, or a cue introduces it; with a number after it, it is a count ("Sleeps 2"),
not a street like "Koskikatu 25". And a street address right after a company's name ("Harbor &
Pine Returns, 88 Millrace Road") or "our warehouse at …" is the business's address, not
anyone's personal data, unless a person's name comes just before the business's (a contact
card: "Taylor Barabás\nAreavibes Inc\n27 President St"). Chat messages are different
(shoppers sign with a first name and name their family), so these rules apply only to
``PiiDetector.detect(text, kind="document")``.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence
from typing import Protocol, TypeVar

from guardrails.pii.recognizers import preceded_by_name_cue
from guardrails.pii.retail import FIRST_NAMES, SURNAMES

_WORD = re.compile(r"[^\W_][\w'’-]*")
_KNOWN_NAMES = FIRST_NAMES | SURNAMES
#: What a business's address can hide: the street and town names the model reads as people.
_NAME_LIKE = frozenset({"PERSON", "STREET_ADDRESS"})
_WORD_AND_NUMBER = re.compile(r"([^\W\d_]+)[ \t]+\d{1,5}")
#: Words that, before a number, do make an address: "Box 8144", "Suite 12".
_ADDRESS_WORDS = frozenset({"box", "suite", "apt", "unit", "flat", "floor", "room", "psc"})
#: Letters, joined by hyphens or apostrophes: "Okafor", "Ramsey-Johnson", "O'Neill".
_NAME_SHAPE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
#: Words that introduce a single name in a shop's text ("contact Okafor", "— Dana").
_DOCUMENT_CUE = re.compile(
    r"(?:\b(?i:contact|call|ask for|ask|email|e-mail|text|dear|hi|hello|thanks|thank you)[ \t]+"
    r"|[—–][ \t]*)$"
)
#: The last word of a business's name, with the comma or colon before its address.
_BUSINESS_SUFFIX = (
    r"(?:Co|Company|Inc|Incorporated|LLC|L\.L\.C|LLP|Ltd|Limited|Corp|Corporation|GmbH|PLC"
    r"|S\.A|B\.V|Returns|Warehouse|Department|Dept|Office|HQ|Headquarters|Center|Centre"
    r"|Store|Shop|Showroom|Outlet|Studio|Team)"
)
_AFTER_BUSINESS = re.compile(rf"\b{_BUSINESS_SUFFIX}\.?[ \t]*[,:]?[ \t]*\n?[ \t]*$")
#: "our warehouse at", "our showroom is on", "our returns center:": the shop's own premises.
_OUR_PREMISES = re.compile(
    r"(?i:\bour (?:\w+ )?(?:warehouse|store|shop|office|offices|showroom|headquarters|hq"
    r"|center|centre|depot|studio|outlet|address|team)(?: is)?(?: located)?[ \t]*(?:at|on|in|:))"
    r"[ \t]*$"
)
_LOOK_BEHIND = 80
#: How far before a business's address a person's name makes it that person's contact card.
_CARD_REACH = 120


class Finding(Protocol):
    """What the rules need of a finding (``PiiSpan`` fits)."""

    @property
    def entity_type(self) -> str:
        """The Presidio entity type."""
        ...

    @property
    def start(self) -> int:
        """Where the finding starts in the text."""
        ...

    @property
    def end(self) -> int:
        """Where it ends."""
        ...


F = TypeVar("F", bound=Finding)


def document_findings(text: str, findings: Sequence[F], english: Container[str]) -> list[F]:
    """The ``findings`` in store content that are personal data.

    A PERSON of one word that is an ``english`` word (lower case) or not shaped like a name
    counts only when a cue introduces it. A street address right after a
    business's name counts only on a person's contact card, and the names found inside it
    ("Market St", "Francisco") go with it, as does a count read as a street ("Sleeps 2").
    """
    kept = [
        f
        for f in findings
        if f.entity_type != "PERSON"
        or not is_lone_word(text[f.start : f.end], english)
        or introduced(text, f.start)
    ]
    people = [f.end for f in kept if f.entity_type == "PERSON"]
    not_personal = [
        (f.start, f.end)
        for f in kept
        if f.entity_type == "STREET_ADDRESS"
        and (is_count(text[f.start : f.end], english) or is_business_address(text, f.start))
        and not any(f.start - _CARD_REACH <= end <= f.start for end in people)
    ]
    return [
        f
        for f in kept
        if f.entity_type not in _NAME_LIKE
        or not any(start <= f.start and f.end <= end for start, end in not_personal)
    ]


def is_lone_word(value: str, english: Container[str]) -> bool:
    """One word, not a common first name or surname, that is an everyday word ("Drop",
    "Sleeps") or not shaped like a name ("IPX6", "XS"); "Sarah", "Davis" and "Okafor" are
    not lone words."""
    words = _WORD.findall(value)
    if len(words) != 1 or words[0].lower() in _KNOWN_NAMES:
        return False
    word = words[0]
    name_shaped = bool(_NAME_SHAPE.fullmatch(word)) and any(c.islower() for c in word)
    return not name_shaped or word.lower() in english


def is_count(value: str, english: Container[str]) -> bool:
    """An everyday word and a number ("Sleeps 2", "Serves 6"): a count, not a street."""
    match = _WORD_AND_NUMBER.fullmatch(value)
    return bool(
        match and match[1].lower() not in _ADDRESS_WORDS and is_lone_word(match[1], english)
    )


def introduced(text: str, start: int) -> bool:
    """Whether a name cue ("Mr.", "my name is", "contact", "— ") ends right before ``start``."""
    before = text[max(0, start - _LOOK_BEHIND) : start]
    return preceded_by_name_cue(text, start) or bool(_DOCUMENT_CUE.search(before))


def is_business_address(text: str, start: int) -> bool:
    """Whether the address at ``start`` follows a business's name or "our warehouse at"."""
    before = text[max(0, start - _LOOK_BEHIND) : start]
    return bool(_AFTER_BUSINESS.search(before) or _OUR_PREMISES.search(before))
