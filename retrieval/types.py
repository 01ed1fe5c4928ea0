"""Protocols for retrieval's pluggable backends."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

Metadata = Mapping[str, str | int | float | bool | list[str]]


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into dense vectors. Matches LangChain's ``Embeddings`` interface."""

    @property
    def model_id(self) -> str:
        """A stable name of the model, recorded with every index built from it."""
        ...

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed passages for indexing."""
        ...

    def embed_query(self, text: str) -> list[float]:
        """Embed a search query."""
        ...


@dataclass(frozen=True)
class StoredDocument:
    """One document as the vector store holds it."""

    id: str
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)


class VectorStore(Protocol):
    """A store of embedded documents, grouped into named collections."""

    def heartbeat(self) -> None:
        """Raise ``VectorStoreUnavailableError`` unless the store answers."""
        ...

    def count(self, collection: str) -> int:
        """Number of documents in ``collection`` (0 when it does not exist)."""
        ...

    def get_metadatas(self, collection: str, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Metadata of the given ids that exist, keyed by id."""
        ...

    def update_metadatas(
        self, collection: str, ids: Sequence[str], metadatas: Sequence[Metadata]
    ) -> None:
        """Merge new metadata values into existing documents without re-embedding them."""
        ...

    def iter_documents(
        self, collection: str, *, where: dict[str, Any] | None = None, batch_size: int = 2000
    ) -> Iterator[StoredDocument]:
        """Every document of ``collection`` (optionally filtered), in batches."""
        ...


class Reranker(Protocol):
    """Re-scores (query, passage) pairs; higher is more relevant."""

    def score(self, query: str, passages: Sequence[str]) -> list[float]:
        """One relevance score per passage."""
        ...


class LexicalIndex(Protocol):
    """A keyword index over (id, text) pairs."""

    def search(self, query: str, k: int = 10) -> list[tuple[str, float]]:
        """The ``k`` best ids for ``query`` with their scores, best first."""
        ...
