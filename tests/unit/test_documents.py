"""Document keys: content changes change the key, live fields (price, stock) do not."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ingest.documents import (
    LIVE_FIELDS,
    document_key,
    faq_document,
    live_metadata,
    policy_documents,
    product_document,
    record_id_of_key,
)
from ingest.schemas import Faq, PolicyDoc, PolicySection, Product, Variant

pytestmark = pytest.mark.unit


def product(**changes: object) -> Product:
    variants = [
        Variant(
            sku="B-10",
            size="10",
            color="Brown",
            price=Decimal("109.00"),
            compare_at_price=Decimal("129.00"),
            currency="USD",
            stock=0,
        ),
        Variant(
            sku="B-11", size="11", color="Brown", price=Decimal("99.00"), currency="USD", stock=4
        ),
    ]
    base = {
        "product_id": "P/1|x",
        "title": "Ridgeline Boot",
        "brand": "Summitcraft",
        "category": "Hiking Boots",
        "description": "Waterproof leather.",
        "attributes": {"waterproof": True},
        "source": "catalog.csv",
        "variants": variants,
    }
    return Product.model_validate(base | changes)


def test_product_document_text_and_live_fields() -> None:
    doc = product_document(product(), "v1")
    assert "Ridgeline Boot" in doc.page_content and "waterproof: yes" in doc.page_content
    assert "109" not in doc.page_content  # prices are live metadata, never embedded text
    live = live_metadata(doc)
    assert live["price"] == 99.0 and live["price_max"] == 109.0 and live["on_sale"] is True
    assert live["stock"] == 4 and live["in_stock"] is True and live["sizes_in_stock"] == ["11"]
    assert set(live) <= LIVE_FIELDS
    assert doc.metadata["skus"] == ["B-10", "B-11"]


def test_key_ignores_live_fields_but_not_content() -> None:
    base = document_key(product_document(product(), "v1"))
    cheaper = product(
        variants=[
            v.model_copy(update={"price": Decimal("5"), "stock": 100}) for v in product().variants
        ]
    )
    assert document_key(product_document(cheaper, "v1")) == base
    assert document_key(product_document(product(description="New text."), "v1")) != base
    assert document_key(product_document(product(brand="Other"), "v1")) != base
    assert document_key(product_document(product(), "v2")) != base  # new model or rules


def test_record_id_survives_separators_in_ids() -> None:
    key = document_key(product_document(product(), "v1"))
    assert key.startswith("product|") and record_id_of_key(key) == "P/1|x"


def test_long_policy_sections_are_chunked_with_their_heading() -> None:
    policy = PolicyDoc(
        doc_id="returns",
        title="Returns",
        source="policies/returns.md",
        sections=[PolicySection(heading="Returns > Window", text="word " * 600)],
    )
    docs = policy_documents(policy, "v1")
    assert len(docs) > 1
    assert [d.metadata["chunk"] for d in docs] == list(range(len(docs)))
    assert all(d.page_content.startswith("Returns — Returns > Window\n") for d in docs)
    assert len({document_key(d) for d in docs}) == len(docs)


def test_faq_document() -> None:
    doc = faq_document(
        Faq(faq_id="f1", question="Ship to Canada?", answer="Yes."), "v1", "faqs.yaml"
    )
    assert doc.page_content == "Q: Ship to Canada?\nA: Yes."
    assert "category" not in doc.metadata  # None values are left out for Chroma
