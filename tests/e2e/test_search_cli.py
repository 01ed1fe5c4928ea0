"""``aisle search`` as a content team uses it after an ingest: a real subprocess."""

from __future__ import annotations

import json

import pytest

from tests.conftest import FIXTURES
from tests.e2e.conftest import Run

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
MINI = FIXTURES / "mini-store"


def test_search_after_ingest_shows_understood_constraints(aisle: Run) -> None:
    assert aisle("ingest", MINI).returncode == 0
    result = aisle("search", "waterproof hiking boot under $120 in size 10", "--json", "-k", "3")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["filters"] == "under $120, size 10"
    assert found["hits"][0]["record_id"] == "P1" and found["hits"][0]["matches_filters"]
    assert len(found["hits"]) == 3
    policy = aisle("search", "how long do I have to return something", "--knowledge", "--json")
    hits = json.loads(policy.stdout.strip().splitlines()[-1])["hits"]
    assert hits and {h["kind"] for h in hits} <= {"policy", "faq"}


def test_search_before_any_ingest_says_what_to_do(aisle: Run) -> None:
    result = aisle("search", "boots", "--json")
    assert result.returncode == 1
    assert json.loads(result.stdout.strip().splitlines()[-1])["error"]["code"] == (
        "LexicalIndexError"
    )
    assert "fix: run `aisle ingest` first" in result.stderr
