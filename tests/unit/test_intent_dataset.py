"""The labelled intent-router set in data/eval/intents: format, labels, counts and README."""

from __future__ import annotations

import json
import re
from collections import Counter
from itertools import combinations
from typing import Any

import pytest

from assistant.routing.router import INTENTS
from tests.conftest import REPO

pytestmark = pytest.mark.unit

FOLDER = REPO / "data" / "eval" / "intents"
DATASET = FOLDER / "utterances.jsonl"
README = FOLDER / "README.md"

LABELS = set(INTENTS)  # the router owns the intents; the dataset must cover each
MIN_PER_LABEL = 25
MIN_TOTAL = 240
MAX_CHARS = 500
EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
ALLOWED_EMAIL_DOMAINS = {"example.com", "example.org", "example.net"}
COUNT_ROW = re.compile(r"^\| `([a-z_]+)` \| (\d+) \| (\d+) \|$")
TOTAL_ROW = re.compile(r"^\| \*\*Total\*\* \| \*\*(\d+)\*\* \| \*\*(\d+)\*\* \|$")


def _lines() -> list[str]:
    return DATASET.read_text(encoding="utf-8").split("\n")


def _rows() -> list[dict[str, Any]]:
    return [json.loads(line) for line in _lines() if line]


def _normalised(text: str) -> str:
    return " ".join(text.lower().split())


def _words(text: str) -> list[str]:
    return re.findall(r"[\w$%']+", text.lower())


def _one_word_apart(a: list[str], b: list[str]) -> bool:
    """True when b is a, punctuation aside, or a with one word replaced, added or removed."""
    if a == b:
        return True
    if min(len(a), len(b)) < 2:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    if abs(len(a) - len(b)) != 1:
        return False
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def test_every_line_is_an_object_with_exactly_text_label_hard() -> None:
    raw = DATASET.read_bytes()
    assert raw.endswith(b"\n") and not raw.endswith(b"\n\n")
    lines = _lines()[:-1]
    for number, line in enumerate(lines, 1):
        assert line == line.rstrip(), f"line {number} has trailing whitespace"
        row = json.loads(line)
        assert isinstance(row, dict), f"line {number} is not an object"
        assert list(row) == ["text", "label", "hard"], f"line {number} keys: {list(row)}"
        assert isinstance(row["text"], str) and row["text"], f"line {number} text"
        assert row["text"] == row["text"].strip(), f"line {number} text has outer spaces"
        assert isinstance(row["label"], str), f"line {number} label"
        assert isinstance(row["hard"], bool), f"line {number} hard is not a boolean"


def test_labels_are_exactly_the_eight_intents() -> None:
    assert {row["label"] for row in _rows()} == LABELS


def test_counts_per_label_and_total() -> None:
    rows = _rows()
    counts = Counter(row["label"] for row in rows)
    assert len(rows) >= MIN_TOTAL
    short = {label: n for label, n in counts.items() if n < MIN_PER_LABEL}
    assert not short, f"labels with fewer than {MIN_PER_LABEL} utterances: {short}"


def test_some_but_not_most_are_hard() -> None:
    rows = _rows()
    share = sum(row["hard"] for row in rows) / len(rows)
    assert 0.15 <= share <= 0.3, f"hard share {share:.2f}"
    assert all(any(r["hard"] for r in rows if r["label"] == label) for label in LABELS)


def test_sorted_by_label_keeping_written_order() -> None:
    labels = [row["label"] for row in _rows()]
    assert labels == sorted(labels)


def test_no_duplicate_texts() -> None:
    seen: dict[str, str] = {}
    for row in _rows():
        key = _normalised(row["text"])
        assert key not in seen, f"duplicate: {row['text']!r} and {seen[key]!r}"
        seen[key] = row["text"]


def test_no_near_duplicates_one_word_apart() -> None:
    words = [(row["text"], _words(row["text"])) for row in _rows()]
    pairs = [(a, b) for (a, wa), (b, wb) in combinations(words, 2) if _one_word_apart(wa, wb)]
    assert not pairs, f"near-duplicates: {pairs}"


def test_texts_are_at_most_500_characters() -> None:
    long = [row["text"][:60] for row in _rows() if len(row["text"]) > MAX_CHARS]
    assert not long, f"texts over {MAX_CHARS} characters: {long}"


def test_emails_use_reserved_example_domains_only() -> None:
    domains = {match.group(1).lower() for row in _rows() for match in EMAIL.finditer(row["text"])}
    assert domains, "the set should contain some email addresses"
    assert domains <= ALLOWED_EMAIL_DOMAINS, f"real-looking domains: {domains}"


def test_readme_count_table_matches_the_file() -> None:
    rows = _rows()
    counts = Counter(row["label"] for row in rows)
    hard = Counter(row["label"] for row in rows if row["hard"])
    table: dict[str, tuple[int, int]] = {}
    total: tuple[int, int] | None = None
    for line in README.read_text(encoding="utf-8").splitlines():
        if match := COUNT_ROW.match(line):
            table[match.group(1)] = (int(match.group(2)), int(match.group(3)))
        elif match := TOTAL_ROW.match(line):
            total = (int(match.group(1)), int(match.group(2)))
    assert table == {label: (counts[label], hard[label]) for label in LABELS}
    assert total == (len(rows), sum(hard.values()))
