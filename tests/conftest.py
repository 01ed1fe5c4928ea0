"""Shared fixtures: temp stores, settings on a temp AISLE_HOME, one embedder per test session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")  # presidio: never the network
os.environ.setdefault("HF_HUB_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEMO_STORE = REPO / "data" / "demo-store"
TEST_SECRET = "test-secret-key-0123456789abcdef-not-for-production"


@pytest.fixture
def mini_store(tmp_path: Path) -> Path:
    """A writable copy of the small fixture store (5 products, 2 policies, 3 FAQs, 3 orders)."""
    target = tmp_path / "store"
    shutil.copytree(FIXTURES / "mini-store", target)
    return target


@pytest.fixture(scope="session")
def embedder() -> Iterator[object]:
    """The real bundled embedder as aisle runs it (ONNX Runtime), loaded once per session."""
    from assistant.composition import bundled_embedder
    from assistant.settings import Settings

    model = bundled_embedder(Settings())
    model.embed_query("warm up")
    yield model


@pytest.fixture(autouse=True)
def _no_aisle_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests build settings explicitly; the developer's AISLE_* variables must not leak in."""
    for name in list(os.environ):
        if name.startswith("AISLE_"):
            monkeypatch.delenv(name)
