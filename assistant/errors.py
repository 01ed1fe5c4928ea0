"""Errors of the assistant layer.

AisleError (retrieval.errors)
└── AssistantError
    ├── ConfigError          settings are missing, invalid or unsafe for the environment
    ├── UnknownSessionError  no conversation has this id (or it was erased)
    ├── UnknownMessageError  no message of this conversation has this id
    ├── UnknownTicketError   no handoff ticket has this id
    ├── TicketStateError     the ticket cannot move that way (already claimed or resolved)
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


class UnknownMessageError(AssistantError):
    """No message of this conversation has this id."""


class UnknownTicketError(AssistantError):
    """No handoff ticket has this id."""


class TicketStateError(AssistantError):
    """A ticket cannot move that way: it is claimed by someone else, or already resolved."""


class MessageTooLongError(AssistantError):
    """A shopper message is longer than the assistant accepts."""
