"""BEIR-style retrieval datasets: ``corpus.jsonl``, ``queries.jsonl``, ``qrels/<split>.tsv``.

``corpus.jsonl`` lines are ``{"_id", "title", "text", "metadata"?}``; ``queries.jsonl`` lines are
``{"_id", "text", "metadata"?}``; the qrels TSV has a header and ``query-id, corpus-id, score``
rows with graded scores. Only queries with at least one judged-relevant document are evaluated.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evals.datasets.jsonl import read_objects
from evals.errors import DatasetError

_HINT = "a BEIR folder holds corpus.jsonl, queries.jsonl and qrels/test.tsv (see README)"


@dataclass(frozen=True)
class CorpusDoc:
    """One document of a corpus."""

    id: str
    title: str
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Query:
    """One query, with optional metadata such as its type."""

    id: str
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class BeirDataset:
    """A loaded dataset: the corpus, the queries that have judgements, and the judgements."""

    name: str
    corpus: list[CorpusDoc]
    queries: list[Query]
    qrels: dict[str, dict[str, int]]


def load_beir(directory: Path, split: str = "test") -> BeirDataset:
    """Read a BEIR folder; raises ``DatasetError`` naming the file and line of any problem."""
    if not directory.is_dir():
        raise DatasetError(f"{directory} is not a folder", hint=_HINT)
    corpus = [
        CorpusDoc(
            id=_text(row, "_id", path, n),
            title=str(row.get("title") or ""),
            text=str(row.get("text") or ""),
            metadata=_metadata(row, path, n),
        )
        for path, n, row in _jsonl(directory / "corpus.jsonl")
    ]
    queries = {
        q.id: q
        for q in (
            Query(_text(row, "_id", path, n), _text(row, "text", path, n), _metadata(row, path, n))
            for path, n, row in _jsonl(directory / "queries.jsonl")
        )
    }
    qrels = _qrels(directory / "qrels" / f"{split}.tsv")
    known = {d.id for d in corpus}
    judged = {q: {d: g for d, g in docs.items() if d in known} for q, docs in qrels.items()}
    evaluable = [queries[q] for q in queries if any(g > 0 for g in judged.get(q, {}).values())]
    if not corpus or not evaluable:
        raise DatasetError(
            f"{directory} has {len(corpus)} documents and {len(evaluable)} queries "
            "with a relevant document in the corpus: nothing to evaluate",
            hint=_HINT,
        )
    return BeirDataset(directory.name, corpus, evaluable, {q.id: judged[q.id] for q in evaluable})


def _jsonl(path: Path) -> Iterator[tuple[Path, int, dict[str, Any]]]:
    for n, row in read_objects(path, _HINT):
        yield path, n, row


def _text(row: dict[str, Any], key: str, path: Path, n: int) -> str:
    value = row.get(key)
    if value is None or str(value).strip() == "":
        raise DatasetError(f"{path}:{n}: missing {key!r}", hint=_HINT)
    return str(value)


def _metadata(row: dict[str, Any], path: Path, n: int) -> dict[str, Any]:
    value = row.get("metadata") or {}
    if not isinstance(value, dict):
        raise DatasetError(f"{path}:{n}: 'metadata' must be an object", hint=_HINT)
    return value


def _qrels(path: Path) -> dict[str, dict[str, int]]:
    if not path.is_file():
        raise DatasetError(f"{path} is missing", hint=_HINT)
    qrels: dict[str, dict[str, int]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t")
        for n, row in enumerate(rows, start=1):
            if n == 1 and row and row[0].strip().lower() in {"query-id", "query_id", "qid"}:
                continue
            if not row or not "".join(row).strip():
                continue
            try:
                query_id, doc_id, score = row[0], row[1], int(float(row[2]))
            except (IndexError, ValueError):
                raise DatasetError(
                    f"{path}:{n}: expected query-id<TAB>corpus-id<TAB>score", hint=_HINT
                ) from None
            qrels.setdefault(query_id, {})[doc_id] = score
    return qrels
