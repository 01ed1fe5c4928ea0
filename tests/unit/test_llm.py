"""The chat-model seam: the scripted fake and the retry policy, with no real model."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest

from assistant.llm.base import (
    ChatMessage,
    LLMError,
    LLMTimeoutError,
    LLMUnavailableError,
    Sampling,
    complete,
)
from assistant.llm.resilience import RetryingChatModel
from assistant.llm.scripted import ScriptedChatModel, ScriptExhaustedError

pytestmark = pytest.mark.unit
HELLO = [ChatMessage("user", "hello")]


def test_scripted_model_streams_its_replies_in_order_and_records_prompts() -> None:
    model = ScriptedChatModel(["Hi there, shopper.", "Second reply"])
    pieces = list(model.stream(HELLO))
    assert len(pieces) > 1 and "".join(pieces) == "Hi there, shopper."
    assert complete(model, [ChatMessage("user", "again")]) == "Second reply"
    assert [c[-1].content for c in model.calls] == ["hello", "again"] and model.remaining == 0


def test_scripted_model_fails_loudly_when_it_runs_out() -> None:
    model = ScriptedChatModel(["only one"])
    complete(model, HELLO)
    with pytest.raises(ScriptExhaustedError, match="called 2 times"):
        complete(model, HELLO)


def test_scripted_model_replays_a_scripted_failure() -> None:
    model = ScriptedChatModel([LLMTimeoutError("too slow")])
    with pytest.raises(LLMTimeoutError):
        complete(model, HELLO)


def test_retries_until_the_model_answers() -> None:
    inner = ScriptedChatModel([LLMUnavailableError("down"), LLMTimeoutError("slow"), "ok now"])
    model = RetryingChatModel(inner, attempts=3, first_wait_s=0.0)
    assert complete(model, HELLO) == "ok now" and inner.remaining == 0
    assert model.model_id == "scripted"


def test_gives_up_after_the_last_attempt() -> None:
    inner = ScriptedChatModel([LLMUnavailableError("down")] * 2 + ["never reached"])
    with pytest.raises(LLMUnavailableError):
        complete(RetryingChatModel(inner, attempts=2, first_wait_s=0.0), HELLO)
    assert inner.remaining == 1


def test_other_failures_are_not_retried() -> None:
    inner = ScriptedChatModel([LLMError("bad key"), "unused"])
    with pytest.raises(LLMError, match="bad key"):
        complete(RetryingChatModel(inner, attempts=3, first_wait_s=0.0), HELLO)
    assert inner.remaining == 1


class _FailsMidway:
    """Streams one piece, then times out: what a shopper has seen cannot be retried."""

    model_id = "midway"

    def __init__(self) -> None:
        self.calls = 0

    def stream(
        self, messages: Sequence[ChatMessage], sampling: Sampling | None = None
    ) -> Iterator[str]:
        self.calls += 1
        yield "Partial "
        raise LLMTimeoutError("stalled")


def test_a_failure_after_text_has_streamed_is_not_retried() -> None:
    inner = _FailsMidway()
    pieces: list[str] = []
    with pytest.raises(LLMTimeoutError):
        pieces.extend(RetryingChatModel(inner, attempts=3, first_wait_s=0.0).stream(HELLO))
    assert pieces == ["Partial "] and inner.calls == 1
