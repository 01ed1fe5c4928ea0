"""Errors raised by the topic guardrail.

AisleError (retrieval.errors)
└── GuardrailError (guardrails.errors)
    └── TopicError
        └── TopicLexiconError   a lexicon file is missing, malformed, or holds a bad pattern
"""

from __future__ import annotations

from guardrails.errors import GuardrailError


class TopicError(GuardrailError):
    """Base of topic-guardrail errors."""


class TopicLexiconError(TopicError):
    """A lexicon YAML file cannot be read: the message names the file and the entry."""
