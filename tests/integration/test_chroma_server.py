"""The same incremental sync against a real Chroma server (`chroma run`) on localhost."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.composition import Components
from ingest.documents import PRODUCTS_COLLECTION, record_id_of_key
from ingest.job import IngestOptions, run_ingest
from retrieval.errors import VectorStoreUnavailableError
from retrieval.stores.chroma import ChromaStore
from tests.integration.conftest import unscreened
from tests.integration.test_sync import drop_line, edit
from tests.servers import free_port, serving

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Chroma server on a free localhost port, stopped after the module."""
    port = free_port()
    chroma = Path(sys.executable).with_name("chroma")
    data = tmp_path_factory.mktemp("chroma-server")
    url = f"http://127.0.0.1:{port}"
    command = [str(chroma), "run", "--path", str(data / "db"), "--host", "127.0.0.1"]
    with serving([*command, "--port", str(port)], f"{url}/api/v2/heartbeat", data / "server.log"):
        yield url


def test_sync_through_a_chroma_server(
    chroma_url: str, mini_store: Path, tmp_path: Path, embedder: Any
) -> None:
    components: Components = unscreened(tmp_path / "home", embedder, chroma_url=chroma_url)

    def ingest() -> Any:
        return run_ingest(IngestOptions(path=mini_store), components.ingest_context())

    def records() -> list[str]:
        return sorted(
            record_id_of_key(i) for i in components.vector_store.list_ids(PRODUCTS_COLLECTION)
        )

    assert components.vector_store.location == chroma_url
    assert ingest().kinds["products"].added == 5
    assert not (tmp_path / "home" / "chroma").exists()  # nothing embedded locally
    assert records() == ["P1", "P2", "P3", "P4", "P5"]
    before = embedder.texts_embedded
    assert ingest().embedded == 0 and embedder.texts_embedded == before
    edit(mini_store / "catalog.csv", "A light two-person backpacking tent", "A roomy tent")
    drop_line(mini_store / "catalog.csv", "P4,")
    report = ingest()
    assert (report.kinds["products"].updated, report.kinds["products"].deleted) == (1, 1)
    assert report.embedded == 1 and embedder.texts_embedded - before == 1
    assert records() == ["P1", "P2", "P3", "P5"]


def test_unreachable_server_is_a_clear_error(embedder: Any) -> None:
    with pytest.raises(VectorStoreUnavailableError) as info:
        ChromaStore.http(f"http://127.0.0.1:{free_port()}", embedder)
    assert "does not answer" in str(info.value) and "chroma run" in str(info.value.hint)


def test_bad_url_is_a_clear_error(embedder: Any) -> None:
    with pytest.raises(VectorStoreUnavailableError, match="not an http"):
        ChromaStore.http("localhost:8000", embedder)
