"""The labelled intent-router sets in data/eval/intents: format, labels, counts, README, leaks."""

from __future__ import annotations

import json
import re
from collections import Counter
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.routing.router import EXAMPLES, INTENTS
from tests.conftest import REPO

pytestmark = pytest.mark.unit

FOLDER = REPO / "data" / "eval" / "intents"
README = FOLDER / "README.md"
# Each held-out file and the fewest utterances it may hold.
MIN_TOTALS = {"utterances.jsonl": 240, "utterances-b.jsonl": 200}
DATASETS = [FOLDER / name for name in MIN_TOTALS]

LABELS = set(INTENTS)  # the router owns the intents; the dataset must cover each
MIN_PER_LABEL = 25
MAX_CHARS = 500
EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
ALLOWED_EMAIL_DOMAINS = {"example.com", "example.org", "example.net"}
COUNT_ROW = re.compile(r"^\| `([a-z_]+)` \| (\d+) \| (\d+) \|$")
TOTAL_ROW = re.compile(r"^\| \*\*Total\*\* \| \*\*(\d+)\*\* \| \*\*(\d+)\*\* \|$")
TABLE_FOR = re.compile(r"^`(utterances[\w-]*\.jsonl)`")

each_dataset = pytest.mark.parametrize("dataset", DATASETS, ids=[d.name for d in DATASETS])


def _lines(dataset: Path) -> list[str]:
    return dataset.read_text(encoding="utf-8").split("\n")


def _rows(dataset: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in _lines(dataset) if line]


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


@each_dataset
def test_every_line_is_an_object_with_exactly_text_label_hard(dataset: Path) -> None:
    raw = dataset.read_bytes()
    assert raw.endswith(b"\n") and not raw.endswith(b"\n\n")
    lines = _lines(dataset)[:-1]
    for number, line in enumerate(lines, 1):
        assert line == line.rstrip(), f"line {number} has trailing whitespace"
        row = json.loads(line)
        assert isinstance(row, dict), f"line {number} is not an object"
        assert list(row) == ["text", "label", "hard"], f"line {number} keys: {list(row)}"
        assert isinstance(row["text"], str) and row["text"], f"line {number} text"
        assert row["text"] == row["text"].strip(), f"line {number} text has outer spaces"
        assert isinstance(row["label"], str), f"line {number} label"
        assert isinstance(row["hard"], bool), f"line {number} hard is not a boolean"


@each_dataset
def test_labels_are_exactly_the_eight_intents(dataset: Path) -> None:
    assert {row["label"] for row in _rows(dataset)} == LABELS


@each_dataset
def test_counts_per_label_and_total(dataset: Path) -> None:
    rows = _rows(dataset)
    counts = Counter(row["label"] for row in rows)
    assert len(rows) >= MIN_TOTALS[dataset.name]
    short = {label: n for label, n in counts.items() if n < MIN_PER_LABEL}
    assert not short, f"labels with fewer than {MIN_PER_LABEL} utterances: {short}"


@each_dataset
def test_some_but_not_most_are_hard(dataset: Path) -> None:
    rows = _rows(dataset)
    share = sum(row["hard"] for row in rows) / len(rows)
    assert 0.15 <= share <= 0.3, f"hard share {share:.2f}"
    assert all(any(r["hard"] for r in rows if r["label"] == label) for label in LABELS)


@each_dataset
def test_sorted_by_label_keeping_written_order(dataset: Path) -> None:
    labels = [row["label"] for row in _rows(dataset)]
    assert labels == sorted(labels)


@each_dataset
def test_no_duplicate_texts(dataset: Path) -> None:
    seen: dict[str, str] = {}
    for row in _rows(dataset):
        key = _normalised(row["text"])
        assert key not in seen, f"duplicate: {row['text']!r} and {seen[key]!r}"
        seen[key] = row["text"]


@each_dataset
def test_no_near_duplicates_one_word_apart(dataset: Path) -> None:
    words = [(row["text"], _words(row["text"])) for row in _rows(dataset)]
    pairs = [(a, b) for (a, wa), (b, wb) in combinations(words, 2) if _one_word_apart(wa, wb)]
    assert not pairs, f"near-duplicates: {pairs}"


def test_the_second_set_shares_no_text_with_the_first() -> None:
    first, second = ([_words(row["text"]) for row in _rows(d)] for d in DATASETS)
    shared = [" ".join(b) for b in second if any(_one_word_apart(a, b) for a in first)]
    assert not shared, f"texts of {DATASETS[1].name} one word from {DATASETS[0].name}: {shared}"


def test_no_training_example_is_a_held_out_text() -> None:
    """Held out means held out: no router example equals, or is one word from, an eval text."""
    examples = yaml.safe_load(EXAMPLES.read_text(encoding="utf-8"))
    held_out = [_words(row["text"]) for dataset in DATASETS for row in _rows(dataset)]
    leaked = [
        text
        for texts in examples.values()
        for text in texts
        if any(_one_word_apart(_words(text), other) for other in held_out)
    ]
    assert not leaked, f"router examples that copy held-out texts: {leaked}"


@each_dataset
def test_texts_are_at_most_500_characters(dataset: Path) -> None:
    long = [row["text"][:60] for row in _rows(dataset) if len(row["text"]) > MAX_CHARS]
    assert not long, f"texts over {MAX_CHARS} characters: {long}"


@each_dataset
def test_emails_use_reserved_example_domains_only(dataset: Path) -> None:
    rows = _rows(dataset)
    domains = {match.group(1).lower() for row in rows for match in EMAIL.finditer(row["text"])}
    assert domains, "the set should contain some email addresses"
    assert domains <= ALLOWED_EMAIL_DOMAINS, f"real-looking domains: {domains}"


def _readme_tables() -> dict[str, tuple[dict[str, tuple[int, int]], tuple[int, int]]]:
    """Per file named in a line like `utterances.jsonl`: its count rows and its total row."""
    tables: dict[str, tuple[dict[str, tuple[int, int]], tuple[int, int]]] = {}
    name, rows = "", dict[str, tuple[int, int]]()
    for line in README.read_text(encoding="utf-8").splitlines():
        if match := TABLE_FOR.match(line):
            name, rows = match.group(1), {}
        elif match := COUNT_ROW.match(line):
            rows[match.group(1)] = (int(match.group(2)), int(match.group(3)))
        elif match := TOTAL_ROW.match(line):
            tables[name] = (rows, (int(match.group(1)), int(match.group(2))))
    return tables


@each_dataset
def test_readme_count_table_matches_the_file(dataset: Path) -> None:
    rows = _rows(dataset)
    counts = Counter(row["label"] for row in rows)
    hard = Counter(row["label"] for row in rows if row["hard"])
    table, total = _readme_tables()[dataset.name]
    assert table == {label: (counts[label], hard[label]) for label in LABELS}
    assert total == (len(rows), sum(hard.values()))
