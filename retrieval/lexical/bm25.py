"""A BM25 index built with ``bm25s`` (English stemming and stopwords), saved to disk.

bm25s has no incremental updates, so the index is rebuilt from the vector store's documents
whenever a sync changes a collection; building is fast (tens of thousands of docs a second).
Each saved index records the store version it was built from, so readers can tell if it is stale.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import bm25s
import Stemmer

from retrieval.errors import LexicalIndexError

_MANIFEST = "aisle_manifest.json"


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    return Stemmer.Stemmer("english")


def _tokenize(texts: Sequence[str]) -> Any:
    return bm25s.tokenize(list(texts), stopwords="en", stemmer=_stemmer(), show_progress=False)


class BM25Index:
    """BM25 over (id, text) pairs; implements ``retrieval.types.LexicalIndex``."""

    def __init__(
        self, ids: Sequence[str], retriever: bm25s.BM25 | None, *, version: str = ""
    ) -> None:
        self.ids = list(ids)
        self._retriever = retriever
        self.version = version

    @classmethod
    def build(cls, ids: Sequence[str], texts: Sequence[str], *, version: str = "") -> BM25Index:
        """Index ``texts`` under ``ids``. An empty corpus gives an index that finds nothing."""
        if len(ids) != len(texts):
            raise ValueError("ids and texts must have the same length")
        if not ids:
            return cls([], None, version=version)
        retriever = bm25s.BM25()
        retriever.index(_tokenize(texts), show_progress=False)
        return cls(ids, retriever, version=version)

    def __len__(self) -> int:
        return len(self.ids)

    def search(self, query: str, k: int = 10) -> list[tuple[str, float]]:
        """Best ``k`` ids for ``query``, best first; ids with a zero score are left out."""
        if self._retriever is None or not query.strip():
            return []
        tokens = _tokenize([query])
        if not tokens.vocab:  # only stopwords, or nothing the stemmer keeps
            return []
        k = min(k, len(self.ids))
        docs, scores = self._retriever.retrieve(tokens, k=k, show_progress=False)
        return [
            (self.ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0
        ]

    def save(self, directory: Path) -> None:
        """Write the index atomically: readers see the old one or the new one, never half."""
        directory.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}-", dir=directory.parent))
        try:
            if self._retriever is not None:
                self._retriever.save(str(staging))
            manifest = {"ids": self.ids, "version": self.version}
            (staging / _MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
            previous = directory.with_name(f".{directory.name}-old")
            shutil.rmtree(previous, ignore_errors=True)
            if directory.exists():
                directory.rename(previous)
            staging.rename(directory)
            shutil.rmtree(previous, ignore_errors=True)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise

    @classmethod
    def load(cls, directory: Path) -> BM25Index:
        """Read an index saved by ``save``."""
        manifest_path = directory / _MANIFEST
        if not manifest_path.is_file():
            raise LexicalIndexError(
                f"no lexical index at {directory}",
                hint="run `aisle ingest` to build it",
            )
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        ids: list[str] = manifest["ids"]
        retriever = bm25s.BM25.load(str(directory)) if ids else None
        return cls(ids, retriever, version=str(manifest.get("version", "")))
