"""Chat models for tests and measurements: a scripted one that plays back replies and fails
loudly when misused, a repeating one for load tests and fuzzing, and an unasked one that
refuses every call, for counting which turns would ask a model."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from assistant.llm.base import ChatMessage, Sampling


class ScriptExhaustedError(AssertionError):
    """The code under test called the model more often than the test scripted."""


class ScriptedChatModel:
    """Replies with the next scripted text (or raises the next scripted exception).

    ``calls`` records every prompt, so tests can assert on what the model was shown.
    """

    model_id = "scripted"

    def __init__(self, replies: Iterable[str | Exception]) -> None:
        self._replies = list(replies)
        self.calls: list[list[ChatMessage]] = []

    @property
    def remaining(self) -> int:
        """Replies not played yet."""
        return len(self._replies)

    def stream(
        self, messages: Sequence[ChatMessage], sampling: Sampling | None = None
    ) -> Iterator[str]:
        """Yield the next reply word by word."""
        self.calls.append(list(messages))
        if not self._replies:
            raise ScriptExhaustedError(
                f"the scripted model was called {len(self.calls)} times but only scripted "
                f"{len(self.calls) - 1} replies; last prompt ended: {messages[-1].content[-200:]!r}"
            )
        reply = self._replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        return iter(re.findall(r"\S+\s*|\s+", reply))


class RepeatingChatModel:
    """Gives the same reply to every prompt: a model for load tests and API fuzzing, where the
    number of calls is not known in advance. It keeps no prompts (a fuzzer sends thousands)."""

    model_id = "repeating"

    def __init__(self, reply: str = "Here is what our records say [1].") -> None:
        self.reply = reply
        self.calls = 0

    def stream(
        self, messages: Sequence[ChatMessage], sampling: Sampling | None = None
    ) -> Iterator[str]:
        """Yield the reply word by word."""
        self.calls += 1
        return iter(re.findall(r"\S+\s*|\s+", self.reply))


class ModelAskedError(Exception):
    """The turn asked the model for a reply (raised by ``UnaskedModel``)."""


class UnaskedModel:
    """Refuses every call, so a turn shows whether it would ask a model (the injection suites
    count where attack messages go with it; see ``evals/suites/containment.py``)."""

    model_id = "unasked"

    def stream(
        self, messages: Sequence[ChatMessage], sampling: Sampling | None = None
    ) -> Iterator[str]:
        """Raise ``ModelAskedError``: the turn would have had the model write its reply."""
        raise ModelAskedError("the turn asked the model")
