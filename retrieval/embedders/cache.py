"""Embeddings kept on disk, for texts embedded again by every process (classifier training sets).

LangChain's ``CacheBackedEmbeddings`` keys each vector by the model's name and the sha256 of the
text, so one cache serves every store on the machine and a changed text is simply a miss. Its
file store writes in place; ours writes a temporary file and renames it, so a process reading
while another writes never sees half a vector.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from langchain_classic.embeddings import CacheBackedEmbeddings
from langchain_classic.storage import LocalFileStore

from retrieval.types import Embedder


class AtomicFileStore(LocalFileStore):
    """A ``LocalFileStore`` whose every write is atomic (write a temporary file, then rename)."""

    def mset(self, key_value_pairs: Sequence[tuple[str, bytes]]) -> None:
        for key, value in key_value_pairs:
            path = self._get_full_path(key)
            self._mkdir_for_store(path.parent)
            partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
            partial.write_bytes(value)
            partial.replace(path)


def cache_backed(embedder: Embedder, folder: Path) -> CacheBackedEmbeddings:
    """``embedder`` with each passage's vector stored under ``folder`` after its first use."""
    return CacheBackedEmbeddings.from_bytes_store(
        embedder,  # type: ignore[arg-type]  # the protocol is LangChain's Embeddings interface
        AtomicFileStore(folder),
        namespace=f"{embedder.model_id}/",
        key_encoder="sha256",
    )
