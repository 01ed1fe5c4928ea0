"""The stricter reading of store content (``guardrails.pii.documents``) and the English lexicon.

Tables of (text, finding, expected), each with the cases that must stay personal data: full
names, introduced names, known first names and surnames, and a person's own contact card.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from guardrails.pii.documents import (
    document_findings,
    introduced,
    is_business_address,
    is_count,
    is_lone_word,
)
from guardrails.pii.lexicon import EnglishLexicon

pytestmark = pytest.mark.unit

#: A few everyday words standing in for the lexicon of the spaCy pipeline.
ENGLISH = frozenset({"drop", "sleeps", "moon", "king", "store", "thick", "frank", "davis", "box"})


@dataclass(frozen=True)
class Found:
    entity_type: str
    start: int
    end: int


def finding(text: str, value: str, entity_type: str = "PERSON") -> Found:
    start = text.index(value)
    return Found(entity_type, start, start + len(value))


@pytest.mark.parametrize(
    ("value", "lone"),
    [
        ("Drop", True),
        ("Moon", True),
        ("IPX6", True),  # not shaped like a name
        ("XS", True),
        ("Frank", True),  # an everyday word, left out of the first names on purpose
        ("Sarah", False),  # a common first name
        ("Davis", False),  # a common surname, though WordNet lists it
        ("Okafor", False),  # not a word anyone looks up
        ("Ramsey-Johnson", False),
        ("O'Neill", False),
        ("Maria Gonzalez", False),  # two words: a full name
        ("Heather Moon", False),
    ],
)
def test_a_lone_word_is_everyday_or_not_name_shaped(value: str, lone: bool) -> None:
    assert is_lone_word(value, ENGLISH) is lone


@pytest.mark.parametrize(
    ("text", "at", "cued"),
    [
        ("Loved it on our trip! — Frank", "Frank", True),
        ("For a custom fit, ask for Frank at the store.", "Frank", True),
        ("Dr. Moon recommends it.", "Moon", True),
        ("Questions? Contact Frank on weekdays.", "Frank", True),
        ("enough to see the craters of the Moon", "Moon", False),
        ("Frank colours and a thick weave.", "Frank", False),
        ("- Drop-tested from 6 ft", "Drop", False),  # a list bullet is not an attribution
    ],
)
def test_a_cue_introduces_a_lone_name(text: str, at: str, cued: bool) -> None:
    assert introduced(text, text.index(at)) is cued


@pytest.mark.parametrize(
    ("text", "address", "business"),
    [
        ("send it to Harbor & Pine Returns, 88 Millrace Road, Lewiston", "88 Millrace", True),
        ("Privacy Officer, Harbor & Pine Trading Co., 120 Wharf Row", "120 Wharf", True),
        ("Acme Outdoor LLC\n500 Market St, San Francisco", "500 Market", True),
        ("Visit our showroom at 12 Harbor Street, Portland.", "12 Harbor", True),
        ("Our Portland store is on 12 Harbor Street.", "12 Harbor", True),
        ("Ship the replacement to John Miller, 12 Elm Street", "12 Elm", False),
        ("He moved to 12 Elm Street last year", "12 Elm", False),
        ("Ask the store about 12 Elm Street", "12 Elm", False),
    ],
)
def test_an_address_after_a_business_name_is_the_business(
    text: str, address: str, business: bool
) -> None:
    assert is_business_address(text, text.index(address)) is business


@pytest.mark.parametrize(
    ("value", "count"),
    [("Sleeps 2", True), ("Drop 6", True), ("Box 8144", False), ("Koskikatu 25", False)],
)
def test_an_everyday_word_and_a_number_is_a_count(value: str, count: bool) -> None:
    assert is_count(value, ENGLISH) is count


def test_lone_everyday_words_go_and_names_stay() -> None:
    text = "Sleeps 2. Drop-tested. Call Maria Gonzalez or Okafor, or ask for Frank. — Davis"
    findings = [
        finding(text, "Sleeps"),
        finding(text, "Drop"),
        finding(text, "Maria Gonzalez"),
        finding(text, "Okafor"),
        finding(text, "Frank"),
        finding(text, "Davis"),
    ]
    kept = document_findings(text, findings, ENGLISH)
    assert [text[f.start : f.end] for f in kept] == ["Maria Gonzalez", "Okafor", "Frank", "Davis"]


def test_a_business_address_goes_with_the_names_inside_it() -> None:
    text = "Returns: mail to Acme Outdoor LLC, 500 Market St, San Francisco, CA 94105."
    findings = [
        finding(text, "500 Market St, San Francisco, CA 94105", "STREET_ADDRESS"),
        finding(text, "Market St"),
        finding(text, "Francisco"),
    ]
    assert document_findings(text, findings, ENGLISH) == []


def test_a_business_address_on_a_persons_contact_card_stays() -> None:
    text = "Taylor Barabás\nAreavibes Inc\n27 President St\nGleniti"
    findings = [
        finding(text, "Taylor Barabás"),
        finding(text, "27 President St\nGleniti", "STREET_ADDRESS"),
    ]
    assert document_findings(text, findings, ENGLISH) == findings


def test_other_findings_are_untouched() -> None:
    text = "Questions? Write to jane@example.com or call 415-555-0199."
    findings = [
        finding(text, "jane@example.com", "EMAIL_ADDRESS"),
        finding(text, "415-555-0199", "PHONE_NUMBER"),
    ]
    assert document_findings(text, findings, ENGLISH) == findings


def test_the_lexicon_knows_inflected_and_irregular_forms() -> None:
    lexicon = EnglishLexicon(
        lemmas={"noun": {"child", "moon"}, "verb": {"sleep", "drop"}, "adj": {"thick"}},
        suffix_rules={"noun": [["s", ""]], "verb": [["s", ""], ["ped", ""]], "adj": [["er", ""]]},
        irregular={"noun": {"children": ["child"]}},
    )
    known = ["Moon", "moons", "Sleeps", "dropped", "Thicker", "children"]
    unknown = ["Okafor", "sleeper", "IPX6", "", "drop-tested", 42]
    assert [w for w in known if w in lexicon] == known
    assert [w for w in unknown if w in lexicon] == []
