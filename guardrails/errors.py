"""Errors raised by the guardrails.

AisleError (retrieval.errors)
└── GuardrailError
    ├── GuardrailConfigError    a guardrail's settings are invalid
    └── PiiModelUnavailableError  the spaCy model the PII detector needs is not installed
"""

from __future__ import annotations

from retrieval.errors import AisleError


class GuardrailError(AisleError):
    """Base of guardrail errors."""


class GuardrailConfigError(GuardrailError):
    """A guardrail's settings are invalid: the message names the setting, the hint the fix."""


class PiiModelUnavailableError(GuardrailError):
    """The spaCy pipeline behind PII detection (or Presidio itself) cannot be loaded."""
