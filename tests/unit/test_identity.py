"""Keyed hashing of order identifiers."""

from __future__ import annotations

import pytest

from ingest.identity import IdentityHasher

pytestmark = pytest.mark.unit


def test_normalisation_and_keys() -> None:
    hasher = IdentityHasher(b"k" * 32)
    assert hasher.email(" Jane.Doe@Example.com ") == hasher.email("jane.doe@example.com")
    assert hasher.postal_code("k1a-0b1") == hasher.postal_code("K1A 0B1")
    assert hasher.email("jane@example.com") != hasher.postal_code("jane@example.com")
    assert IdentityHasher(b"x" * 32).email("a@b.co") != hasher.email("a@b.co")
    assert "jane" not in hasher.email("jane@example.com")


def test_matches_is_exact() -> None:
    hasher = IdentityHasher(b"k" * 32)
    stored = hasher.email("a@b.co")
    assert hasher.matches(stored, hasher.email("A@B.CO"))
    assert not hasher.matches(stored, hasher.email("a@b.com"))
    assert not hasher.matches(None, stored)


def test_short_key_is_refused() -> None:
    with pytest.raises(ValueError, match="16 bytes"):
        IdentityHasher(b"short")
