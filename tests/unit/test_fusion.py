"""Weighted reciprocal rank fusion, checked against scores worked out by hand."""

from __future__ import annotations

import pytest

from retrieval.fusion import RRF_K, reciprocal_rank_fusion

pytestmark = pytest.mark.unit


def ids(fused: list[tuple[str, float]]) -> list[str]:
    return [doc_id for doc_id, _ in fused]


def test_two_lists_equal_weight() -> None:
    fused = reciprocal_rank_fusion([(["a", "b", "c"], 1.0), (["b", "d"], 1.0)])
    # k=60: a = 1/61, b = 1/62 + 1/61, c = 1/63, d = 1/62
    assert RRF_K == 60
    assert ids(fused) == ["b", "a", "d", "c"]
    assert dict(fused) == pytest.approx(
        {"a": 1 / 61, "b": 1 / 62 + 1 / 61, "c": 1 / 63, "d": 1 / 62}
    )


def test_weights_scale_each_list() -> None:
    fused = reciprocal_rank_fusion([(["a", "b"], 1.0), (["b", "a"], 3.0)])
    # a = 1/61 + 3/62 = 0.06478, b = 1/62 + 3/61 = 0.06531: the heavier list's top wins
    assert ids(fused) == ["b", "a"]
    assert dict(fused) == pytest.approx({"a": 1 / 61 + 3 / 62, "b": 1 / 62 + 3 / 61})


def test_k_damps_the_top_ranks() -> None:
    fused = reciprocal_rank_fusion([(["a", "b"], 1.0)], k=0)
    assert fused == [("a", 1.0), ("b", 0.5)]


def test_equal_scores_are_ordered_by_id() -> None:
    # x and y both score 1/61 + 1/62 and both have best rank 1
    fused = reciprocal_rank_fusion([(["y", "x"], 1.0), (["x", "y"], 1.0)])
    assert fused[0][1] == fused[1][1]
    assert ids(fused) == ["x", "y"]


def test_equal_scores_are_ordered_by_best_rank_before_id() -> None:
    # b: rank 1 at weight 1 → 1/61. a: rank 62 at weight 2 → 2/122, the same float exactly.
    fillers = [f"f{i:02d}" for i in range(61)]
    fused = reciprocal_rank_fusion([(["b"], 1.0), ([*fillers, "a"], 2.0)])
    assert dict(fused)["a"] == dict(fused)["b"] == 1 / 61
    assert ids(fused)[-2:] == ["b", "a"]  # every filler scores more than 1/61


@pytest.mark.parametrize("weight", [0.0, -1.0])
def test_list_without_positive_weight_is_ignored(weight: float) -> None:
    fused = reciprocal_rank_fusion([(["a", "b"], 1.0), (["z", "b"], weight)])
    assert fused == [("a", 1 / 61), ("b", 1 / 62)]


@pytest.mark.parametrize("rankings", [[], [([], 1.0)], [([], 1.0), ([], 0.5)], [(["a"], 0.0)]])
def test_nothing_to_fuse(rankings: list[tuple[list[str], float]]) -> None:
    assert reciprocal_rank_fusion(rankings) == []
