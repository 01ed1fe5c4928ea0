"""The redaction seam: what is stored, logged or shown to a person passes through a ``Redactor``.

``PatternRedactor`` masks the identifiers a shopper types most often in a shopping chat
(emails, phone numbers, card numbers, US SSNs) with patterns; the composition root uses the
guardrails package's Presidio pseudonymiser instead (``<PERSON_1>``, consistent within a
conversation), through a ``RedactorFactory`` that continues each conversation's mapping.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Protocol


class Redactor(Protocol):
    """Replaces personal data in text with placeholders."""

    def redact(self, text: str) -> str:
        """``text`` with personal data replaced."""
        ...


class ConversationRedactor(Redactor, Protocol):
    """A redactor for one conversation, whose placeholders stay the same from turn to turn."""

    @property
    def mapping(self) -> dict[str, str]:
        """Placeholder → real value, kept server-side with the conversation."""
        ...

    def redact_known(self, text: str) -> str:
        """``text`` with only values already seen in this conversation replaced."""
        ...


RedactorFactory = Callable[[Mapping[str, str]], ConversationRedactor]


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
    """Masks emails, card numbers, US SSNs and phone numbers (no mapping: nothing to restore)."""

    @property
    def mapping(self) -> dict[str, str]:
        """Always empty: placeholders are not numbered."""
        return {}

    def redact_known(self, text: str) -> str:
        """The same as ``redact``: patterns know no values."""
        return self.redact(text)

    def redact(self, text: str) -> str:
        """``text`` with those identifiers replaced by ``<TYPE>`` placeholders."""
        for pattern, placeholder in _PATTERNS:
            text = pattern.sub(placeholder, text)
        return text
