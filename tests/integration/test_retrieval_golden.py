"""The product-search golden set: rebuilt byte for byte, well formed, and labelled as promised."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DEMO_STORE, REPO

pytestmark = [pytest.mark.integration]

SCRIPT = REPO / "data" / "eval" / "build_retrieval_golden.py"
GOLDEN = REPO / "data" / "eval" / "retrieval-demo"
FILES = ("corpus.jsonl", "queries.jsonl", "qrels/test.tsv")
TYPES = {"typo", "synonym", "constraint", "vague", "multi", "brand", "navigational"}


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _qrels(path: Path) -> dict[str, dict[str, int]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "query-id\tcorpus-id\tscore"
    judged: dict[str, dict[str, int]] = {}
    for line in lines[1:]:
        qid, pid, score = line.split("\t")
        assert pid not in judged.get(qid, {}), f"{qid} judges {pid} twice"
        judged.setdefault(qid, {})[pid] = int(score)
    return judged


@pytest.fixture(scope="module")
def golden() -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, dict[str, int]]]:
    """The committed corpus, queries and qrels."""
    return (
        _jsonl(GOLDEN / "corpus.jsonl"),
        _jsonl(GOLDEN / "queries.jsonl"),
        _qrels(GOLDEN / "qrels" / "test.tsv"),
    )


def test_build_reproduces_the_committed_files(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,  # the script must not depend on the working directory
    )
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (GOLDEN / name).read_bytes(), name
    assert "relevant per query" in done.stderr


def test_corpus_is_one_document_per_catalog_product(golden: Any) -> None:
    corpus, _, _ = golden
    with (DEMO_STORE / "catalog.csv").open(encoding="utf-8", newline="") as f:
        product_ids = {row["product_id"] for row in csv.DictReader(f)}
    ids = [doc["_id"] for doc in corpus]
    assert len(ids) == len(set(ids)) == len(product_ids)
    assert set(ids) == product_ids
    boot = next(doc for doc in corpus if doc["_id"] == "P10001")
    assert boot["title"] == "Trailblazer Mid Waterproof Hiking Boot"
    assert boot["text"].startswith("Brand: Cairnstone. Category: Hiking Boots.")
    assert not boot["text"].startswith(boot["title"])
    meta = boot["metadata"]
    assert meta["attributes"]["waterproof"] is True and "waterproof" in meta["tags"]
    assert meta["price"] == 109.99 and "10" in meta["sizes_in_stock"]
    assert not {"kind", "record_id", "chunk", "source", "url", "image_url", "skus"} & set(meta)


def test_every_query_is_typed_and_answerable(golden: Any) -> None:
    corpus, queries, qrels = golden
    corpus_ids = {doc["_id"] for doc in corpus}
    query_ids = [q["_id"] for q in queries]
    assert len(query_ids) == len(set(query_ids)) >= 160
    assert len({q["text"].casefold() for q in queries}) == len(queries)
    assert set(qrels) == set(query_ids)
    for query in queries:
        judged = qrels[query["_id"]]
        assert query["metadata"]["type"] in TYPES
        assert set(judged) <= corpus_ids
        assert set(judged.values()) <= {1, 2}
        assert 2 in judged.values(), query["text"]
        assert len(judged) <= 60, query["text"]
    per_type = Counter(q["metadata"]["type"] for q in queries)
    assert set(per_type) == TYPES
    assert max(per_type.values()) - min(per_type.values()) <= 4, per_type


def test_readme_states_the_query_counts(golden: Any) -> None:
    _, queries, _ = golden
    readme = (GOLDEN / "README.md").read_text(encoding="utf-8")
    stated = {
        m["type"]: int(m["count"])
        for m in re.finditer(r"^\| (?P<type>[a-z]+) \| (?P<count>\d+) \|", readme, re.MULTILINE)
    }
    assert stated == Counter(q["metadata"]["type"] for q in queries)
    assert f"| **all** | **{len(queries)}** |" in readme


def test_demo_store_anchors_are_graded_as_its_readme_says(golden: Any) -> None:
    _, queries, qrels = golden
    qid = next(
        q["_id"] for q in queries if q["text"] == "waterproof hiking boots under $120 in size 10"
    )
    judged = qrels[qid]
    exact = {pid for pid, score in judged.items() if score == 2}
    assert exact == {
        "P10001",
        "P10002",
        "P10003",
        "P10004",
    }  # Trailblazer, Ridgeline, Cascade, Switchfoot
    for near_miss in ("P10005", "P10006", "P10007"):  # size 10 sold out, $129.99, not waterproof
        assert judged[near_miss] == 1, near_miss
