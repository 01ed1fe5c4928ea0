"""BEIR loader: a good folder loads; every problem names its file and line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from evals.datasets.beir import CorpusDoc, Query, load_beir
from evals.errors import DatasetError

pytestmark = pytest.mark.unit

CORPUS = [
    {"_id": "p1", "title": "Trail boot", "text": "Waterproof leather boot", "metadata": {"x": 1}},
    {"_id": "p2", "title": "Tent", "text": "Two-person tent"},
    {"_id": "p3", "text": "Earbuds"},
]
QUERIES = [
    {"_id": "q1", "text": "waterproof boots", "metadata": {"type": "keyword"}},
    {"_id": "q2", "text": "tent"},
    {"_id": "q3", "text": "only judged not relevant"},
    {"_id": "q4", "text": "only judged on a document not in the corpus"},
    {"_id": "q5", "text": "not judged at all"},
]
QRELS = (
    "query-id\tcorpus-id\tscore\n"
    "q1\tp1\t2\n"
    "q1\tp3\t0\n"
    "q1\tgone\t1\n"
    "q2\tp2\t1\n"
    "q3\tp1\t0\n"
    "q4\tgone\t2\n"
    "q9\tp1\t1\n"
)


def lines(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(row) + "\n" for row in rows)


def write_dataset(
    root: Path,
    *,
    corpus: str | None = None,
    queries: str | None = None,
    qrels: str | None = QRELS,
    split: str = "test",
) -> Path:
    folder = root / "mini"
    (folder / "qrels").mkdir(parents=True)
    (folder / "corpus.jsonl").write_text(lines(CORPUS) if corpus is None else corpus, "utf-8")
    (folder / "queries.jsonl").write_text(lines(QUERIES) if queries is None else queries, "utf-8")
    if qrels is not None:
        (folder / "qrels" / f"{split}.tsv").write_text(qrels, "utf-8")
    return folder


def test_good_dataset_loads(tmp_path: Path) -> None:
    data = load_beir(write_dataset(tmp_path))
    assert data.name == "mini"
    assert data.corpus == [
        CorpusDoc("p1", "Trail boot", "Waterproof leather boot", {"x": 1}),
        CorpusDoc("p2", "Tent", "Two-person tent", {}),
        CorpusDoc("p3", "", "Earbuds", {}),
    ]
    # q3 (only grade 0), q4 (only an unknown document) and q5 (no judgement) are dropped
    assert data.queries == [
        Query("q1", "waterproof boots", {"type": "keyword"}),
        Query("q2", "tent", {}),
    ]
    # judgements of documents not in the corpus are ignored; grade 0 is kept
    assert data.qrels == {"q1": {"p1": 2, "p3": 0}, "q2": {"p2": 1}}


def test_other_split_blank_lines_and_no_header(tmp_path: Path) -> None:
    folder = write_dataset(
        tmp_path,
        corpus="\n" + lines(CORPUS[:1]) + "   \n",
        qrels="q1\tp1\t1.0\n\nq2\tp1\t0\n",
        split="dev",
    )
    data = load_beir(folder, split="dev")
    assert [q.id for q in data.queries] == ["q1"]
    assert data.qrels == {"q1": {"p1": 1}}


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="is not a folder") as info:
        load_beir(tmp_path / "nowhere")
    assert info.value.hint and "corpus.jsonl" in info.value.hint


@pytest.mark.parametrize("name", ["corpus.jsonl", "queries.jsonl", "qrels/test.tsv"])
def test_missing_file(tmp_path: Path, name: str) -> None:
    folder = write_dataset(tmp_path)
    (folder / name).unlink()
    with pytest.raises(DatasetError, match="is missing") as info:
        load_beir(folder)
    assert str(folder / name) in info.value.message


# (file, its content, the line blamed, what the message says)
BAD_FILES = [
    ("corpus.jsonl", lines(CORPUS[:1]) + "{broken\n", 2, "not JSON"),
    ("corpus.jsonl", "\n" + lines(CORPUS[:1]) + "\n[1, 2]\n", 4, "expected a JSON object"),
    ("corpus.jsonl", lines([{"title": "no id", "text": "x"}]), 1, "missing '_id'"),
    ("corpus.jsonl", lines([*CORPUS[:2], {"_id": " ", "text": "x"}]), 3, "missing '_id'"),
    ("corpus.jsonl", lines([{"_id": "p1", "metadata": [1]}]), 1, "'metadata' must be an object"),
    ("queries.jsonl", lines([{"text": "no id"}]), 1, "missing '_id'"),
    ("queries.jsonl", lines([*QUERIES[:1], {"_id": "q2"}]), 2, "missing 'text'"),
    ("qrels/test.tsv", "query-id\tcorpus-id\tscore\nq1\tp1\t1\nq2\tp2\n", 3, "query-id<TAB>"),
    ("qrels/test.tsv", "q1\tp1\n", 1, "query-id<TAB>"),
    ("qrels/test.tsv", "q1 p1 1\n", 1, "query-id<TAB>"),
    ("qrels/test.tsv", "q1\tp1\thigh\n", 1, "query-id<TAB>"),
]


@pytest.mark.parametrize(("name", "content", "line", "reason"), BAD_FILES)
def test_bad_line_names_file_and_line(
    tmp_path: Path, name: str, content: str, line: int, reason: str
) -> None:
    folder = write_dataset(tmp_path)
    (folder / name).write_text(content, "utf-8")
    with pytest.raises(DatasetError) as info:
        load_beir(folder)
    assert info.value.message.startswith(f"{folder / name}:{line}: ")
    assert reason in info.value.message
    assert info.value.hint is not None


@pytest.mark.parametrize(
    ("corpus", "qrels"),
    [
        (None, "q1\tp1\t0\nq3\tgone\t1\n"),  # nothing relevant in the corpus
        (None, "query-id\tcorpus-id\tscore\n"),  # no judgements at all
        ("", QRELS),  # no documents
    ],
)
def test_nothing_to_evaluate(tmp_path: Path, corpus: str | None, qrels: str) -> None:
    with pytest.raises(DatasetError, match="nothing to evaluate"):
        load_beir(write_dataset(tmp_path, corpus=corpus, qrels=qrels))
