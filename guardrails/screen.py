"""Screening store content before the model can read it: planted instructions and PII.

Store content (a product description, an FAQ, a policy section, a retrieved chunk) is not
written by the shopper, yet the model reads it as trusted context: an instruction planted
there is an indirect prompt injection, and a customer's name or phone number pasted into a
description is personal data the vector store must not keep. ``ContentScreen`` answers both
for one text: whether it must be quarantined, and the text with personal data replaced by a
typed placeholder (``<PHONE_NUMBER>``). The store's own contact details (from ``store.yaml``)
are not personal data and are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from guardrails.injection.detector import InjectionDetector
    from guardrails.pii.detector import PiiDetector
    from guardrails.rules import GuardrailRules

_EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
_PHONE_DIGITS = 7  # the fewest digits that make two phone numbers the same number


@dataclass(frozen=True)
class Screened:
    """The verdict on one text: quarantine or not, and its text with PII replaced."""

    text: str
    quarantined: bool = False
    reasons: list[str] = field(default_factory=list)
    pii_types: list[str] = field(default_factory=list)


class StoreContacts:
    """The store's own emails, email domains and phone numbers: never redacted."""

    def __init__(self, texts: Iterable[str]) -> None:
        joined = "\n".join(texts)
        self.domains = {m.group(1).lower() for m in _EMAIL.finditer(joined)}
        self.phones = {
            digits
            for digits in (re.sub(r"\D", "", m) for m in re.findall(r"[\d()+\-. ]{7,}", joined))
            if len(digits) >= _PHONE_DIGITS
        }

    def owns(self, entity_type: str, value: str) -> bool:
        """Is ``value`` (found as ``entity_type``) one of the store's own contact details?"""
        if entity_type == "EMAIL_ADDRESS":
            match = _EMAIL.search(value)
            return bool(match and match.group(1).lower() in self.domains)
        if entity_type == "PHONE_NUMBER":
            digits = re.sub(r"\D", "", value)
            return len(digits) >= _PHONE_DIGITS and any(
                digits.endswith(p[-10:]) or p.endswith(digits[-10:]) for p in self.phones
            )
        return False


class ContentScreen:
    """Checks store content for planted instructions and replaces personal data in it."""

    def __init__(
        self,
        rules: GuardrailRules,
        *,
        injection: InjectionDetector | None,
        pii: PiiDetector | None,
        contacts: StoreContacts | None = None,
    ) -> None:
        self.rules = rules
        self.version = rules.version
        self._injection = injection if rules.ingest.quarantine_injection else None
        self._pii = pii if rules.ingest.redact_pii and rules.pii.enabled else None
        self._contacts = contacts or StoreContacts(())

    @property
    def checks_injection(self) -> bool:
        """Whether texts are checked for planted instructions (else nothing is quarantined)."""
        return self._injection is not None

    def screen(self, check: str, redact: str | None = None) -> Screened:
        """Check ``check`` for planted instructions; replace PII in ``redact`` (default: the
        same text). A product is checked whole but only its description is redacted: its title
        and attributes are the store's own words."""
        target = check if redact is None else redact
        if self._injection is not None:
            verdict = self._injection.check(check, kind="document")
            if verdict.flagged:
                return Screened(target, quarantined=True, reasons=list(verdict.reasons))
        text, types = self.redact(target)
        return Screened(text, pii_types=types)

    def redact(self, text: str) -> tuple[str, list[str]]:
        """``text`` with personal data (not the store's contacts) replaced by ``<TYPE>``."""
        if self._pii is None or not text.strip():
            return text, []
        found = self._pii.detect(text, kind="document")
        spans = [s for s in found if not self._contacts.owns(s.entity_type, s.text)]
        for span in sorted(spans, key=lambda s: s.start, reverse=True):
            text = f"{text[: span.start]}<{span.entity_type}>{text[span.end :]}"
        return text, sorted({s.entity_type for s in spans})
