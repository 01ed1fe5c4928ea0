"""Ranking metrics, checked against values worked out by hand (linear gain, log2 discount)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import pytest

from evals.metrics.ranking import mrr_at_k, ndcg_at_k, recall_at_k

pytestmark = pytest.mark.unit

QRELS = {"d1": 3, "d2": 2, "d3": 0, "d4": 1}  # d3 is judged not relevant
LOG2_3 = math.log2(3)  # 1.5849625
Metric = Callable[[Sequence[str], Mapping[str, int], int], float]


def test_ndcg_with_graded_labels() -> None:
    # ranked d3, d1, d5, d4; at k=3:
    #   DCG  = 0/log2(2) + 3/log2(3) + 0/log2(4)      = 1.8927893
    #   IDCG = 3/log2(2) + 2/log2(3) + 1/log2(4)      = 3 + 1.2618595 + 0.5 = 4.7618595
    #   nDCG = 1.8927893 / 4.7618595                  = 0.3974895
    ranked = ["d3", "d1", "d5", "d4"]
    assert ndcg_at_k(ranked, QRELS, 3) == pytest.approx((3 / LOG2_3) / (3 + 2 / LOG2_3 + 0.5))
    assert ndcg_at_k(ranked, QRELS, 3) == pytest.approx(0.3974895, abs=1e-7)
    # at k=4, d4 adds 1/log2(5) = 0.4306766: 2.3234658 / 4.7618595 = 0.4879325
    assert ndcg_at_k(ranked, QRELS, 4) == pytest.approx(0.4879325, abs=1e-7)


def test_ndcg_of_the_ideal_ranking_is_one() -> None:
    assert ndcg_at_k(["d1", "d2", "d4"], QRELS, 3) == pytest.approx(1.0)
    # the same documents in the wrong order: (1 + 2/log2(3) + 3/2) / (3 + 2/log2(3) + 1/2)
    assert ndcg_at_k(["d4", "d2", "d1"], QRELS, 3) == pytest.approx(
        (1 + 2 / LOG2_3 + 1.5) / (3 + 2 / LOG2_3 + 0.5)
    )


def test_ndcg_cuts_the_ideal_at_k() -> None:
    # at k=1 the ideal is d1 alone: d2 first scores 2/3
    assert ndcg_at_k(["d2", "d1"], QRELS, 1) == pytest.approx(2 / 3)


def test_ndcg_k_larger_than_the_ranking() -> None:
    # only d1, at rank 1: 3 / (3 + 2/log2(3) + 1/2) = 0.6300060
    assert ndcg_at_k(["d1"], QRELS, 10) == pytest.approx(3 / (3 + 2 / LOG2_3 + 0.5))


def test_duplicates_count_once_at_their_best_rank() -> None:
    # d1, d1, d2 is d1, d2: the ideal order at k=2 (without de-duplication DCG would exceed IDCG)
    assert ndcg_at_k(["d1", "d1", "d2"], QRELS, 2) == pytest.approx(1.0)
    assert recall_at_k(["d1", "d1", "d1", "d2"], QRELS, 2) == pytest.approx(2 / 3)
    assert mrr_at_k(["d3", "d3", "d1"], QRELS, 2) == pytest.approx(1 / 2)


def test_recall() -> None:
    ranked = ["d3", "d1", "d5", "d4"]  # relevant: d1, d2, d4
    assert recall_at_k(ranked, QRELS, 1) == 0.0
    assert recall_at_k(ranked, QRELS, 3) == pytest.approx(1 / 3)
    assert recall_at_k(ranked, QRELS, 4) == pytest.approx(2 / 3)
    assert recall_at_k([*ranked, "d2"], QRELS, 100) == pytest.approx(1.0)


def test_mrr() -> None:
    assert mrr_at_k(["d1", "d2"], QRELS, 10) == 1.0
    assert mrr_at_k(["d3", "d5", "d4"], QRELS, 3) == pytest.approx(1 / 3)
    assert mrr_at_k(["d3", "d5", "d4"], QRELS, 2) == 0.0


def test_grade_zero_entries_are_not_relevant() -> None:
    qrels = {"d1": 1, "d0": 0}
    assert recall_at_k(["d1"], qrels, 10) == 1.0  # not 1/2
    assert ndcg_at_k(["d0", "d1"], qrels, 10) == pytest.approx(1 / LOG2_3)
    assert mrr_at_k(["d0", "d1"], qrels, 10) == 0.5


@pytest.mark.parametrize("qrels", [{}, {"d3": 0}, {"d3": 0, "d9": 0}])
@pytest.mark.parametrize("metric", [ndcg_at_k, recall_at_k, mrr_at_k])
def test_no_relevant_document_scores_zero(metric: Metric, qrels: dict[str, int]) -> None:
    assert metric(["d3", "d9"], qrels, 10) == 0.0


@pytest.mark.parametrize("metric", [ndcg_at_k, recall_at_k, mrr_at_k])
def test_empty_ranking_scores_zero(metric: Metric) -> None:
    assert metric([], QRELS, 10) == 0.0
