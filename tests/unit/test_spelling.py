"""Spelling correction: a table of typos and of words that must be left alone."""

from __future__ import annotations

import pytest

from retrieval.lexical.spelling import SpellingCorrector

pytestmark = pytest.mark.unit

FREQUENCIES = {
    "boots": 10,
    "speakers": 5,
    "waterproof": 7,
    "backpack": 3,
    "headlamp": 4,
    "tent": 9,
    "earbuds": 2,
    "jacket": 6,
}
NO_DICTIONARY: frozenset[str] = frozenset()


@pytest.fixture(scope="module")
def corrector() -> SpellingCorrector:
    return SpellingCorrector(FREQUENCIES, dictionary=NO_DICTIONARY)


# (word, correction or None)
CORRECTIONS = [
    ("bootz", "boots"),  # 5 letters, 1 edit
    ("BOOTZ", "boots"),
    ("earbudz", "earbuds"),  # 7 letters, 1 edit
    ("headlmp", "headlamp"),  # 7 letters, 1 edit (a deletion)
    ("speekers", "speakers"),  # 8 letters, 1 edit
    ("waterprof", "waterproof"),  # 9 letters, 1 edit
    ("watrprof", "waterproof"),  # 8 letters, 2 edits
    ("bakcpack", "backpack"),  # 8 letters, a swap = 2 edits
    ("eerbudz", None),  # 7 letters, 2 edits: too far
    ("hedlmp", None),  # 6 letters, 2 edits: too far
    ("wtrproff", None),  # 8 letters, 3 edits: too far
    ("xyzzy", None),  # nothing close
    ("boots", None),  # known: never changed
    ("tent", None),
    ("tnt", None),  # shorter than 4 letters
    ("bot", None),
    ("b00ts", None),  # digits: not a word to correct
    ("4t", None),
    ("", None),
]


@pytest.mark.parametrize(("word", "expected"), CORRECTIONS)
def test_correction(corrector: SpellingCorrector, word: str, expected: str | None) -> None:
    assert corrector.correction(word) == expected


def test_corrections_of_a_query(corrector: SpellingCorrector) -> None:
    found = corrector.corrections("Waterprof bootz for hikking, size 10 b00ts tnt")
    assert found == {"waterprof": "waterproof", "bootz": "boots"}


def test_words_in_the_dictionary_are_not_corrected() -> None:
    frequencies = {"speakers": 5}
    assert SpellingCorrector(frequencies, dictionary=set()).correction("sneakers") == "speakers"
    assert SpellingCorrector(frequencies, dictionary={"sneakers"}).correction("sneakers") is None


def test_default_english_list_protects_real_words() -> None:
    corrector = SpellingCorrector({"speakers": 5, "boots": 3})
    assert corrector.correction("sneakers") is None
    assert corrector.correction("speekers") == "speakers"
    assert corrector.correction("bootz") == "boots"


@pytest.mark.parametrize(
    ("frequencies", "expected"),
    [
        ({"boots": 10, "boats": 3}, "boots"),
        ({"boots": 3, "boats": 10}, "boats"),
        ({"boots": 5, "boats": 5}, "boats"),  # equal frequency: alphabetical
    ],
)
def test_equally_close_words_prefer_the_frequent_one(
    frequencies: dict[str, int], expected: str
) -> None:
    # "boxts" is one edit from both
    assert SpellingCorrector(frequencies, dictionary=NO_DICTIONARY).correction("boxts") == expected


def test_closer_word_beats_a_more_frequent_one() -> None:
    # "backpacc": 1 edit from backpack, 2 from backrack
    frequencies = {"backpack": 1, "backrack": 100}
    corrector = SpellingCorrector(frequencies, dictionary=NO_DICTIONARY)
    assert corrector.correction("backpacc") == "backpack"


def test_from_texts_counts_words_of_three_letters_or_more() -> None:
    corrector = SpellingCorrector.from_texts(["Boots, boots & a tent!", "Tent 2-person"])
    assert corrector.frequencies == {"boots": 2, "tent": 2, "person": 1}


@pytest.mark.parametrize(("word", "expected"), [("jakcet", "jacket"), ("tnet", "tent")])
def test_swapped_letters_are_one_edit(
    corrector: SpellingCorrector, word: str, expected: str
) -> None:
    assert corrector.correction(word) == expected
