"""Any OpenAI-compatible server (OpenAI, vLLM, Ollama, ``python -m llama_cpp.server``) through
langchain-openai, streaming."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import Any

import openai
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from assistant.llm.base import (
    ChatMessage,
    LLMError,
    LLMTimeoutError,
    LLMUnavailableError,
    Sampling,
)

_LC_MESSAGE: dict[str, type[BaseMessage]] = {
    "system": SystemMessage,
    "user": HumanMessage,
    "assistant": AIMessage,
}


class OpenAICompatibleChat:
    """A chat model on an OpenAI-compatible HTTP server; implements ``ChatModel``.

    Retries are left to ``RetryingChatModel`` so every backend retries the same way.
    """

    def __init__(
        self, base_url: str, api_key: SecretStr, model: str, *, timeout_s: float = 60.0
    ) -> None:
        self.base_url = base_url
        self._api_key = api_key
        self.model = model
        self._timeout_s = timeout_s

    @property
    def model_id(self) -> str:
        """``openai:<model>@<base url>``."""
        return f"openai:{self.model}@{self.base_url}"

    @cached_property
    def client(self) -> ChatOpenAI:
        """The LangChain client (one connection pool for every call)."""
        return ChatOpenAI(
            base_url=self.base_url,
            api_key=self._api_key,
            model=self.model,
            timeout=self._timeout_s,
            max_retries=0,
            streaming=True,
        )

    def stream(
        self, messages: Sequence[ChatMessage], sampling: Sampling | None = None
    ) -> Iterator[str]:
        """Stream the server's reply; server errors become ``LLMError`` subclasses."""
        sampling = sampling or Sampling()
        options: dict[str, Any] = {
            "temperature": sampling.temperature,
            "max_tokens": sampling.max_tokens,
            "seed": sampling.seed,
        }
        if sampling.stop:
            options["stop"] = list(sampling.stop)
        try:
            for chunk in self.client.stream(
                [_LC_MESSAGE[m.role](content=m.content) for m in messages], **options
            ):
                if isinstance(chunk.content, str) and chunk.content:
                    yield chunk.content
        except openai.APITimeoutError as exc:
            raise LLMTimeoutError(
                f"{self.base_url} did not answer within {self._timeout_s:g}s",
                hint="raise AISLE_LLM_TIMEOUT_S or check the server's load",
            ) from exc
        except openai.APIConnectionError as exc:
            raise LLMUnavailableError(
                f"cannot reach the model server at {self.base_url}",
                hint="start it, or fix AISLE_OPENAI_BASE_URL",
            ) from exc
        except openai.APIStatusError as exc:
            raise LLMError(
                f"the model server at {self.base_url} answered {exc.status_code}",
                hint="check AISLE_OPENAI_API_KEY and AISLE_OPENAI_MODEL"
                if exc.status_code in {401, 403, 404}
                else "see the server's logs",
            ) from exc
