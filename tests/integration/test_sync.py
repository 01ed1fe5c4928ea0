"""Incremental sync on a real store: Chroma on disk, SQLite, the bundled embedder, bm25s."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock
from sqlalchemy import func, select

from assistant.composition import Components
from ingest.documents import KNOWLEDGE_COLLECTION, PRODUCTS_COLLECTION, record_id_of_key
from ingest.errors import IngestLockedError
from ingest.job import IngestOptions, run_ingest
from ingest.report import IngestReport
from ingest.storedb.models import IngestRunRow, OrderRow, ProductRow, VariantRow
from retrieval.lexical.bm25 import BM25Index
from tests.integration.conftest import Ingest, unscreened

pytestmark = pytest.mark.integration


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def drop_line(path: Path, startswith: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(startswith)]
    assert len(kept) < len(lines)
    path.write_text("".join(kept), encoding="utf-8")


def product_records(c: Components) -> list[str]:
    return sorted(record_id_of_key(i) for i in c.vector_store.list_ids(PRODUCTS_COLLECTION))


def lexical_records(c: Components, collection: str) -> list[str]:
    index = BM25Index.load(c.settings.lexical_dir / collection)
    return sorted(record_id_of_key(i) for i in index.ids)


def variant(c: Components, sku: str) -> VariantRow | None:
    with c.sessions() as session:
        return session.get(VariantRow, sku)


def stored_meta(c: Components, record_id: str) -> dict[str, object]:
    docs = list(c.vector_store.iter_documents(PRODUCTS_COLLECTION, where={"record_id": record_id}))
    assert len(docs) == 1
    return docs[0].metadata


def test_first_ingest_fills_every_index(
    mini_store: Path, ingest: Ingest, components: Components
) -> None:
    report = ingest(mini_store)
    assert report.status == "completed" and report.failed == 0 and not report.errors
    assert report.kinds["products"].added == 5 and report.kinds["orders"].added == 3
    assert report.kinds["policies"].added == 2 and report.kinds["faqs"].added == 3
    assert product_records(components) == ["P1", "P2", "P3", "P4", "P5"]
    knowledge = lexical_records(components, KNOWLEDGE_COLLECTION)
    assert {"faq-001", "faq-002", "faq-003", "returns", "shipping"} == set(knowledge)
    assert lexical_records(components, PRODUCTS_COLLECTION) == product_records(components)
    with components.sessions() as session:
        assert session.scalar(select(func.count()).select_from(VariantRow)) == 6
        assert session.scalar(select(func.count()).select_from(OrderRow)) == 3
        run = session.get(IngestRunRow, report.run_id)
        assert run is not None and run.status == "completed" and run.report is not None
    assert (components.settings.runs_dir / f"{report.run_id}.json").is_file()
    meta = stored_meta(components, "P1")
    assert meta["price"] == 109.0 and meta["in_stock"] is True and meta["sizes_in_stock"] == ["10"]


def test_no_raw_order_identity_is_stored(
    mini_store: Path, ingest: Ingest, components: Components
) -> None:
    ingest(mini_store)
    components.engine.dispose()
    secrets = [b"jane.doe@example.com", b"omar@example.org", b"Jane Doe", b"Omar Haddad"]
    for file in components.settings.home.rglob("*"):
        if file.is_file():
            data = file.read_bytes()
            assert not [s for s in secrets if s in data], file
    with components.sessions() as session:
        order = session.get(OrderRow, "A1002")
        assert order is not None
        assert components.hasher.matches(order.postal_hash, components.hasher.postal_code("k1a0b1"))
        assert components.hasher.matches(
            order.email_hash, components.hasher.email("OMAR@example.org")
        )


def test_unchanged_reingest_embeds_nothing(
    mini_store: Path, ingest: Ingest, components: Components
) -> None:
    ingest(mini_store)
    before = components.embedder.texts_embedded
    report = ingest(mini_store)
    assert components.embedder.texts_embedded == before
    assert report.embedded == 0 and report.added == report.updated == report.deleted == 0
    assert report.unchanged == 13


def test_changed_description_reembeds_exactly_that_product(
    mini_store: Path, tmp_path: Path, embedder: Any
) -> None:
    components = unscreened(tmp_path / "home", embedder)

    def ingest(path: Path) -> IngestReport:
        return run_ingest(IngestOptions(path=path), components.ingest_context())

    ingest(mini_store)
    old_ids = set(components.vector_store.list_ids(PRODUCTS_COLLECTION))
    edit(
        mini_store / "catalog.csv",
        "A light two-person backpacking tent",
        "An ultralight two-person tent",
    )
    before = components.embedder.texts_embedded
    report = ingest(mini_store)
    assert components.embedder.texts_embedded - before == 1
    assert report.kinds["products"].model_dump(
        include={"added", "updated", "unchanged", "deleted", "embedded", "reembedded"}
    ) == {"added": 0, "updated": 1, "unchanged": 4, "deleted": 0, "embedded": 1, "reembedded": 1}
    new_ids = set(components.vector_store.list_ids(PRODUCTS_COLLECTION))
    assert len(new_ids) == 5 and len(new_ids - old_ids) == 1
    assert [record_id_of_key(i) for i in new_ids - old_ids] == ["P3"]
    index = BM25Index.load(components.settings.lexical_dir / PRODUCTS_COLLECTION)
    assert set(index.ids) == new_ids
    assert record_id_of_key(index.search("ultralight")[0][0]) == "P3"


def test_price_and_stock_change_updates_without_reembedding(
    mini_store: Path, ingest: Ingest, components: Components
) -> None:
    ingest(mini_store)
    edit(mini_store / "catalog.csv", "10,Brown,109.00,129.00,USD,12", "10,Brown,95.00,,USD,0")
    before = components.embedder.texts_embedded
    report = ingest(mini_store)
    assert components.embedder.texts_embedded == before and report.embedded == 0
    assert report.kinds["products"].price_stock_only == 1
    row = variant(components, "BOOT-10-BRN")
    assert row is not None and row.price == Decimal("95.00") and row.stock == 0
    assert row.compare_at_price is None
    meta = stored_meta(components, "P1")
    assert meta["price"] == 95.0 and meta["price_max"] == 109.0
    assert meta["in_stock"] is False and "sizes_in_stock" not in meta
    assert meta["on_sale"] is True  # the size-11 variant is still marked down


def test_deleted_product_leaves_every_index(
    mini_store: Path, ingest: Ingest, components: Components
) -> None:
    ingest(mini_store)
    drop_line(mini_store / "catalog.csv", "P4,")
    report = ingest(mini_store)
    assert report.kinds["products"].deleted == 1 and report.embedded == 0
    assert "P4" not in product_records(components)
    assert "P4" not in lexical_records(components, PRODUCTS_COLLECTION)
    with components.sessions() as session:
        assert session.get(ProductRow, "P4") is None
    assert variant(components, "LAMP-200") is None


def test_bad_row_keeps_the_last_good_version(
    mini_store: Path, ingest: Ingest, components: Components
) -> None:
    ingest(mini_store)
    edit(
        mini_store / "catalog.csv",
        "Campwise,Tents & Camping,,,24.50",
        "Campwise,Tents & Camping,,,-1",
    )
    with (mini_store / "catalog.csv").open("a") as handle:
        handle.write("P9,NEW-1,Brand New Thing,,,,,oops,,USD,1,,,,,,,\n")
    report = ingest(mini_store)
    assert [(e.row, e.field) for e in report.errors] == [(6, "price"), (8, "price")]
    assert report.kinds["products"].failed == 2 and report.kinds["products"].deleted == 0
    assert "P4" in product_records(components) and "P9" not in product_records(components)
    row = variant(components, "LAMP-200")
    assert row is not None and row.price == Decimal("24.50")


def test_dry_run_changes_nothing(mini_store: Path, ingest: Ingest, components: Components) -> None:
    first = ingest(mini_store)
    drop_line(mini_store / "catalog.csv", "P4,")
    edit(mini_store / "faqs.yaml", "within one hour", "within two hours")
    ids_before = set(components.vector_store.list_ids(KNOWLEDGE_COLLECTION))
    report = ingest(mini_store, dry_run=True)
    assert report.status == "dry-run"
    assert report.changes["products"]["deleted"] == ["P4"]
    assert report.changes["faqs"]["updated"] == ["faq-003"]
    assert report.kinds["faqs"].embedded == 0
    assert "P4" in product_records(components)
    assert set(components.vector_store.list_ids(KNOWLEDGE_COLLECTION)) == ids_before
    with components.sessions() as session:
        runs = session.scalars(select(IngestRunRow.run_id)).all()
    assert runs == [first.run_id]


def test_full_rebuild_reembeds_everything_once(
    mini_store: Path, ingest: Ingest, components: Components
) -> None:
    ingest(mini_store)
    count = components.vector_store.count(PRODUCTS_COLLECTION)
    before = components.embedder.texts_embedded
    report = ingest(mini_store, full=True)
    embedded = components.embedder.texts_embedded - before
    assert embedded == report.embedded and embedded >= 5 + 3
    assert components.vector_store.count(PRODUCTS_COLLECTION) == count


def test_single_file_ingest_touches_only_that_file(
    mini_store: Path, ingest: Ingest, components: Components
) -> None:
    ingest(mini_store)
    (mini_store / "policies" / "shipping.md").unlink()
    edit(mini_store / "policies" / "returns.md", "30 days", "45 days")
    report = ingest(mini_store / "policies" / "returns.md")
    assert set(report.kinds) == {"policies"}
    assert report.kinds["policies"].updated == 1 and report.kinds["policies"].deleted == 0
    assert {"returns", "shipping"} <= set(lexical_records(components, KNOWLEDGE_COLLECTION))
    report = ingest(mini_store)  # the whole directory: now shipping.md is gone
    assert report.kinds["policies"].deleted == 1
    assert "shipping" not in lexical_records(components, KNOWLEDGE_COLLECTION)


def test_unreadable_file_keeps_its_records_and_the_rest_ingests(
    mini_store: Path, ingest: Ingest, components: Components
) -> None:
    ingest(mini_store)
    (mini_store / "faqs.yaml").write_text("")
    edit(mini_store / "catalog.csv", "A rechargeable", "A USB-C rechargeable")
    report = ingest(mini_store)
    assert [(e.source, e.row) for e in report.errors] == [("faqs.yaml", None)]
    assert "empty" in report.errors[0].message
    assert report.kinds["faqs"].failed == 1 and report.kinds["products"].updated == 1
    assert {"faq-001", "faq-002", "faq-003"} <= set(
        lexical_records(components, KNOWLEDGE_COLLECTION)
    )


def test_strict_writes_nothing(mini_store: Path, ingest: Ingest, components: Components) -> None:
    edit(
        mini_store / "catalog.csv",
        "Campwise,Tents & Camping,,,24.50",
        "Campwise,Tents & Camping,,,x",
    )
    report = ingest(mini_store, strict=True)
    assert report.status == "rejected" and report.failed == 1
    assert components.vector_store.count(PRODUCTS_COLLECTION) == 0
    with components.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ProductRow)) == 0


def test_orders_sync(mini_store: Path, ingest: Ingest, components: Components) -> None:
    ingest(mini_store)
    edit(
        mini_store / "orders.csv",
        "A1003,Mei Chen,mei.chen@example.net,10001,US,processing",
        "A1003,Mei Chen,mei.chen@example.net,10001,US,cancelled",
    )
    drop_line(mini_store / "orders.csv", "A1001,")
    report = ingest(mini_store)
    assert report.kinds["orders"].model_dump(
        include={"added", "updated", "unchanged", "deleted"}
    ) == {"added": 0, "updated": 1, "unchanged": 1, "deleted": 1}
    with components.sessions() as session:
        assert session.get(OrderRow, "A1001") is None
        order = session.get(OrderRow, "A1003")
        assert order is not None and order.status == "cancelled"


def test_second_run_waits_or_refuses_while_locked(
    mini_store: Path, ingest: Ingest, components: Components
) -> None:
    home = components.settings.home
    home.mkdir(parents=True)
    (home / "ingest.lock.json").write_text('{"pid": 4242, "since": "2026-11-22T10:00:00"}')
    with FileLock(home / "ingest.lock"), pytest.raises(IngestLockedError) as info:
        ingest(mini_store, wait_seconds=0.2)
    assert "pid 4242" in str(info.value) and "--wait" in str(info.value.hint)
    assert ingest(mini_store).status == "completed"  # released: runs normally


def test_interrupted_run_is_marked_by_the_next(
    mini_store: Path, ingest: Ingest, components: Components
) -> None:
    from datetime import UTC, datetime

    with components.sessions.begin() as session:
        session.add(
            IngestRunRow(
                run_id="dead", path="x", status="running", started_at=datetime.now(UTC), options={}
            )
        )
    ingest(mini_store)
    with components.sessions() as session:
        run = session.get(IngestRunRow, "dead")
        assert run is not None and run.status == "interrupted"


def test_report_run_id_shape(mini_store: Path, ingest: Ingest) -> None:
    assert re.fullmatch(r"\d{8}T\d{6}-[0-9a-f]{8}", ingest(mini_store).run_id)
