"""Keyed hashes of the identifiers a shopper proves an order is theirs with.

Orders keep no raw email or postal code: only HMAC-SHA256 digests under the store's secret key,
so a leaked database cannot be reversed by hashing a list of likely emails.
"""

from __future__ import annotations

import hashlib
import hmac
import re


class IdentityHasher:
    """Normalises and hashes emails and postal codes with one secret key."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("the identity key must be at least 16 bytes")
        self._key = key

    def digest(self, label: str, value: str) -> str:
        """Keyed digest of ``value`` under ``label`` (labels keep kinds of value apart)."""
        return hmac.new(self._key, f"{label}:{value}".encode(), hashlib.sha256).hexdigest()

    def email(self, value: str) -> str:
        """Digest of an email, case- and whitespace-insensitive."""
        return self.digest("email", value.strip().lower())

    def postal_code(self, value: str) -> str:
        """Digest of a postal code, ignoring case, spaces and hyphens."""
        return self.digest("postal", re.sub(r"[\s-]", "", value).upper())

    def matches(self, stored: str | None, candidate: str) -> bool:
        """Constant-time comparison of a stored digest with a candidate digest."""
        return stored is not None and hmac.compare_digest(stored, candidate)
