"""llama.cpp in-process (``llama-cpp-python``) on a local GGUF file.

The model loads on first use. Calls are serialised (one llama.cpp context), and llama.cpp
keeps the tokens of the previous prompt in its KV cache: a prompt that starts with the same
system text as the last one only evaluates what follows it, so a fixed system prompt placed
first is paid for once, not on every turn.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

from assistant.llm.base import ChatMessage, LLMTimeoutError, LLMUnavailableError, Sampling


class LocalLlamaChat:
    """A GGUF chat model run by llama.cpp in this process; implements ``ChatModel``."""

    def __init__(
        self,
        model_path: Path,
        *,
        model_id: str,
        context_tokens: int = 4096,
        threads: int | None = None,
        timeout_s: float = 60.0,
    ) -> None:
        self.model_path = model_path
        self._model_id = model_id
        self._context_tokens = context_tokens
        self._threads = threads
        self._timeout_s = timeout_s
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        """The model's name and file hash prefix."""
        return self._model_id

    def warm_up(self) -> None:
        """Load the model now rather than on the first reply."""
        _ = self.llama

    @cached_property
    def llama(self) -> Any:
        """The loaded llama.cpp model (loaded once)."""
        try:
            from llama_cpp import Llama
        except ImportError as exc:
            raise LLMUnavailableError(
                "llama-cpp-python is not installed", hint="run `make setup`"
            ) from exc
        if not self.model_path.is_file():
            raise LLMUnavailableError(
                f"no model file at {self.model_path}", hint="run `aisle doctor` to check models"
            )
        try:
            return Llama(
                model_path=str(self.model_path),
                n_ctx=self._context_tokens,
                n_threads=self._threads,
                seed=0,
                verbose=False,
            )
        except (ValueError, RuntimeError) as exc:
            raise LLMUnavailableError(
                f"llama.cpp cannot load {self.model_path}: {exc}",
                hint="check the file with `aisle doctor`, or choose another AISLE_LLM_MODEL",
            ) from exc

    def close(self) -> None:
        """Free the model's memory now rather than at garbage collection."""
        llama = self.__dict__.pop("llama", None)
        if llama is not None:
            with self._lock:
                llama.close()

    def stream(
        self, messages: Sequence[ChatMessage], sampling: Sampling | None = None
    ) -> Iterator[str]:
        """Stream the reply; ``LLMTimeoutError`` if it runs past the time allowed."""
        sampling = sampling or Sampling()
        llama = self.llama
        deadline = time.monotonic() + self._timeout_s
        with self._lock:
            chunks = llama.create_chat_completion(
                messages=[{"role": m.role, "content": m.content} for m in messages],
                stream=True,
                temperature=sampling.temperature,
                max_tokens=sampling.max_tokens,
                stop=list(sampling.stop) or None,
                seed=sampling.seed,
            )
            for chunk in chunks:
                text = chunk["choices"][0]["delta"].get("content")
                if text:
                    yield text
                if time.monotonic() > deadline:
                    raise LLMTimeoutError(
                        f"the local model took over {self._timeout_s:g}s",
                        hint="raise AISLE_LLM_TIMEOUT_S, or use a faster model or server",
                    )
