"""Hybrid search: dense (Chroma + the bundled embedder) and keyword (bm25s), fused by rank.

One search:

1. the query is parsed into search text, hard filters (price, size, colour, stock) and soft
   hints (category, brand) (``retrieval.query``);
2. both retrievers fetch ``candidates`` documents each (keyword search also tries corrected
   spellings of words neither the index nor an English word list knows);
3. if the query has filters, they become a boolean mask over the keyword index and a Chroma
   ``where`` clause (the same conditions on both sides) for a second, filtered search; its two
   lists join the fusion with ``filter_weight``. Filters thus *rank* rather than hide: a product
   meeting them rises, a near miss (a boot $5 over budget) stays findable, and every hit says
   whether it ``matches``. A filter set nothing meets is relaxed one constraint at a time (the
   least essential first) and the result says which were dropped;
4. weighted reciprocal rank fusion merges the lists;
5. an optional reranker re-orders the top of the list.

Every choice above was measured against its alternatives on the golden set
(``python -m bench.retrieval_ablation``; figures in the README): fusing filtered lists beat
excluding non-matches and tiering them; the category/brand boost is off by default because it
cost nDCG (it reads "dog bed" as bedding).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from bm25s.stopwords import STOPWORDS_EN

from retrieval.errors import LexicalIndexError
from retrieval.fusion import RRF_K, reciprocal_rank_fusion
from retrieval.lexical.bm25 import BM25Index
from retrieval.query.filters import Filters, Mask
from retrieval.query.parser import ParsedQuery, QueryParser, vocabulary_from
from retrieval.stores.chroma import ChromaStore
from retrieval.types import Embedder, Reranker

LexicalSource = Callable[[], BM25Index]
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class HybridConfig:
    """Tunable parts of hybrid search; each default is justified in the README's ablation
    table (``python -m bench.retrieval_ablation``)."""

    candidates: int = 100
    dense_weight: float = 1.0
    lexical_weight: float = 1.0
    hint_weight: float = 0.0  # measured: naming a category helps less than it misleads
    rrf_k: int = RRF_K
    filter_weight: float = 0.5  # weight of each filtered list; 0 = tier instead of fusing
    correct_spelling: bool = True
    understand_queries: bool = True
    rerank_top: int = 30
    dense_scan_limit: int = 1000  # widest unfiltered dense search used to apply a filter


@dataclass(frozen=True)
class Hit:
    """One retrieved document, with what citing and showing it needs."""

    id: str
    record_id: str
    kind: str
    title: str
    score: float
    text: str
    metadata: dict[str, Any]
    dense_rank: int | None = None
    lexical_rank: int | None = None
    matches: bool = True  # meets the query's (possibly relaxed) price, size, colour, stock


@dataclass(frozen=True)
class SearchResult:
    """Hits, the parsed query, and what was relaxed to find them."""

    query: ParsedQuery
    hits: list[Hit]
    filters: Filters = field(default_factory=Filters)
    relaxed: tuple[str, ...] = ()
    message: str | None = None


class LexicalIndexFile:
    """A saved keyword index, reloaded whenever ingestion saves a newer one."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._stamp: int | None = None
        self._index: BM25Index | None = None

    def __call__(self) -> BM25Index:
        """The current index; raises ``LexicalIndexError`` if none was ever built."""
        try:
            stamp = (self.directory / "aisle_manifest.json").stat().st_mtime_ns
        except FileNotFoundError:
            raise LexicalIndexError(
                f"no search index at {self.directory}", hint="run `aisle ingest` first"
            ) from None
        if self._index is None or stamp != self._stamp:
            self._index, self._stamp = BM25Index.load(self.directory), stamp
        return self._index


class HybridSearcher:
    """Searches one collection (products, or policies and FAQs) with both retrievers."""

    def __init__(
        self,
        store: ChromaStore,
        collection: str,
        lexical: LexicalSource,
        embedder: Embedder,
        *,
        config: HybridConfig | None = None,
        reranker: Reranker | None = None,
    ) -> None:
        self._store = store
        self.collection = collection
        self._lexical = lexical
        self._embedder = embedder
        self.config = config or HybridConfig()
        self._reranker = reranker
        self._parsers: dict[int, tuple[BM25Index, QueryParser]] = {}

    def parse(self, query: str) -> ParsedQuery:
        """How this searcher understands ``query`` against the current index."""
        return self._parser(self._lexical()).parse(query)

    def search(self, query: str, k: int = 10, *, kinds: Sequence[str] = ()) -> SearchResult:
        """The ``k`` best documents for ``query`` (optionally only of these ``kinds``)."""
        index = self._lexical()
        parsed = (
            self._parser(index).parse(query)
            if self.config.understand_queries
            else ParsedQuery(original=query, text=" ".join(query.split()))
        )
        if not _searchable(parsed.text):
            return SearchResult(
                query=parsed,
                hits=[],
                message="There is nothing to search for in that message: "
                "name a product, a need or a question.",
            )
        kind_mask = index.columns.kind_mask(kinds)
        filters, dropped, mask = self._applicable_filters(index, parsed.filters, kind_mask)
        if (kind_mask is not None and not kind_mask.any()) or not len(index):
            return SearchResult(parsed, [], filters, tuple(dropped), "Nothing matches that.")
        vector = self._embedder.embed_query(parsed.text)
        keyword = self._keyword_query(index, parsed.text)
        n = self.config.candidates
        passes = _passing(index, mask) if filters and mask is not None and mask.any() else None
        dense, filtered_dense = self._dense_candidates(
            index, vector, kinds, filters, (mask, kind_mask)
        )
        lexical = index.search(keyword, n, mask=kind_mask)
        lists = self._open_lists(index, parsed, dense, lexical)
        ranked = reciprocal_rank_fusion(lists, k=self.config.rrf_k)
        if passes is not None and filtered_dense is not None:
            filtered_lexical = index.search(keyword, n, mask=mask)
            ranked = self._with_filters(ranked, lists, filtered_dense, filtered_lexical, passes)
        top = ranked[: max(k, self.config.rerank_top)]
        hits = self._reranked(parsed.text, self._hits(top, _ranks(dense, lexical), passes))[:k]
        return SearchResult(parsed, hits, filters, tuple(dropped), _relax_message(parsed, dropped))

    def dense_only(self, query: str, k: int = 10) -> list[Hit]:
        """Plain dense retrieval of the raw query (a baseline for evaluation)."""
        found = self._store.query(self.collection, self._embedder.embed_query(query), k)
        return self._hits(found, _ranks(found, None))

    def lexical_only(self, query: str, k: int = 10) -> list[Hit]:
        """Plain BM25 over the raw query (a baseline for evaluation)."""
        found = self._lexical().search(query, k)
        return self._hits(found, {"lexical": {d: r for r, (d, _) in enumerate(found, 1)}})

    def _parser(self, index: BM25Index) -> QueryParser:
        cached = self._parsers.get(id(index))
        if cached is not None and cached[0] is index:
            return cached[1]
        metas = index.metadatas
        vocabulary = vocabulary_from(
            (m.get("category") for m in metas),
            (m.get("brand") for m in metas),
            index.columns.distinct("sizes"),
            index.columns.distinct("colors"),
            has_prices=index.columns.has_prices,
            has_stock=index.columns.has_stock,
        )
        self._parsers = {id(index): (index, QueryParser(vocabulary))}
        return self._parsers[id(index)][1]

    def _applicable_filters(
        self, index: BM25Index, filters: Filters, kind_mask: Mask | None
    ) -> tuple[Filters, list[str], Mask | None]:
        """The filters to apply after any relaxation, and the keyword-side mask they give."""
        dropped: list[str] = []
        while True:
            mask = _and(index.columns.mask(filters), kind_mask)
            if mask is None or mask.any() or not filters.active():
                return filters, dropped, mask
            dropped.append(filters.active()[0])
            filters = filters.without(dropped[-1])

    def _dense_candidates(
        self,
        index: BM25Index,
        vector: list[float],
        kinds: Sequence[str],
        filters: Filters,
        masks: tuple[Mask | None, Mask | None],
    ) -> tuple[list[tuple[str, float]], list[tuple[str, float]] | None]:
        """Nearest documents without the filters and, if there are filters, with them.

        Chroma's filtered search slows down as more documents pass the filter (a third of a
        100k catalog: ~180 ms), while a wide unfiltered search stays fast (1,000 ids: ~5 ms).
        So a filter that passes a large share is applied to one wide search with the keyword
        index's mask (the same conditions); only a selective filter goes to Chroma as ``where``.
        """
        n = self.config.candidates
        mask, kind_mask = masks
        open_where = _where(Filters(), kinds)
        if not filters or mask is None or not mask.any():
            return self._store.query(self.collection, vector, n, where=open_where), None
        pool = int(kind_mask.sum()) if kind_mask is not None else len(mask)
        wide = math.ceil(n * 2 * pool / int(mask.sum()))
        if wide <= self.config.dense_scan_limit:
            found = self._store.query(self.collection, vector, max(n, wide), where=open_where)
            passing = mask_passes(index, mask)
            return found[:n], [pair for pair in found if passing(pair[0])][:n]
        return (
            self._store.query(self.collection, vector, n, where=open_where),
            self._store.query(self.collection, vector, n, where=_where(filters, kinds)),
        )

    def _open_lists(
        self,
        index: BM25Index,
        parsed: ParsedQuery,
        dense: Sequence[tuple[str, float]],
        lexical: Sequence[tuple[str, float]],
    ) -> list[tuple[Sequence[str], float]]:
        """The unfiltered ranked lists to fuse, with their weights."""
        lists: list[tuple[Sequence[str], float]] = [
            ([d for d, _ in dense], self.config.dense_weight),
            ([d for d, _ in lexical], self.config.lexical_weight),
        ]
        if (parsed.categories or parsed.brands) and self.config.hint_weight > 0:
            first = reciprocal_rank_fusion(lists, k=self.config.rrf_k)
            hinted = [d for d, _ in first if _hinted(index, d, parsed)]
            lists.append((hinted, self.config.hint_weight))
        return lists

    def _with_filters(
        self,
        ranked: list[tuple[str, float]],
        lists: list[tuple[Sequence[str], float]],
        dense: Sequence[tuple[str, float]],
        lexical: Sequence[tuple[str, float]],
        passes: Callable[[str], bool],
    ) -> list[tuple[str, float]]:
        """Bring filtered candidates up: fused as two more lists, or tiered (weight 0)."""
        weight = self.config.filter_weight
        filtered = [
            ([d for d, _ in dense], self.config.dense_weight * (weight or 1.0)),
            ([d for d, _ in lexical], self.config.lexical_weight * (weight or 1.0)),
        ]
        if weight > 0:
            return reciprocal_rank_fusion([*lists, *filtered], k=self.config.rrf_k)
        return _tiered(ranked, reciprocal_rank_fusion(filtered, k=self.config.rrf_k), passes)

    def _keyword_query(self, index: BM25Index, text: str) -> str:
        if not self.config.correct_spelling:
            return text
        fixes = index.speller.corrections(text)
        return " ".join([text, *fixes.values()]) if fixes else text

    def _hits(
        self,
        ranked: Sequence[tuple[str, float]],
        ranks: dict[str, dict[str, int]],
        passes: Callable[[str], bool] | None = None,
    ) -> list[Hit]:
        docs = self._store.get_documents(self.collection, [d for d, _ in ranked])
        hits = []
        for doc_id, score in ranked:
            doc = docs.get(doc_id)
            if doc is None:  # deleted since the keyword index was built
                continue
            meta = doc.metadata
            hits.append(
                Hit(
                    id=doc_id,
                    record_id=str(meta.get("record_id", doc_id)),
                    kind=str(meta.get("kind", "")),
                    title=str(meta.get("title", "")),
                    score=float(score),
                    text=doc.text,
                    metadata=meta,
                    dense_rank=ranks.get("dense", {}).get(doc_id),
                    lexical_rank=ranks.get("lexical", {}).get(doc_id),
                    matches=passes(doc_id) if passes else True,
                )
            )
        return hits

    def _reranked(self, query: str, hits: list[Hit]) -> list[Hit]:
        if self._reranker is None or len(hits) < 2:
            return hits
        top = hits[: self.config.rerank_top]
        scores = self._reranker.score(query, [h.text for h in top])
        order = sorted(range(len(top)), key=lambda i: -scores[i])
        rescored = [_with_score(top[i], scores[i]) for i in order]
        return rescored + hits[self.config.rerank_top :]


def _passing(index: BM25Index, mask: Mask | None) -> Callable[[str], bool] | None:
    """Whether a document id meets the filters, by the keyword index's mask."""
    return None if mask is None else mask_passes(index, mask)


def mask_passes(index: BM25Index, mask: Mask) -> Callable[[str], bool]:
    """A predicate: is this document id marked in ``mask`` (aligned with ``index``)?"""

    def passes(doc_id: str) -> bool:
        row = index.row_of(doc_id)
        return row is not None and bool(mask[row])

    return passes


def _tiered(
    ranked: Sequence[tuple[str, float]],
    filtered: Sequence[tuple[str, float]],
    passes: Callable[[str], bool],
) -> list[tuple[str, float]]:
    """Matching candidates first, then matches only the filtered search found, then the rest.

    Filters order results rather than hide them: a boot $5 over budget still beats a cheap sock
    for "boots under $120", but never a boot under $120.
    """
    first = [(d, s) for d, s in ranked if passes(d)]
    seen = {d for d, _ in first}
    found_filtered = [(d, s) for d, s in filtered if d not in seen]
    rest = [(d, s) for d, s in ranked if not passes(d)]
    return first + sorted(found_filtered + rest, key=lambda pair: -pair[1])


def _searchable(text: str) -> bool:
    """Whether a query has any word a retriever can use (not only stopwords or symbols)."""
    return any(word not in STOPWORDS_EN for word in _WORDS.findall(text.lower()))


def _and(left: Mask | None, right: Mask | None) -> Mask | None:
    if left is None:
        return right
    if right is None:
        return left
    return np.logical_and(left, right)


def _where(filters: Filters, kinds: Sequence[str]) -> dict[str, Any] | None:
    clauses = [c for c in (filters.to_where(),) if c]
    if kinds:
        clauses.append({"kind": {"$in": list(kinds)}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _hinted(index: BM25Index, doc_id: str, parsed: ParsedQuery) -> bool:
    meta = index.metadata_of(doc_id)
    return meta.get("category") in parsed.categories or meta.get("brand") in parsed.brands


def _ranks(
    dense: Sequence[tuple[str, float]], lexical: Sequence[tuple[str, float]] | None
) -> dict[str, dict[str, int]]:
    ranks = {"dense": {d: r for r, (d, _) in enumerate(dense, 1)}}
    if lexical is not None:
        ranks["lexical"] = {d: r for r, (d, _) in enumerate(lexical, 1)}
    return ranks


def _relax_message(parsed: ParsedQuery, dropped: Sequence[str]) -> str | None:
    if not dropped:
        return None
    wanted = parsed.filters.describe()
    return (
        f"Nothing matches all of: {wanted}. "
        f"Showing the closest matches without the {parsed.filters.describe_dropped(dropped)} "
        "requirement."
    )


def _with_score(hit: Hit, score: float) -> Hit:
    return Hit(**{**hit.__dict__, "score": float(score)})
