"""A BM25 index built with ``bm25s`` (English stemming and stopwords), saved to disk.

bm25s has no incremental updates, so the index is rebuilt from the vector store's documents
whenever a sync changes a collection; building is fast (tens of thousands of docs a second).
Each saved index records the store version it was built from, so readers can tell if it is stale.
Beside the index it keeps the documents' filterable metadata (so filters apply to keyword search
exactly as to Chroma) and the corpus's word counts (for typo correction).
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
import numpy as np
import Stemmer

from retrieval.errors import LexicalIndexError
from retrieval.lexical.spelling import SpellingCorrector
from retrieval.query.filters import Mask, MetadataColumns

_MANIFEST = "aisle_manifest.json"
_METADATA = "aisle_metadata.json"
_WORDS = "aisle_words.json"
# Metadata kept beside the index: what filters, boosts and the query vocabulary need.
FILTER_FIELDS = (
    "kind",
    "title",
    "brand",
    "category",
    "price",
    "price_max",
    "in_stock",
    "sizes",
    "colors",
    "sizes_in_stock",
    "colors_in_stock",
)


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    return Stemmer.Stemmer("english")


def _tokenize(texts: Sequence[str]) -> Any:
    return bm25s.tokenize(list(texts), stopwords="en", stemmer=_stemmer(), show_progress=False)


class BM25Index:
    """BM25 over (id, text) pairs; implements ``retrieval.types.LexicalIndex``."""

    def __init__(
        self,
        ids: Sequence[str],
        retriever: bm25s.BM25 | None,
        *,
        version: str = "",
        metadatas: Sequence[dict[str, Any]] | None = None,
        words: dict[str, int] | None = None,
    ) -> None:
        self.ids = list(ids)
        self._retriever = retriever
        self.version = version
        self.metadatas = list(metadatas) if metadatas is not None else [{} for _ in self.ids]
        self.columns = MetadataColumns.build(self.metadatas)
        self.speller = SpellingCorrector(words or {})
        self._rows = {doc_id: row for row, doc_id in enumerate(self.ids)}

    def row_of(self, doc_id: str) -> int | None:
        """The position of ``doc_id`` in the index (and in its masks), or None."""
        return self._rows.get(doc_id)

    def metadata_of(self, doc_id: str) -> dict[str, Any]:
        """The filterable metadata kept for ``doc_id`` (empty if unknown)."""
        row = self._rows.get(doc_id)
        return self.metadatas[row] if row is not None else {}

    @classmethod
    def build(
        cls,
        ids: Sequence[str],
        texts: Sequence[str],
        *,
        version: str = "",
        metadatas: Sequence[dict[str, Any]] | None = None,
    ) -> BM25Index:
        """Index ``texts`` under ``ids``. An empty corpus gives an index that finds nothing."""
        if len(ids) != len(texts) or (metadatas is not None and len(metadatas) != len(ids)):
            raise ValueError("ids, texts and metadatas must have the same length")
        kept = [
            {k: v for k, v in m.items() if k in FILTER_FIELDS} for m in (metadatas or [])
        ] or None
        words = SpellingCorrector.from_texts(texts).frequencies
        if not ids:
            return cls([], None, version=version, metadatas=kept, words=words)
        retriever = bm25s.BM25()
        retriever.index(_tokenize(texts), show_progress=False)
        return cls(ids, retriever, version=version, metadatas=kept, words=words)

    def __len__(self) -> int:
        return len(self.ids)

    def search(
        self, query: str, k: int = 10, *, mask: Mask | None = None
    ) -> list[tuple[str, float]]:
        """Best ``k`` ids for ``query``, best first; ids with a zero score are left out.

        ``mask`` (one bool per indexed document) restricts the search to the documents it marks.
        """
        if self._retriever is None or not query.strip():
            return []
        tokens = _tokenize([query])
        if not tokens.vocab:  # only stopwords, or nothing the stemmer keeps
            return []
        if mask is not None and not mask.any():
            return []
        k = min(k, len(self.ids))
        weight_mask = mask.astype(np.float32) if mask is not None else None
        docs, scores = self._retriever.retrieve(
            tokens, k=k, show_progress=False, weight_mask=weight_mask
        )
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
            (staging / _METADATA).write_text(json.dumps(self.metadatas), encoding="utf-8")
            (staging / _WORDS).write_text(json.dumps(self.speller.frequencies), encoding="utf-8")
            previous = directory.with_name(f".{directory.name}-old")
            shutil.rmtree(previous, ignore_errors=True)
            if directory.exists():
                directory.rename(previous)
            staging.rename(directory)
            shutil.rmtree(previous, ignore_errors=True)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise

    @staticmethod
    def is_complete(directory: Path) -> bool:
        """Whether ``directory`` holds an index with every side file this version writes."""
        return all((directory / name).is_file() for name in (_MANIFEST, _METADATA, _WORDS))

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
        return cls(
            ids,
            retriever,
            version=str(manifest.get("version", "")),
            metadatas=_read_json(directory / _METADATA, None),
            words=_read_json(directory / _WORDS, {}),
        )


def _read_json(path: Path, default: Any) -> Any:
    """A JSON side file of an index; indexes saved before it existed simply lack it."""
    if not path.is_file():
        return default
    return json.loads(path.read_text(encoding="utf-8"))
