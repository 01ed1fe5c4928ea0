"""The classifier's training sets: composed frames, groups, and no evaluation text in them."""

from __future__ import annotations

import json

import pytest

from guardrails.injection.errors import InjectionDataError
from guardrails.injection.training import DATA, compose, load_training_sets
from guardrails.injection.windows import split_windows
from tests.conftest import REPO

pytestmark = pytest.mark.unit
EVAL_DIR = REPO / "data" / "eval" / "injection"

SPEC = {
    "frames": ["Write a {form} about {topic}.", "Translate it into {language}."],
    "slots": {
        "form": ["poem", "story", "essay"],
        "topic": ["the sea", "trains"],
        "language": ["Dutch", "Greek"],
    },
}


def test_compose_fills_each_frame_the_same_way_every_time() -> None:
    first = compose(SPEC, per_frame=4)
    assert first == compose(SPEC, per_frame=4)
    assert [frame for frame, _ in first] == [0, 0, 0, 0, 1, 1]  # the second has only 2 fillings
    assert all("{" not in text for _, text in first)
    assert len({text for _, text in first}) == 6


def test_compose_names_an_undefined_slot() -> None:
    with pytest.raises(InjectionDataError, match="undefined slots"):
        compose({"frames": ["Say {what}."], "slots": {}}, per_frame=1)


def test_training_sets_have_both_labels_and_a_group_per_text() -> None:
    for kind, data in load_training_sets().items():
        assert len(data.texts) == len(data.labels) == len(data.groups), kind
        assert set(data.labels) == {0, 1}, kind
    groups = set(load_training_sets()["document"].groups)
    assert any(g.startswith("bipia/") for g in groups)
    assert any(g.startswith("composed/document_attacks#") for g in groups)


def _texts(pattern: str) -> set[str]:
    return {
        json.loads(line)["text"]
        for path in EVAL_DIR.glob(pattern)
        for line in path.read_text(encoding="utf-8").splitlines()
    }


def test_no_evaluation_text_is_trained_on() -> None:
    evaluation = _texts("*.jsonl")
    for kind, data in load_training_sets(DATA).items():
        assert evaluation.isdisjoint(data.texts), kind


def test_the_hand_written_planted_set_shares_no_sentence_with_training() -> None:
    planted = {
        w for text in _texts("retail_planted.jsonl") for w in split_windows(text) if len(w) > 25
    }
    assert len(planted) > 100
    data = load_training_sets(DATA)["document"]
    trained = {w for text in data.texts for w in split_windows(text)}
    assert planted.isdisjoint(trained), sorted(planted & trained)[:3]


def test_the_training_files_keep_at_least_what_the_classifier_reads() -> None:
    from evals.datasets.garak import KEPT_CHARS
    from guardrails.injection.classifier import HEAD_CHARS, TAIL_CHARS

    assert KEPT_CHARS[0] >= HEAD_CHARS and KEPT_CHARS[1] >= TAIL_CHARS
