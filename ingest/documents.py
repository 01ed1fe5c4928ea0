"""Records as LangChain ``Document``s, and the keys that make sync incremental.

A document's key is ``kind|record id|chunk|digest``, where the digest covers the text and the
*static* metadata plus the index version (embedding model, document schema). The text is the
screened one (``ingest.screening``): guardrail rules only change a key when they change the text.
Live fields (price, stock, rating) are left out of the digest: when only they change, the key
stays the same, nothing is re-embedded, and sync patches the stored metadata instead.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, unquote

from langchain_core.documents import Document
from langchain_text_splitters import RecursiveCharacterTextSplitter

from ingest.schemas import Faq, PolicyDoc, Product

DOCUMENT_SCHEMA = "1"  # bump when the text or static metadata layout below changes
PRODUCTS_COLLECTION = "products"
KNOWLEDGE_COLLECTION = "knowledge"
LIVE_FIELDS = frozenset(
    {
        "price",
        "price_max",
        "compare_at_price",
        "on_sale",
        "currency",
        "stock",
        "in_stock",
        "sizes_in_stock",
        "colors_in_stock",
        "rating",
        "review_count",
        "screened_by",  # the guardrail rules' version that screened the text
    }
)
_splitter = RecursiveCharacterTextSplitter(chunk_size=1200, chunk_overlap=150)


def index_version(embedder_id: str) -> str:
    """What every key depends on besides content: a change here re-embeds everything."""
    return f"{embedder_id}/schema-{DOCUMENT_SCHEMA}"


def document_key(doc: Document) -> str:
    """The record manager key and vector store id of ``doc`` (see module docstring)."""
    meta = doc.metadata
    static = {k: v for k, v in meta.items() if k not in LIVE_FIELDS}
    payload = doc.page_content + "\x00" + json.dumps(static, sort_keys=True, default=str)
    digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:24]
    return f"{meta['kind']}|{quote(str(meta['record_id']), safe='')}|{meta['chunk']}|{digest}"


def record_id_of_key(key: str) -> str:
    """The record id a key belongs to."""
    return unquote(key.split("|")[1])


def live_metadata(doc: Document) -> dict[str, Any]:
    """The live part of a document's metadata."""
    return {k: v for k, v in doc.metadata.items() if k in LIVE_FIELDS}


def product_text(product: Product) -> str:
    """What is embedded for a product: what it is, not what it costs today."""
    sizes = _distinct(v.size for v in product.variants)
    colors = _distinct(v.color for v in product.variants)
    lines = [product.title]
    facts = [
        f"Brand: {product.brand}" if product.brand else "",
        f"Category: {product.category}" if product.category else "",
        f"Sizes: {', '.join(sizes)}" if sizes else "",
        f"Colours: {', '.join(colors)}" if colors else "",
    ]
    lines.append(". ".join(f for f in facts if f))
    if product.attributes:
        lines.append(
            "; ".join(
                f"{k.replace('_', ' ')}: {_attr(v)}" for k, v in sorted(product.attributes.items())
            )
        )
    if product.tags:
        lines.append("Tags: " + ", ".join(product.tags))
    if product.description:
        lines.append(product.description)
    return "\n".join(line for line in lines if line)


def product_document(product: Product, version: str) -> Document:
    """One document per product, with static and live metadata for filtering and cards."""
    meta: dict[str, Any] = {
        "kind": "product",
        "record_id": product.product_id,
        "chunk": 0,
        "title": product.title,
        "source": product.source,
        "index_version": version,
        "brand": product.brand,
        "category": product.category,
        "url": product.url,
        "image_url": product.image_url,
        "skus": [v.sku for v in product.variants],
        "sizes": _distinct(v.size for v in product.variants),
        "colors": _distinct(v.color for v in product.variants),
        **_live_product_fields(product),
    }
    return Document(page_content=product_text(product), metadata=_chroma_safe(meta))


def _live_product_fields(product: Product) -> dict[str, Any]:
    variants = product.variants
    prices = [v.price for v in variants]
    compare = [
        v.compare_at_price
        for v in variants
        if v.compare_at_price is not None and v.compare_at_price > v.price
    ]
    available = [v for v in variants if v.stock is None or v.stock > 0]
    known_stock = [v.stock for v in variants if v.stock is not None]
    return {
        "price": float(min(prices)),
        "price_max": float(max(prices)),
        "compare_at_price": float(max(compare)) if compare else None,
        "on_sale": bool(compare),
        "currency": variants[0].currency,
        "stock": sum(known_stock) if known_stock else None,
        "in_stock": bool(available),
        "sizes_in_stock": _distinct(v.size for v in available),
        "colors_in_stock": _distinct(v.color for v in available),
        "rating": product.rating,
        "review_count": product.review_count,
    }


def policy_documents(policy: PolicyDoc, version: str) -> list[Document]:
    """A policy's sections, split further when long; each chunk names its heading path."""
    docs: list[Document] = []
    for section in policy.sections:
        for piece in _splitter.split_text(section.text):
            heading = f" — {section.heading}" if section.heading else ""
            meta = {
                "kind": "policy",
                "record_id": policy.doc_id,
                "chunk": len(docs),
                "title": policy.title,
                "section": section.heading,
                "source": policy.source,
                "index_version": version,
            }
            docs.append(
                Document(
                    page_content=f"{policy.title}{heading}\n{piece}", metadata=_chroma_safe(meta)
                )
            )
    return docs


def faq_document(faq: Faq, version: str, source: str) -> Document:
    """One document per FAQ: the question and its answer together."""
    meta = {
        "kind": "faq",
        "record_id": faq.faq_id,
        "chunk": 0,
        "title": faq.question,
        "category": faq.category,
        "source": source,
        "index_version": version,
        "tags": list(faq.tags),
    }
    return Document(page_content=f"Q: {faq.question}\nA: {faq.answer}", metadata=_chroma_safe(meta))


def _distinct(values: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _attr(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _chroma_safe(meta: dict[str, Any]) -> dict[str, Any]:
    """Chroma refuses None and empty lists as metadata values: leave those keys out."""
    return {k: v for k, v in meta.items() if v is not None and v != []}
