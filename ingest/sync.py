"""Incremental sync of documents into the vector store, on LangChain's indexing API.

``plan`` compares the documents a run produced with what the record manager says is indexed,
record by record, and changes nothing (``--dry-run`` stops there). ``apply`` then:

1. hands the documents to ``langchain_core.indexing.index`` with our ``document_key``: keys the
   record manager already has are skipped, new ones are embedded and written to the vector store
   *before* they are recorded, so a run killed at any point leaves no duplicates and the next run
   finishes the job;
2. patches live metadata (price, stock) of documents whose key did not change, without
   re-embedding them;
3. deletes stale keys (old versions, removed records) from the vector store, then from the
   record manager. Records whose rows failed validation this run keep their last good version.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain_core.documents import Document
from langchain_core.indexing import RecordManager, index

from ingest.documents import LIVE_FIELDS, document_key, live_metadata, record_id_of_key
from retrieval.stores.chroma import ChromaStore

Progress = Callable[[int], None]


@dataclass
class SyncPlan:
    """What a sync of one kind will do, by record id and by document key."""

    kind: str
    added: set[str] = field(default_factory=set)
    updated: set[str] = field(default_factory=set)  # text changed: re-embedded
    refreshed: set[str] = field(default_factory=set)  # only live fields changed
    unchanged: set[str] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)
    documents: dict[str, Document] = field(default_factory=dict)
    stale_keys: list[str] = field(default_factory=list)
    missing_keys: list[str] = field(default_factory=list)  # recorded, but gone from the store
    patches: dict[str, dict[str, Any]] = field(default_factory=dict)
    to_embed: int = 0

    def counts(self) -> dict[str, int]:
        """Record-level counts for the run report."""
        return {
            "added": len(self.added),
            "updated": len(self.updated) + len(self.refreshed),
            "unchanged": len(self.unchanged),
            "deleted": len(self.deleted),
            "reembedded": len(self.updated),
            "price_stock_only": len(self.refreshed),
        }


class VectorSync:
    """Syncs one kind of record (one record-manager namespace) into one collection."""

    def __init__(
        self,
        store: ChromaStore,
        record_manager: RecordManager,
        collection: str,
        *,
        batch_size: int = 256,
    ) -> None:
        self._store = store
        self._records = record_manager
        self._collection = collection
        self._batch_size = batch_size

    def plan(
        self,
        kind: str,
        docs: Iterable[Document],
        *,
        scope: Sequence[str] | None,
        keep: set[str],
        full: bool = False,
    ) -> SyncPlan:
        """Compare ``docs`` with what is indexed for ``scope`` (sources; None = all)."""
        plan = SyncPlan(kind=kind, documents={document_key(d): d for d in docs})
        old_keys = set(self._records.list_keys(group_ids=list(scope) if scope else None))
        old_by_record = _by_record(old_keys)
        new_by_record = _by_record(plan.documents)
        stored = self._stored_metadata(old_keys & plan.documents.keys())
        plan.missing_keys = sorted((old_keys & plan.documents.keys()) - stored.keys())
        for record_id, keys in new_by_record.items():
            old = old_by_record.get(record_id)
            if old is None:
                plan.added.add(record_id)
            elif old != keys or full or any(k in plan.missing_keys for k in keys):
                plan.updated.add(record_id)
            elif self._patch_live(plan, keys, stored):
                plan.refreshed.add(record_id)
            else:
                plan.unchanged.add(record_id)
        kept = {r for r in old_by_record if r in keep and r not in new_by_record}
        plan.unchanged |= kept
        plan.deleted = set(old_by_record) - set(new_by_record) - kept
        kept_keys = {k for r in kept for k in old_by_record[r]}
        stale = old_keys - plan.documents.keys() - kept_keys
        if full:  # also documents the record manager lost track of
            where: dict[str, Any] = (
                {"kind": kind}
                if not scope
                else {"$and": [{"kind": kind}, {"source": {"$in": list(scope)}}]}
            )
            stale |= set(self._store.list_ids(self._collection, where)) - plan.documents.keys()
        plan.stale_keys = sorted(stale)
        plan.to_embed = (
            len(plan.documents)
            if full
            else len(plan.documents.keys() - old_keys) + len(plan.missing_keys)
        )
        return plan

    def apply(self, plan: SyncPlan, *, full: bool = False, progress: Progress | None = None) -> int:
        """Carry ``plan`` out; returns how many documents were embedded."""
        vector_store = self._store.langchain(self._collection)
        if plan.missing_keys:
            self._records.delete_keys(plan.missing_keys)
        result = index(
            _counting(plan.documents.values(), progress),
            self._records,
            vector_store,
            batch_size=self._batch_size,
            cleanup=None,
            source_id_key="source",
            key_encoder=document_key,
            force_update=full,
        )
        if plan.patches:
            keys = sorted(plan.patches)
            self._store.update_metadatas(self._collection, keys, [plan.patches[k] for k in keys])
        for start in range(0, len(plan.stale_keys), 1000):
            batch = plan.stale_keys[start : start + 1000]
            vector_store.delete(batch)
            self._records.delete_keys(batch)
        return result["num_added"] + result["num_updated"]

    def _stored_metadata(self, keys: set[str]) -> dict[str, dict[str, Any]]:
        ordered = sorted(keys)
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(ordered), 5000):
            found |= self._store.get_metadatas(self._collection, ordered[start : start + 5000])
        return found

    @staticmethod
    def _patch_live(plan: SyncPlan, keys: set[str], stored: dict[str, dict[str, Any]]) -> bool:
        """Queue live-metadata patches for ``keys``; True if any value differs."""
        changed = False
        for key in keys:
            wanted = live_metadata(plan.documents[key])
            current = {k: v for k, v in stored.get(key, {}).items() if k in LIVE_FIELDS}
            if wanted != current:
                # None removes a live field that no longer applies (e.g. a sale ended)
                plan.patches[key] = {k: None for k in current} | wanted
                changed = True
        return changed


def _by_record(keys: Iterable[str]) -> dict[str, set[str]]:
    grouped: dict[str, set[str]] = defaultdict(set)
    for key in keys:
        grouped[record_id_of_key(key)].add(key)
    return dict(grouped)


def _counting(docs: Iterable[Document], progress: Progress | None) -> Iterator[Document]:
    for doc in docs:
        yield doc
        if progress is not None:
            progress(1)
