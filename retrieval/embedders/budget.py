"""An embedder that reads only the first and last tokens of each text.

A transformer's cost grows with the tokens it reads, and a long jailbreak has hundreds. Cutting
by characters bounds that loosely: code, emoji and other scripts take two or three times as
many tokens per character as English. ``TokenBudgetEmbedder`` cuts by the model's own tokens,
``head`` from the start and ``tail`` from the end, so every text costs at most the same. The
injection guardrail's message model reads through one (see ``InjectionConfig``).
"""

from __future__ import annotations

import threading
from functools import cached_property
from pathlib import Path
from typing import Any

from retrieval.types import Embedder

__all__ = ["TokenBudgetEmbedder"]

MAX_TOKENS_PER_CHAR = 3  # a Hangul syllable: up to three letters, each a token


class TokenBudgetEmbedder:
    """``inner`` on at most ``head`` + ``tail`` tokens of each text (by the tokenizer in
    ``model_dir``), the cut marked with an ellipsis. Its model id names the budget, so vectors
    cached for one budget are never read for another."""

    def __init__(self, inner: Embedder, model_dir: Path, head: int, tail: int) -> None:
        if head < 1 or tail < 0:
            raise ValueError(f"a token budget needs head >= 1 and tail >= 0, not {head}, {tail}")
        self._inner = inner
        self._model_dir = model_dir
        self.head = head
        self.tail = tail
        self._lock = threading.Lock()

    @property
    def inner(self) -> Embedder:
        """The embedder that reads the clipped texts."""
        return self._inner

    @property
    def model_id(self) -> str:
        """The inner model's id and the budget: ``all-MiniLM-L6-v2/head64-tail32``."""
        return f"{self._inner.model_id}/head{self.head}-tail{self.tail}"

    @cached_property
    def _tokenizer(self) -> Any:
        from transformers import AutoTokenizer

        return AutoTokenizer.from_pretrained(str(self._model_dir), local_files_only=True)

    def clip(self, text: str) -> str:
        """``text`` itself if it fits the budget, else its head and tail tokens' characters.

        A character can be several tokens (a Hangul syllable is split into its letters, each a
        token with the syllable's offsets); a cut never splits one, so it may keep fewer tokens
        than the budget, never more.
        """
        if len(text) * MAX_TOKENS_PER_CHAR <= self.head + self.tail:
            return text
        with self._lock:  # a fast tokenizer is not safe to share between threads
            spans = self._tokenizer(
                text, add_special_tokens=False, return_offsets_mapping=True, verbose=False
            )["offset_mapping"]
        if len(spans) <= self.head + self.tail:
            return text
        head_end = spans[self.head - 1][1]
        if spans[self.head][0] < head_end:  # the next token is of the same character
            head_end = spans[self.head][0]
        tail = ""
        if self.tail:
            tail_start = spans[-self.tail][0]
            if spans[-self.tail - 1][1] > tail_start:  # the token before is of the same one
                tail_start = spans[-self.tail - 1][1]
            tail = text[tail_start:]
        return f"{text[:head_end]} … {tail}".rstrip()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed each text's head and tail."""
        return self._inner.embed_documents([self.clip(t) for t in texts])

    def embed_query(self, text: str) -> list[float]:
        """Embed one text's head and tail."""
        return self._inner.embed_query(self.clip(text))
