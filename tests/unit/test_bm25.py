"""The BM25 index: search, persistence, and odd queries."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.errors import LexicalIndexError
from retrieval.lexical.bm25 import BM25Index

pytestmark = pytest.mark.unit

IDS = ["boot", "tent", "earbuds"]
TEXTS = [
    "Waterproof leather hiking boots",
    "Two-person backpacking tent",
    "Noise-cancelling wireless earbuds",
]


def test_search_stems_and_ranks() -> None:
    index = BM25Index.build(IDS, TEXTS)
    assert index.search("hiking boot")[0][0] == "boot"
    assert index.search("tents for camping")[0][0] == "tent"
    assert index.search("cancelling")[0][0] == "earbuds"


@pytest.mark.parametrize("query", ["", "   ", "the and of", "🙂🙂", "'; DROP TABLE x; --", ".*[("])
def test_odd_queries_find_nothing_and_do_not_crash(query: str) -> None:
    assert BM25Index.build(IDS, TEXTS).search(query) == []


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    BM25Index.build(IDS, TEXTS, version="7").save(tmp_path / "idx")
    BM25Index.build(IDS[:1], TEXTS[:1], version="8").save(tmp_path / "idx")  # replaces
    loaded = BM25Index.load(tmp_path / "idx")
    assert loaded.version == "8" and loaded.ids == ["boot"]
    assert loaded.search("boots")[0][0] == "boot"


def test_empty_index(tmp_path: Path) -> None:
    BM25Index.build([], []).save(tmp_path / "idx")
    assert BM25Index.load(tmp_path / "idx").search("boots") == []


def test_missing_index_says_to_ingest(tmp_path: Path) -> None:
    with pytest.raises(LexicalIndexError) as info:
        BM25Index.load(tmp_path / "nope")
    assert "aisle ingest" in str(info.value.hint)
