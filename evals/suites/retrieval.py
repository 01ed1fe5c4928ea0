"""``aisle eval retrieval``: nDCG@10, recall@10/50 and MRR@10 of hybrid search on a BEIR set.

The corpus is indexed into a throwaway store (a temp Chroma and keyword index, built with the
same code and field weights as ingestion), then every query runs through the same
``HybridSearcher`` the assistant uses. ``compare`` also runs BM25 alone and dense alone on the
raw queries in the same run, so the three are measured on identical indexes.
"""

from __future__ import annotations

import statistics
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evals.datasets.beir import BeirDataset, CorpusDoc
from evals.metrics.ranking import mrr_at_k, ndcg_at_k, recall_at_k
from retrieval.hybrid import Hit, HybridConfig, HybridSearcher
from retrieval.lexical.bm25 import BM25Index
from retrieval.lexical.fields import lexical_text
from retrieval.stores.chroma import ChromaStore
from retrieval.types import Embedder

COLLECTION = "eval_corpus"
DEPTH = 100  # documents ranked per query: enough for recall@50
METRICS = ("ndcg@10", "recall@10", "recall@50", "mrr@10")
Advance = Callable[[int], None]
Task = Callable[[str, int], Advance]


@dataclass
class SystemScores:
    """One system's metrics, overall and per query."""

    per_query: dict[str, dict[str, float]] = field(default_factory=dict)

    def summary(self) -> dict[str, float]:
        """Mean of each metric over the queries (rounded to 4 places)."""
        return {
            m: round(statistics.fmean(q[m] for q in self.per_query.values()), 4) for m in METRICS
        }

    def by_type(self, types: dict[str, str]) -> dict[str, dict[str, float]]:
        """Mean nDCG@10 and recall@10 per query type (from the queries' metadata)."""
        groups: dict[str, list[dict[str, float]]] = {}
        for query_id, scores in self.per_query.items():
            groups.setdefault(types.get(query_id, "all"), []).append(scores)
        return {
            t: {m: round(statistics.fmean(s[m] for s in rows), 4) for m in METRICS[:2]}
            | {"queries": len(rows)}
            for t, rows in sorted(groups.items())
        }


def score_ranking(ranked: Sequence[str], qrels: dict[str, int]) -> dict[str, float]:
    """The four metrics of one ranking."""
    return {
        "ndcg@10": ndcg_at_k(ranked, qrels, 10),
        "recall@10": recall_at_k(ranked, qrels, 10),
        "recall@50": recall_at_k(ranked, qrels, 50),
        "mrr@10": mrr_at_k(ranked, qrels, 10),
    }


def chroma_metadata(doc: CorpusDoc) -> dict[str, Any]:
    """A corpus document's metadata as Chroma accepts it (scalars and flat lists only)."""
    meta: dict[str, Any] = {"kind": "product", "record_id": doc.id, "title": doc.title}
    for key, value in doc.metadata.items():
        if key in meta or value is None:
            continue
        if isinstance(value, str | int | float | bool) or (
            isinstance(value, list)
            and value
            and len({type(v) for v in value}) == 1
            and isinstance(value[0], str | int | float | bool)
        ):
            meta[key] = value
    return meta


class RetrievalEval:
    """A BEIR dataset indexed into a throwaway store, ready to be searched."""

    def __init__(
        self,
        dataset: BeirDataset,
        embedder: Embedder,
        workdir: Path,
        *,
        config: HybridConfig | None = None,
        batch_size: int = 256,
        task: Task | None = None,
    ) -> None:
        self.dataset = dataset
        self.store = ChromaStore.persistent(workdir / "chroma", embedder)  # type: ignore[arg-type]
        texts = [f"{d.title}\n{d.text}".strip() for d in dataset.corpus]
        metas = [chroma_metadata(d) for d in dataset.corpus]
        ids = [d.id for d in dataset.corpus]
        advance = task("embedding corpus", len(ids)) if task else (lambda _n: None)
        for start in range(0, len(ids), batch_size):
            end = start + batch_size
            vectors = embedder.embed_documents(texts[start:end])
            self.store.add(COLLECTION, ids[start:end], texts[start:end], metas[start:end], vectors)
            advance(end - start if end <= len(ids) else len(ids) - start)
        self.index = BM25Index.build(
            ids, [lexical_text(t, m) for t, m in zip(texts, metas, strict=True)], metadatas=metas
        )
        self._embedder = embedder
        self.searcher = self.searcher_with(config)

    def searcher_with(self, config: HybridConfig | None) -> HybridSearcher:
        """A searcher over this store with another configuration (for ablations)."""
        index = self.index
        return HybridSearcher(self.store, COLLECTION, lambda: index, self._embedder, config=config)

    def run(self, system: str, task: Task | None = None) -> SystemScores:
        """Score one system: ``hybrid``, ``bm25`` or ``dense``."""
        rank: Callable[[str], list[Hit]] = {
            "hybrid": lambda q: self.searcher.search(q, DEPTH).hits,
            "bm25": lambda q: self.searcher.lexical_only(q, DEPTH),
            "dense": lambda q: self.searcher.dense_only(q, DEPTH),
        }[system]
        advance = task(f"queries: {system}", len(self.dataset.queries)) if task else None
        scores = SystemScores()
        for query in self.dataset.queries:
            ranked = [h.record_id for h in rank(query.text)]
            scores.per_query[query.id] = score_ranking(ranked, self.dataset.qrels[query.id])
            if advance:
                advance(1)
        return scores


def evaluate_retrieval(
    dataset: BeirDataset,
    embedder: Embedder,
    *,
    compare: bool = False,
    config: HybridConfig | None = None,
    task: Task | None = None,
) -> dict[str, Any]:
    """Run the suite; returns ``{system: summary}`` plus per-type and per-query details."""
    systems = ("bm25", "dense", "hybrid") if compare else ("hybrid",)
    types = {q.id: str(q.metadata.get("type", "all")) for q in dataset.queries}
    with tempfile.TemporaryDirectory(prefix="aisle-eval-") as workdir:
        run = RetrievalEval(dataset, embedder, Path(workdir), config=config, task=task)
        scores = {name: run.run(name, task) for name in systems}
    return {
        "summary": {name: s.summary() for name, s in scores.items()},
        "by_type": {name: s.by_type(types) for name, s in scores.items()},
        "per_query": {name: s.per_query for name, s in scores.items()},
        "dataset": {
            "name": dataset.name,
            "documents": len(dataset.corpus),
            "queries": len(dataset.queries),
        },
    }
