"""Per-conversation pseudonyms: ``<PERSON_1>`` stands for the same value all conversation long.

The replacement is done here rather than with presidio-anonymizer's ``replace`` operator:
that operator writes one fixed value per type, and numbering values consistently across the
messages of a conversation needs the state kept below anyway.

The mapping (placeholder → real value) never leaves the server: ``to_dict`` / ``from_dict``
serialise it for the server's own store (kept ``PiiConfig.retention_days``), and ``restore``
puts the shopper's own values back only into a reply addressed to that shopper. Tools that
need a real value (order verification) look it up with ``value_of`` server-side.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Protocol

from guardrails.errors import GuardrailError
from guardrails.pii.detector import PiiSpan

_PLACEHOLDER = re.compile(r"<([A-Z][A-Z_]*)_(\d+)>")
_FORMAT = 1
_MIN_KNOWN_VALUE = 3  # shorter known values ("Al") would replace parts of ordinary words


class SpanFinder(Protocol):
    """Finds PII spans (``PiiDetector`` fits)."""

    def detect(self, text: str) -> list[PiiSpan]:
        """The PII in ``text``, sorted, without overlaps."""
        ...


class Pseudonymiser:
    """Replaces PII with numbered placeholders, consistently within one conversation.

    Satisfies ``assistant.conversation.redact.Redactor``.
    """

    def __init__(self, detector: SpanFinder, mapping: Mapping[str, str] | None = None) -> None:
        self._detector = detector
        self._by_placeholder: dict[str, str] = dict(mapping or {})
        self._by_value = {(_type_of(p), _key(v)): p for p, v in self._by_placeholder.items()}

    def redact(self, text: str) -> str:
        """``text`` with every PII value replaced by its placeholder (new values get new ones).

        Values this conversation has already revealed are replaced wherever they appear again,
        even where the detector would not recognise them on their own ("- Margaret Thompson").
        """
        parts: list[str] = []
        cursor = 0
        for span in self._detector.detect(text):
            parts.append(text[cursor : span.start])
            parts.append(self._placeholder(span.entity_type, text[span.start : span.end]))
            cursor = span.end
        parts.append(text[cursor:])
        return self.redact_known("".join(parts))

    def redact_known(self, text: str) -> str:
        """``text`` with only the values this conversation already revealed replaced (no
        detection: for text built from the store's own records, which hold no one's details)."""
        values = sorted(self._by_placeholder.items(), key=lambda item: -len(item[1]))
        for placeholder, value in values:
            if len(value.strip()) >= _MIN_KNOWN_VALUE:
                pattern = rf"(?<![\w<]){re.escape(value.strip())}(?![\w>])"
                text = re.sub(pattern, placeholder, text, flags=re.IGNORECASE)
        return text

    def restore(self, text: str) -> str:
        """``text`` with this conversation's placeholders put back to the real values.

        Only for text shown to the shopper the values belong to; unknown placeholders stay.
        """
        return _PLACEHOLDER.sub(lambda m: self._by_placeholder.get(m.group(), m.group()), text)

    def value_of(self, placeholder: str) -> str | None:
        """The real value behind ``placeholder`` (for server-side tools), ``None`` if unknown."""
        return self._by_placeholder.get(placeholder)

    @property
    def mapping(self) -> dict[str, str]:
        """Placeholder → real value (a copy)."""
        return dict(self._by_placeholder)

    def to_dict(self) -> dict[str, Any]:
        """The state as JSON-ready data, for the server's conversation store only."""
        return {"format": _FORMAT, "mapping": dict(self._by_placeholder)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], detector: SpanFinder) -> Pseudonymiser:
        """A pseudonymiser continuing a stored conversation."""
        mapping = data.get("mapping")
        if data.get("format") != _FORMAT or not isinstance(mapping, dict):
            raise GuardrailError(
                "stored pseudonym mapping is not in a format this version reads",
                hint="start a new conversation, or restore the mapping with the same version",
            )
        bad = [p for p in mapping if not _PLACEHOLDER.fullmatch(p)]
        if bad or not all(isinstance(v, str) for v in mapping.values()):
            raise GuardrailError(
                f"stored pseudonym mapping has malformed entries: {bad[:3]}",
                hint="keys must look like <PERSON_1> and values must be strings",
            )
        return cls(detector, mapping)

    def _placeholder(self, entity_type: str, value: str) -> str:
        key = (entity_type, _key(value))
        existing = self._by_value.get(key)
        if existing is not None:
            return existing
        n = 1 + sum(1 for p in self._by_placeholder if _type_of(p) == entity_type)
        placeholder = f"<{entity_type}_{n}>"
        self._by_placeholder[placeholder] = value
        self._by_value[key] = placeholder
        return placeholder


def _type_of(placeholder: str) -> str:
    match = _PLACEHOLDER.fullmatch(placeholder)
    return match.group(1) if match else ""


def _key(value: str) -> str:
    """Spellings of one value that should share a placeholder: case and spacing aside."""
    return " ".join(value.casefold().split())
