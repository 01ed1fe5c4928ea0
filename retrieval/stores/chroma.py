"""Chroma as aisle's vector store: embedded (``PersistentClient``) or a server (``HttpClient``).

Chroma never embeds anything itself here (its default embedding function downloads a model):
collections are created with ``embedding_function=None`` and vectors always come from our
embedder, through LangChain's ``Chroma`` wrapper for writes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import chromadb
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings

from retrieval.errors import VectorStoreUnavailableError
from retrieval.types import Metadata, StoredDocument

COLLECTION_METADATA = {"hnsw:space": "cosine"}


def _client_settings() -> ChromaSettings:
    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


class ChromaStore:
    """Named collections in one Chroma client; implements ``retrieval.types.VectorStore``."""

    def __init__(
        self, client: chromadb.api.ClientAPI, embedder: Embeddings, *, location: str
    ) -> None:
        self._client = client
        self._embedder = embedder
        self.location = location
        self._collections: dict[str, chromadb.Collection] = {}

    @classmethod
    def persistent(cls, path: Path, embedder: Embeddings) -> ChromaStore:
        """An embedded Chroma keeping its files under ``path``."""
        path.mkdir(parents=True, exist_ok=True)
        try:
            client = chromadb.PersistentClient(path=str(path), settings=_client_settings())
        except Exception as exc:  # chromadb raises bare errors for a locked or corrupt dir
            raise VectorStoreUnavailableError(
                f"cannot open the Chroma store at {path}: {exc}",
                hint="check the directory is writable, or point AISLE_HOME elsewhere",
            ) from exc
        return cls(client, embedder, location=str(path))

    @classmethod
    def http(cls, url: str, embedder: Embeddings) -> ChromaStore:
        """A Chroma server at ``url`` (``http://host:port``)."""
        parsed = urlparse(url)
        if parsed.scheme not in {"http", "https"} or not parsed.hostname:
            raise VectorStoreUnavailableError(
                f"AISLE_CHROMA_URL {url!r} is not an http(s) URL",
                hint="set it like http://127.0.0.1:8001",
            )
        try:
            client = chromadb.HttpClient(
                host=parsed.hostname,
                port=parsed.port or (443 if parsed.scheme == "https" else 80),
                ssl=parsed.scheme == "https",
                settings=_client_settings(),
            )
        except Exception as exc:
            raise VectorStoreUnavailableError(
                f"the Chroma server at {url} does not answer: {exc}",
                hint="start it (`chroma run --path DIR --port PORT`) or unset AISLE_CHROMA_URL",
            ) from exc
        return cls(client, embedder, location=url)

    def heartbeat(self) -> None:
        """Raise ``VectorStoreUnavailableError`` unless Chroma answers."""
        try:
            self._client.heartbeat()
        except Exception as exc:
            raise VectorStoreUnavailableError(
                f"the vector store at {self.location} does not answer: {exc}",
                hint="start the Chroma server or check AISLE_CHROMA_URL",
            ) from exc

    def collection(self, name: str) -> chromadb.Collection:
        """The raw collection, created on first use (and looked up once per store object)."""
        found = self._collections.get(name)
        if found is None:
            found = self._client.get_or_create_collection(
                name=name, embedding_function=None, metadata=COLLECTION_METADATA
            )
            self._collections[name] = found
        return found

    def langchain(self, name: str) -> Chroma:
        """A LangChain vector store over ``name`` that embeds with our embedder."""
        return Chroma(
            client=self._client,
            collection_name=name,
            embedding_function=self._embedder,
            collection_metadata=COLLECTION_METADATA,
        )

    def count(self, collection: str) -> int:
        """Number of documents in ``collection``."""
        return int(self.collection(collection).count())

    def get_metadatas(self, collection: str, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Metadata of the given ids that exist, keyed by id."""
        if not ids:
            return {}
        found = self.collection(collection).get(ids=list(ids), include=["metadatas"])
        return {
            i: dict(m or {}) for i, m in zip(found["ids"], found["metadatas"] or [], strict=True)
        }

    def update_metadatas(
        self, collection: str, ids: Sequence[str], metadatas: Sequence[Metadata]
    ) -> None:
        """Merge new metadata values into existing documents; nothing is re-embedded."""
        col = self.collection(collection)
        step = self._client.get_max_batch_size()
        for start in range(0, len(ids), step):
            batch: list[Any] = [dict(m) for m in metadatas[start : start + step]]
            col.update(ids=list(ids[start : start + step]), metadatas=batch)

    def query(
        self,
        collection: str,
        vector: Sequence[float],
        k: int,
        *,
        where: dict[str, Any] | None = None,
    ) -> list[tuple[str, float]]:
        """Ids of the ``k`` nearest documents passing ``where``, with cosine similarity.

        Only ids and distances come back: fetching text for every candidate costs more than the
        search itself, and callers fetch the few documents they keep with ``get_documents``.
        """
        if k <= 0:
            return []
        found = self.collection(collection).query(
            query_embeddings=[[float(x) for x in vector]],  # type: ignore[arg-type]
            n_results=k,
            where=where,
            include=["distances"],
        )
        ids = found["ids"][0]
        distances = (found["distances"] or [[]])[0] or [1.0] * len(ids)
        return [(i, 1.0 - float(d)) for i, d in zip(ids, distances, strict=True)]

    def get_documents(self, collection: str, ids: Sequence[str]) -> dict[str, StoredDocument]:
        """The documents with these ids that exist, keyed by id."""
        if not ids:
            return {}
        found = self.collection(collection).get(ids=list(ids), include=["documents", "metadatas"])
        docs = found["documents"] or [""] * len(found["ids"])
        metas = found["metadatas"] or [{}] * len(found["ids"])
        return {
            i: StoredDocument(id=i, text=t or "", metadata=dict(m or {}))
            for i, t, m in zip(found["ids"], docs, metas, strict=True)
        }

    def add(
        self,
        collection: str,
        ids: Sequence[str],
        texts: Sequence[str],
        metadatas: Sequence[Metadata],
        embeddings: Sequence[Sequence[float]],
    ) -> None:
        """Write already-embedded documents (upserting ids that exist), in Chroma-sized batches."""
        col = self.collection(collection)
        step = self._client.get_max_batch_size()
        for start in range(0, len(ids), step):
            end = start + step
            batch_meta: list[Any] = [dict(m) or None for m in metadatas[start:end]]
            col.upsert(
                ids=list(ids[start:end]),
                documents=list(texts[start:end]),
                metadatas=batch_meta,
                embeddings=[[float(x) for x in e] for e in embeddings[start:end]],  # type: ignore[arg-type]
            )

    def list_ids(self, collection: str, where: dict[str, Any] | None = None) -> list[str]:
        """Ids of the documents matching ``where`` (all when None)."""
        return list(self.collection(collection).get(where=where, include=[])["ids"])

    def iter_documents(
        self, collection: str, *, where: dict[str, Any] | None = None, batch_size: int = 2000
    ) -> Iterator[StoredDocument]:
        """Every document of ``collection`` matching ``where``, in id order within a batch."""
        col = self.collection(collection)
        offset = 0
        while True:
            page = col.get(
                where=where, include=["documents", "metadatas"], limit=batch_size, offset=offset
            )
            ids = page["ids"]
            if not ids:
                return
            docs = page["documents"] or [""] * len(ids)
            metas = page["metadatas"] or [{}] * len(ids)
            for doc_id, text, meta in zip(ids, docs, metas, strict=True):
                yield StoredDocument(id=doc_id, text=text or "", metadata=dict(meta or {}))
            offset += len(ids)
