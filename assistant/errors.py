"""Errors of the assistant layer.

AisleError (retrieval.errors)
└── AssistantError
    └── ConfigError    settings are missing, invalid or unsafe for the environment
"""

from __future__ import annotations

from retrieval.errors import AisleError


class AssistantError(AisleError):
    """Base of assistant errors."""


class ConfigError(AssistantError):
    """Settings are missing, invalid or unsafe."""
