"""Errors raised by the injection guardrail.

AisleError (retrieval.errors)
└── InjectionError
    └── InjectionDataError   the classifier's training files are missing or malformed
"""

from __future__ import annotations

from retrieval.errors import AisleError


class InjectionError(AisleError):
    """Base of injection-guardrail errors."""


class InjectionDataError(InjectionError):
    """A training file of the injection classifier cannot be read."""
