"""Presidio-format loader: a good file loads; each problem says what to fix."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from evals.datasets.presidio import load_presidio
from evals.errors import DatasetError
from evals.metrics.pii import LabelledSpan

pytestmark = pytest.mark.unit

GOOD = [
    {
        "full_text": "Call Ann on 555 0100",
        "masked": "Call {{PERSON}} on {{PHONE_NUMBER}}",
        "spans": [
            {
                "entity_type": "PERSON",
                "entity_value": "Ann",
                "start_position": 5,
                "end_position": 8,
            },
            {"entity_type": "PHONE_NUMBER", "start_position": 12, "end_position": 20},
        ],
        "template_id": 3,
    },
    {"full_text": "Nothing here", "spans": []},
]


def write(tmp_path: Path, body: Any) -> Path:
    path = tmp_path / "set.json"
    path.write_text(body if isinstance(body, str) else json.dumps(body), encoding="utf-8")
    return path


def test_a_good_file_loads_with_its_spans(tmp_path: Path) -> None:
    samples = load_presidio(write(tmp_path, GOOD))
    assert [s.text for s in samples] == ["Call Ann on 555 0100", "Nothing here"]
    assert samples[0].spans == (
        LabelledSpan("PERSON", 5, 8),
        LabelledSpan("PHONE_NUMBER", 12, 20),
    )
    assert samples[1].spans == ()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[{", "not valid JSON (line 1"),
        ({"full_text": "x", "spans": []}, "expected a JSON list"),
        ([], "has no samples"),
        (["text"], "item 0 is not a JSON object"),
        ([{"spans": []}], "item 0 needs a string 'full_text'"),
        ([{"full_text": "x"}], "item 0 needs a list 'spans'"),
        (
            [GOOD[1], {"full_text": "Ann", "spans": [{"entity_type": "PERSON"}]}],
            "item 1, span 0 lacks 'start_position', 'end_position'",
        ),
        (
            [
                {
                    "full_text": "Ann",
                    "spans": [{"entity_type": "PERSON", "start_position": 0, "end_position": 9}],
                }
            ],
            "positions 0..9 are not a range inside the text (0..3)",
        ),
        (
            [
                {
                    "full_text": "Ann",
                    "spans": [{"entity_type": "", "start_position": 0, "end_position": 3}],
                }
            ],
            "'entity_type' must be a non-empty string",
        ),
    ],
)
def test_malformed_files_name_the_problem(tmp_path: Path, body: Any, message: str) -> None:
    path = write(tmp_path, body)
    with pytest.raises(DatasetError) as caught:
        load_presidio(path)
    assert message in str(caught.value)
    assert str(path) in caught.value.message
    assert caught.value.hint and "full_text" in caught.value.hint


def test_a_missing_file_is_a_dataset_error(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="is missing"):
        load_presidio(tmp_path / "absent.json")


def test_the_shared_development_set_loads() -> None:
    path = Path("/work/shared/data/pii/presidio_synth_dev.json")
    if not path.is_file():
        pytest.skip("shared data not on this machine")
    assert len(load_presidio(path)) == 774
