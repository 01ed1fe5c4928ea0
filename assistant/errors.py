"""Errors of the assistant layer.

AisleError (retrieval.errors)
└── AssistantError
    ├── ConfigError          settings are missing, invalid or unsafe for the environment
    ├── UnknownSessionError  no conversation has this id (or it was erased)
    └── MessageTooLongError  a shopper message is longer than the assistant accepts
"""

from __future__ import annotations

from retrieval.errors import AisleError


class AssistantError(AisleError):
    """Base of assistant errors."""


class ConfigError(AssistantError):
    """Settings are missing, invalid or unsafe."""


class UnknownSessionError(AssistantError):
    """No conversation has this id, or it was erased."""


class MessageTooLongError(AssistantError):
    """A shopper message is longer than the assistant accepts."""
