"""Turns for stateless clients (the OpenAI-compatible route): the messages carry the conversation.

Each call starts a conversation whose history is the earlier messages (redacted like any
other), then answers the last user message on the same pipeline as ``/v1/chat``. System
messages from the client are dropped: the store's own instructions are the only ones the model
gets. What a stateful session remembers besides history (products shown, an order awaiting
proof) is not rebuilt, so an order lookup needs the order id and the proof in one message.
The conversation is stored (redacted) like any other, for analytics and handoffs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from assistant.conversation.state import MAX_HISTORY
from assistant.engine import Assistant
from assistant.errors import AssistantError
from assistant.reply import TurnEvent

Message = tuple[str, str]  # (role, content)


class NoQuestionError(AssistantError):
    """The messages do not end with a user message to answer."""


def stateless_turn(
    assistant: Assistant, messages: Sequence[Message], *, client: str
) -> tuple[str, Iterator[TurnEvent]]:
    """Start a conversation holding ``messages[:-1]`` as history and answer the last one;
    returns the conversation id and the turn's events."""
    talk = [(role, text) for role, text in messages if role in {"user", "assistant"}]
    if not talk or talk[-1][0] != "user" or not talk[-1][1].strip():
        raise NoQuestionError(
            "the last message must be a non-empty user message",
            hint="end `messages` with {'role': 'user', 'content': ...}",
        )
    *earlier, (_, question) = talk
    new = assistant.start()
    state = assistant.conversations.load(new.id)
    redactor = assistant.redactors(state.pii_mapping)
    for role, text in earlier[-MAX_HISTORY:]:
        state.remember(role, redactor.redact(" ".join(text.split())))
    state.pii_mapping = redactor.mapping
    assistant.conversations.save_state(new.id, state)
    return new.id, assistant.stream(new.id, question, client=client)
