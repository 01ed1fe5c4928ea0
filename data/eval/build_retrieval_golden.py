"""Build the Harbor & Pine product-search golden set as a BEIR-style dataset.

    python data/eval/build_retrieval_golden.py              # writes data/eval/retrieval-demo/
    python data/eval/build_retrieval_golden.py --out DIR    # somewhere else

The corpus is one document per product of ``data/demo-store/catalog.csv``, made with aisle's own
ingestion code so the text is exactly what aisle indexes. Queries and their graded judgements
come from the specs in ``retrieval_golden_specs.py``: every judgement is computed by evaluating
a spec's predicates over the grouped products (see that module's docstring for the grades).
The output is byte-identical on every run; the script checks its invariants before writing
and prints a summary to stderr.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from retrieval_golden_specs import (
    QUERY_TYPES,
    SPECS,
    VARIANT_PREDICATES,
    AllOf,
    AnyOf,
    AttrBetween,
    AttrIs,
    Brand,
    Category,
    ColorIs,
    HasAttr,
    InStock,
    Not,
    Predicate,
    PriceRange,
    QuerySpec,
    SizeIs,
    TagAny,
    TitleHas,
)

from ingest.documents import product_document
from ingest.readers.catalog import group_products, read_catalog
from ingest.schemas import Product, Variant

REPO = Path(__file__).resolve().parents[2]
CATALOG = REPO / "data" / "demo-store" / "catalog.csv"
DEFAULT_OUT = REPO / "data" / "eval" / "retrieval-demo"
MAX_RELEVANT = 60  # a query matching more than this is too broad to tell rankers apart
DROPPED_METADATA = frozenset(
    {"kind", "record_id", "chunk", "source", "index_version", "url", "image_url", "skus"}
)
Qrels = dict[str, dict[str, int]]  # query id -> corpus id -> grade


def load_products(catalog: Path) -> list[Product]:
    """The catalog's products, grouped exactly as aisle's ingest groups them."""
    read = read_catalog(catalog, catalog.name)
    if read.errors:
        raise SystemExit(f"{catalog}: {len(read.errors)} invalid rows, first: {read.errors[0]}")
    return group_products([(read.source, record) for _, record in read.records], "USD")


def corpus_record(product: Product) -> dict[str, Any]:
    """One BEIR corpus line: the indexed text without its title line, and card metadata."""
    doc = product_document(product, "golden")
    first_line, _, text = doc.page_content.partition("\n")
    assert first_line == product.title, product.product_id
    metadata = {k: v for k, v in doc.metadata.items() if k not in DROPPED_METADATA}
    if "tags" not in metadata:
        metadata["tags"] = list(product.tags)
    if "attributes" not in metadata:
        metadata["attributes"] = dict(product.attributes)
    return {"_id": product.product_id, "title": product.title, "text": text, "metadata": metadata}


# ---------------------------------------------------------------------------------------------
# Grading
# ---------------------------------------------------------------------------------------------


def grade(spec: QuerySpec, product: Product) -> int:
    """2 when every predicate holds, 1 within ``max_misses`` secondary misses, else 0."""
    core_product, core_variant = _split(spec.core)
    if not all(product_holds(p, product) for p in core_product):
        return 0
    variants = [v for v in product.variants if all(variant_holds(p, v) for p in core_variant)]
    if not variants:
        return 0
    secondary_product, secondary_variant = _split(spec.secondary)
    misses = sum(not product_holds(p, product) for p in secondary_product)
    misses += min(sum(not variant_holds(p, v) for p in secondary_variant) for v in variants)
    if misses == 0:
        return 2
    return 1 if misses <= spec.max_misses else 0


def _split(preds: Sequence[Predicate]) -> tuple[list[Predicate], list[Predicate]]:
    """(product-level, variant-level) predicates."""
    product: list[Predicate] = [p for p in preds if not isinstance(p, VARIANT_PREDICATES)]
    variant: list[Predicate] = [p for p in preds if isinstance(p, VARIANT_PREDICATES)]
    return product, variant


def product_holds(pred: Predicate, product: Product) -> bool:
    """Whether a product-level predicate holds for ``product``."""
    attrs = product.attributes
    match pred:
        case Category(names):
            return product.category in names
        case Brand(names):
            return product.brand in names
        case TitleHas(phrases):
            return any(_title_pattern(p).search(product.title) for p in phrases)
        case TagAny(tags):
            return any(t in product.tags for t in tags)
        case AttrIs(key, values):
            return key in attrs and any(_same(attrs[key], v) for v in values)
        case AttrBetween(key, low, high):
            value = attrs.get(key)
            if isinstance(value, bool) or not isinstance(value, int | float):
                return False
            return (low is None or value >= low) and (high is None or value <= high)
        case HasAttr(key):
            return key in attrs
        case AnyOf(preds):
            return any(product_holds(p, product) for p in preds)
        case AllOf(preds):
            return all(product_holds(p, product) for p in preds)
        case Not(inner):
            return not product_holds(inner, product)
    raise TypeError(f"not a product-level predicate: {pred!r}")


def variant_holds(pred: Predicate, variant: Variant) -> bool:
    """Whether a variant-level predicate holds for ``variant``."""
    match pred:
        case PriceRange(lt, le, gt, ge):
            bounds = (
                (lt, variant.price.__lt__),
                (le, variant.price.__le__),
                (gt, variant.price.__gt__),
                (ge, variant.price.__ge__),
            )
            return all(b is None or test(Decimal(str(b))) for b, test in bounds)
        case SizeIs(sizes):
            return variant.size in sizes
        case ColorIs(colors):
            return variant.color in colors
        case InStock():
            return variant.stock is None or variant.stock > 0
    raise TypeError(f"not a variant-level predicate: {pred!r}")


@cache
def _title_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)", re.IGNORECASE)


def _same(actual: object, expected: object) -> bool:
    """Equality that never mistakes ``True`` for ``1``."""
    if isinstance(actual, bool) or isinstance(expected, bool):
        return actual is expected
    return actual == expected


def judge(specs: Sequence[QuerySpec], products: Sequence[Product]) -> Qrels:
    """Graded judgements for every spec, keyed by query id (q001, q002, ...)."""
    qrels: Qrels = {}
    for number, spec in enumerate(specs, start=1):
        grades = {p.product_id: grade(spec, p) for p in products}
        qrels[query_id(number)] = {pid: g for pid, g in grades.items() if g > 0}
    return qrels


def query_id(number: int) -> str:
    """The id of the ``number``-th query."""
    return f"q{number:03d}"


# ---------------------------------------------------------------------------------------------
# Invariants
# ---------------------------------------------------------------------------------------------


def check_specs(specs: Sequence[QuerySpec], products: Sequence[Product]) -> None:
    """Specs are well formed, name only vocabulary that exists, and no secondary is idle."""
    texts = [s.text.casefold() for s in specs]
    assert len(set(texts)) == len(texts), "duplicate query texts"
    vocabulary = _vocabulary(products)
    for spec in specs:
        assert spec.type in QUERY_TYPES, spec
        assert spec.core, f"{spec.text!r}: no core predicate"
        assert spec.max_misses >= 0, spec.text
        for pred in _walk((*spec.core, *spec.secondary)):
            _check_vocabulary(pred, vocabulary, spec.text)
        _check_secondaries_bite(spec, products)


def _walk(preds: Iterable[Predicate]) -> Iterable[Predicate]:
    for pred in preds:
        yield pred
        if isinstance(pred, AnyOf | AllOf):
            assert not any(isinstance(p, VARIANT_PREDICATES) for p in pred.preds), pred
            yield from _walk(pred.preds)
        elif isinstance(pred, Not):
            assert not isinstance(pred.pred, VARIANT_PREDICATES), pred
            yield from _walk((pred.pred,))


def _vocabulary(products: Sequence[Product]) -> dict[str, set[Any]]:
    variants = [v for p in products for v in p.variants]
    return {
        "category": {p.category for p in products},
        "brand": {p.brand for p in products},
        "tag": {t for p in products for t in p.tags},
        "attr": {k for p in products for k in p.attributes},
        "size": {v.size for v in variants},
        "color": {v.color for v in variants},
    }


def _check_vocabulary(pred: Predicate, vocabulary: dict[str, set[Any]], text: str) -> None:
    """A misspelled tag or colour in a spec would silently match nothing: refuse it."""
    named: list[tuple[str, Iterable[Any]]] = []
    match pred:
        case Category(names):
            named.append(("category", names))
        case Brand(names):
            named.append(("brand", names))
        case TagAny(tags):
            named.append(("tag", tags))
        case AttrIs(key) | AttrBetween(key) | HasAttr(key):
            named.append(("attr", [key]))
        case SizeIs(sizes):
            named.append(("size", sizes))
        case ColorIs(colors):
            named.append(("color", colors))
    for kind, values in named:
        unknown = [v for v in values if v not in vocabulary[kind]]
        assert not unknown, f"{text!r}: unknown {kind} {unknown}"


def _check_secondaries_bite(spec: QuerySpec, products: Sequence[Product]) -> None:
    """Each product-level secondary, and the variant-level ones together, must fail for some
    core match: a constraint every candidate meets would make grade 1 an empty promise."""
    core = [p for p in products if grade(QuerySpec(spec.type, spec.text, spec.core), p)]
    product_level, variant_level = _split(spec.secondary)
    groups = [(p,) for p in product_level] + ([tuple(variant_level)] if variant_level else [])
    for group in groups:
        only = QuerySpec(spec.type, spec.text, spec.core, group, max_misses=0)
        assert any(grade(only, p) == 0 for p in core), f"{spec.text!r}: {group!r} always holds"


def check_dataset(
    corpus: Sequence[dict[str, Any]], specs: Sequence[QuerySpec], qrels: Qrels
) -> None:
    """Unique ids, every judged id in the corpus, a grade-2 answer and a sane size per query."""
    corpus_ids = [doc["_id"] for doc in corpus]
    assert len(set(corpus_ids)) == len(corpus_ids), "duplicate corpus ids"
    assert len(qrels) == len(specs), "duplicate query ids"
    known = set(corpus_ids)
    for number, spec in enumerate(specs, start=1):
        judged = qrels[query_id(number)]
        assert set(judged) <= known, f"{spec.text!r}: judged ids missing from the corpus"
        assert 2 in judged.values(), f"{spec.text!r}: no grade-2 product"
        assert len(judged) <= MAX_RELEVANT, f"{spec.text!r}: {len(judged)} relevant products"


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------


def write_dataset(
    out: Path, corpus: Sequence[dict[str, Any]], specs: Sequence[QuerySpec], qrels: Qrels
) -> None:
    """``corpus.jsonl``, ``queries.jsonl`` and ``qrels/test.tsv`` under ``out``."""
    (out / "qrels").mkdir(parents=True, exist_ok=True)
    _write_jsonl(out / "corpus.jsonl", corpus)
    queries = [
        {"_id": query_id(n), "text": s.text, "metadata": {"type": s.type}}
        for n, s in enumerate(specs, start=1)
    ]
    _write_jsonl(out / "queries.jsonl", queries)
    lines = ["query-id\tcorpus-id\tscore"]
    for qid, judged in qrels.items():
        ranked = sorted(judged.items(), key=lambda item: (-item[1], item[0]))
        lines.extend(f"{qid}\t{pid}\t{score}" for pid, score in ranked)
    (out / "qrels" / "test.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    path.write_text(text, encoding="utf-8")


def summary(specs: Sequence[QuerySpec], qrels: Qrels) -> str:
    """Queries per type and relevant products per query, for stderr and the README."""
    per_type = Counter(s.type for s in specs)
    relevant = [len(j) for j in qrels.values()]
    exact = [sum(g == 2 for g in j.values()) for j in qrels.values()]
    lines = [f"{len(specs)} queries, {sum(relevant)} judgements"]
    lines += [f"  {t:<13} {per_type[t]:>3}" for t in QUERY_TYPES]
    lines.append(
        f"relevant per query: mean {statistics.mean(relevant):.1f}, "
        f"min {min(relevant)}, max {max(relevant)}"
    )
    lines.append(
        f"grade 2 per query:  mean {statistics.mean(exact):.1f}, min {min(exact)}, max {max(exact)}"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    """Build, check and write the dataset."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    parser.add_argument("--catalog", type=Path, default=CATALOG, help="catalog CSV")
    args = parser.parse_args(argv)
    products = load_products(args.catalog)
    check_specs(SPECS, products)
    corpus = [corpus_record(p) for p in products]
    qrels = judge(SPECS, products)
    check_dataset(corpus, SPECS, qrels)
    write_dataset(args.out, corpus, SPECS, qrels)
    print(summary(SPECS, qrels), file=sys.stderr)


if __name__ == "__main__":
    main()
