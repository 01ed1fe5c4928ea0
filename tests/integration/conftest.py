"""Fixtures for integration tests: a real store on a temp AISLE_HOME."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assistant.composition import Components
from assistant.settings import Settings
from ingest.job import IngestOptions, run_ingest
from ingest.report import IngestReport
from tests.conftest import DEMO_STORE, TEST_SECRET

Ingest = Callable[..., IngestReport]


def make_components(home: Path, embedder: Any, **settings: Any) -> Components:
    """Components of a store under ``home`` sharing the session's embedder."""
    return Components(Settings(home=home, secret_key=TEST_SECRET, **settings), embedder=embedder)


def unscreened(home: Path, embedder: Any, **settings: Any) -> Components:
    """Components whose ingest does not check content for injections.

    The check embeds the texts it reads, so tests that count what the *index* embeds turn
    it off; ``test_ingest_screening`` covers the check itself.
    """
    rules = home.parent / "unscreened-rules.yaml"
    rules.write_text("ingest: {quarantine_injection: false}\n", encoding="utf-8")
    return make_components(home, embedder, guardrails_file=rules, **settings)


@pytest.fixture
def components(tmp_path: Path, embedder: Any) -> Components:
    """A fresh, empty store."""
    return make_components(tmp_path / "home", embedder)


@pytest.fixture
def ingest(components: Components) -> Ingest:
    """Run an ingest on ``components``' store: ``ingest(path, dry_run=True, ...)``."""

    def run(path: Path, **options: Any) -> IngestReport:
        return run_ingest(IngestOptions(path=path, **options), components.ingest_context())

    return run


@pytest.fixture(scope="session")
def demo(
    tmp_path_factory: pytest.TempPathFactory, embedder: Any
) -> tuple[Components, IngestReport]:
    """The demo store, ingested once for the whole session. Tests must not change it."""
    components = make_components(tmp_path_factory.mktemp("demo") / "home", embedder)
    report = run_ingest(IngestOptions(path=DEMO_STORE), components.ingest_context())
    return components, report
