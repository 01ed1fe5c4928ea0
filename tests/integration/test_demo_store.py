"""The demo store: generated reproducibly, big enough, and ingests without a single bad row."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from assistant.composition import Components
from ingest.documents import KNOWLEDGE_COLLECTION, PRODUCTS_COLLECTION, record_id_of_key
from ingest.report import IngestReport
from ingest.storedb.models import OrderRow, ProductRow, VariantRow
from retrieval.lexical.bm25 import BM25Index
from tests.conftest import DEMO_STORE, REPO

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_generator_reproduces_the_committed_files(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(REPO / "data" / "generate_demo_store.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
        cwd=REPO,
    )
    for name in ("catalog.csv", "orders.csv"):
        assert (tmp_path / name).read_bytes() == (DEMO_STORE / name).read_bytes(), name


def test_demo_store_ingests_cleanly(demo: tuple[Components, IngestReport]) -> None:
    _, report = demo
    assert report.status == "completed"
    assert report.errors == [] and report.failed == 0
    # the store's own content is neither an injection nor anyone's personal data
    assert report.quarantine == [] and report.pii_redacted == 0
    assert report.kinds["products"].added >= 800
    assert report.kinds["faqs"].added >= 60
    assert report.kinds["orders"].added >= 150
    assert report.kinds["policies"].added >= 7


def test_demo_store_has_the_promised_shape(demo: tuple[Components, IngestReport]) -> None:
    components, _ = demo
    with components.sessions() as session:
        categories = session.scalar(select(func.count(func.distinct(ProductRow.category))))
        variants = session.scalar(select(func.count()).select_from(VariantRow))
        products = session.scalar(select(func.count()).select_from(ProductRow))
        statuses = Counter(session.scalars(select(OrderRow.status)))
        out_of_stock = session.scalar(select(func.count()).where(VariantRow.stock == 0))
        low = session.scalar(select(func.count()).where(VariantRow.stock.between(1, 5)))
        on_sale = session.scalar(select(func.count()).where(VariantRow.compare_at_price > 0))
    assert categories is not None and categories >= 12
    assert variants is not None and products is not None and variants > products
    assert set(statuses) == {"processing", "shipped", "delivered", "returned", "cancelled"}
    assert min(statuses.values()) >= 10
    assert out_of_stock and low and on_sale


def test_demo_store_is_searchable(demo: tuple[Components, IngestReport]) -> None:
    components, _ = demo
    products = BM25Index.load(components.settings.lexical_dir / PRODUCTS_COLLECTION)
    assert len(products) == components.vector_store.count(PRODUCTS_COLLECTION)
    hits = [record_id_of_key(k) for k, _ in products.search("waterproof hiking boots", k=5)]
    with components.sessions() as session:
        categories = {session.get(ProductRow, h).category for h in hits}  # type: ignore[union-attr]
    assert categories == {"Hiking Boots"}
    knowledge = BM25Index.load(components.settings.lexical_dir / KNOWLEDGE_COLLECTION)
    top = [record_id_of_key(k) for k, _ in knowledge.search("return opened earbuds", k=3)]
    # the returns policy and the FAQ on opened earbuds both answer this
    assert top[0] in {"returns", "faq-034"} and {"returns", "faq-034"} <= set(top)
