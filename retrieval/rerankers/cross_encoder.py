"""A cross-encoder reranker loaded from a local directory (no model ships with aisle).

Set ``AISLE_RERANKER_MODEL`` to a sentence-transformers ``CrossEncoder`` directory (for example
a MiniLM cross-encoder trained on MS MARCO, copied onto the machine) to re-score the top of
each hybrid result. The model loads on first use; a missing or unreadable directory is a clear
``ModelNotInstalledError``, never a download.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from retrieval.errors import ModelNotInstalledError

if TYPE_CHECKING:
    from sentence_transformers import CrossEncoder

_HINT = (
    "point AISLE_RERANKER_MODEL at a sentence-transformers CrossEncoder directory "
    "(config.json, the weights and the tokenizer files), or unset it to search without one"
)


class CrossEncoderReranker:
    """Scores (query, passage) pairs with a local cross-encoder; implements ``Reranker``."""

    def __init__(self, model_dir: Path, *, device: str = "cpu", max_length: int = 256) -> None:
        self.model_dir = model_dir
        self._device = device
        self._max_length = max_length
        self._lock = threading.Lock()

    @cached_property
    def model(self) -> CrossEncoder:
        """The loaded model (loaded once)."""
        if not (self.model_dir / "config.json").is_file():
            raise ModelNotInstalledError(f"no cross-encoder at {self.model_dir}", hint=_HINT)
        from sentence_transformers import CrossEncoder
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]

        try:
            model: CrossEncoder = CrossEncoder(
                str(self.model_dir),
                device=self._device,
                max_length=self._max_length,
                local_files_only=True,
            )
        except (OSError, ValueError) as exc:
            raise ModelNotInstalledError(
                f"cannot load the cross-encoder at {self.model_dir}: {exc}", hint=_HINT
            ) from exc
        return model

    def score(self, query: str, passages: Sequence[str]) -> list[float]:
        """One relevance score per passage, higher is better."""
        if not passages:
            return []
        with self._lock:
            scores = self.model.predict(
                [(query, p) for p in passages], show_progress_bar=False, convert_to_numpy=True
            )
        return [float(s) for s in scores]
