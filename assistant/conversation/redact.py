"""The redaction seam: what is stored, logged or shown to a person passes through a ``Redactor``.

``PatternRedactor`` masks the identifiers a shopper types most often in a shopping chat
(emails, phone numbers, card numbers, US SSNs) with patterns. The guardrails package replaces
it with Presidio's analyzer and per-conversation pseudonyms.
"""

from __future__ import annotations

import re
from typing import Protocol


class Redactor(Protocol):
    """Replaces personal data in text with placeholders."""

    def redact(self, text: str) -> str:
        """``text`` with personal data replaced."""
        ...


_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "<EMAIL_ADDRESS>"),
    (re.compile(r"\b(?:\d[ -]?){12,18}\d\b"), "<CREDIT_CARD>"),
    (re.compile(r"\b\d{3}-\d{2}-\d{4}\b"), "<US_SSN>"),
    (
        re.compile(r"(?<![\w-])(?:\+?1[ .-]?)?\(?\d{3}\)?[ .-]?\d{3}[ .-]?\d{4}\b"),
        "<PHONE_NUMBER>",
    ),
)


class PatternRedactor:
    """Masks emails, card numbers, US SSNs and phone numbers."""

    def redact(self, text: str) -> str:
        """``text`` with those identifiers replaced by ``<TYPE>`` placeholders."""
        for pattern, placeholder in _PATTERNS:
            text = pattern.sub(placeholder, text)
        return text
