"""Fusing ranked lists: weighted reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009).

RRF uses only ranks, so it needs no calibration between BM25 scores (unbounded) and cosine
similarities (bounded), and it is robust across corpora, which is why it is the default here.
"""

from __future__ import annotations

from collections.abc import Sequence

RRF_K = 60  # the constant from the paper; it damps the weight of the very top ranks


def reciprocal_rank_fusion(
    rankings: Sequence[tuple[Sequence[str], float]], *, k: int = RRF_K
) -> list[tuple[str, float]]:
    """Fuse ``(ranked ids, weight)`` lists into one ranking, best first.

    Each list adds ``weight / (k + rank)`` (rank from 1) to every id it ranks. Ties are broken by
    the id's best rank in any list, then by the id, so the result is deterministic.
    """
    scores: dict[str, float] = {}
    best_rank: dict[str, int] = {}
    for ranked, weight in rankings:
        if weight <= 0:
            continue
        for rank, doc_id in enumerate(ranked, start=1):
            scores[doc_id] = scores.get(doc_id, 0.0) + weight / (k + rank)
            best_rank[doc_id] = min(best_rank.get(doc_id, rank), rank)
    ordered = sorted(scores, key=lambda d: (-scores[d], best_rank[d], d))
    return [(doc_id, scores[doc_id]) for doc_id in ordered]
