"""Classification metrics on tiny hand-computed cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.datasets.labelled import load_labelled
from evals.errors import DatasetError
from evals.metrics.classification import classification_report

pytestmark = pytest.mark.unit


def test_report_matches_hand_computation() -> None:
    gold = ["a", "a", "a", "b", "b", "c"]
    pred = ["a", "a", "b", "b", "c", "c"]
    report = classification_report(gold, pred)
    assert report["accuracy"] == round(4 / 6, 4)
    # a: precision 2/2, recall 2/3, F1 0.8; b: 1/2, 1/2, 0.5; c: 1/2, 1/1, 2/3
    assert report["per_label"]["a"] == {"precision": 1.0, "recall": 0.6667, "f1": 0.8, "support": 3}
    assert report["per_label"]["b"]["f1"] == 0.5
    assert report["per_label"]["c"]["f1"] == 0.6667
    assert report["macro_f1"] == round((0.8 + 0.5 + 0.6667) / 3, 4)
    assert report["confusion"] == {"a": {"a": 2, "b": 1}, "b": {"b": 1, "c": 1}, "c": {"c": 1}}


def test_a_label_never_predicted_and_one_never_true() -> None:
    report = classification_report(["a", "b"], ["a", "z"])
    assert report["per_label"]["b"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    assert report["per_label"]["z"]["support"] == 0 and report["per_label"]["z"]["precision"] == 0.0
    assert report["macro_f1"] == 0.5  # over the gold labels a and b only


def test_empty_and_mismatched_inputs() -> None:
    assert classification_report([], [])["accuracy"] == 0.0
    with pytest.raises(ValueError, match="same length"):
        classification_report(["a"], [])


def test_labelled_loader_reads_and_reports_bad_lines(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text('{"text": "hi", "label": "small_talk"}\n\n{"text": "x", "label": "y"}\n')
    assert [(i.text, i.label) for i in load_labelled(good)] == [("hi", "small_talk"), ("x", "y")]
    for body, message in [
        ('{"text": "hi"}\n', "good.jsonl:1: needs"),
        ('{"text": "hi", "label": "a"}\n{oops\n', ":2: not JSON"),
        ("", "has no items"),
    ]:
        good.write_text(body)
        with pytest.raises(DatasetError, match=message):
            load_labelled(good)
    with pytest.raises(DatasetError, match="missing"):
        load_labelled(tmp_path / "none.jsonl")
