"""A logistic-regression classifier over the bundled sentence embedding and word TF-IDF.

Two models, trained on first use from the files in ``data/``: one for shopper messages and one
for windows of documents (retrieved chunks, ingested product texts), because what is normal
differs: "write me a poem" is an off-topic message but, planted in a product description, an
instruction meant for the model. Training reads only the training split the converter
(``python -m evals.datasets.injection_sources``) wrote, plus the hand-written ``written.yaml``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np
import yaml

from guardrails.injection.errors import InjectionDataError
from retrieval.types import Embedder

Kind = Literal["message", "document"]
KINDS: tuple[Kind, ...] = ("message", "document")
DATA = Path(__file__).with_name("data")
HEAD_CHARS = 500
TAIL_CHARS = 300
_HINT = "regenerate it with `python -m evals.datasets.injection_sources`"


class PassageEmbedder(Protocol):
    """What training needs of an embedder (LangChain's ``CacheBackedEmbeddings`` too)."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...


@dataclass(frozen=True)
class TrainingSet:
    """Texts labelled attack (1) or benign (0) for one kind of input."""

    texts: tuple[str, ...]
    labels: tuple[int, ...]


def clip(text: str) -> str:
    """Long texts as their head and tail: bounded embedding cost, both ends still seen."""
    if len(text) <= HEAD_CHARS + TAIL_CHARS:
        return text
    return f"{text[:HEAD_CHARS]} … {text[-TAIL_CHARS:]}"


def load_training_sets(folder: Path = DATA) -> dict[Kind, TrainingSet]:
    """The message and document training sets from ``folder`` (generated and written files)."""
    written_path = folder / "written.yaml"
    if not written_path.is_file():
        raise InjectionDataError(f"{written_path} is missing", hint="restore it from git")
    written = yaml.safe_load(written_path.read_text(encoding="utf-8"))
    sets: dict[Kind, TrainingSet] = {}
    for kind in KINDS:
        pairs = _read_labelled(folder / f"train_{kind}s.jsonl")
        pairs += [(t, 1) for t in written.get(f"{kind}_attacks", [])]
        pairs += [(t, 0) for t in written.get(f"{kind}_benign", [])]
        sets[kind] = TrainingSet(tuple(t for t, _ in pairs), tuple(y for _, y in pairs))
    return sets


def _read_labelled(path: Path) -> list[tuple[str, int]]:
    if not path.is_file():
        raise InjectionDataError(f"{path} is missing", hint=_HINT)
    pairs = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        try:
            row = json.loads(line)
            pairs.append((str(row["text"]), 1 if row["label"] == "attack" else 0))
        except (json.JSONDecodeError, KeyError, TypeError):
            raise InjectionDataError(
                f"{path}:{n}: not a {{text, label}} object", hint=_HINT
            ) from None
    return pairs


class InjectionClassifier:
    """Probability that a text is an injection, per kind; each model trains on first use.

    ``training_embedder`` embeds the training sets (the same model, usually behind an on-disk
    cache, since every process trains again); ``embedder`` embeds the texts checked.
    """

    def __init__(
        self,
        embedder: Embedder,
        training: dict[Kind, TrainingSet] | None = None,
        *,
        regularisation: float = 4.0,
        training_embedder: PassageEmbedder | None = None,
    ) -> None:
        self._embedder = embedder
        self._training_embedder: PassageEmbedder = training_embedder or embedder
        self._training = training
        self._c = regularisation
        self._models: dict[Kind, tuple[Any, Any]] = {}
        self._lock = threading.Lock()

    def scores(self, texts: Sequence[str], kind: Kind) -> list[float]:
        """The attack probability of each of ``texts``, read as ``kind``."""
        if not texts:
            return []
        words, model = self._model(kind)
        clipped = [clip(t) for t in texts]
        if len(clipped) == 1:
            vectors = np.array([self._embedder.embed_query(clipped[0])])
        else:
            vectors = np.array(self._embedder.embed_documents(clipped))
        probabilities = model.predict_proba(_features(vectors, words.transform(clipped)))
        return [float(p) for p in probabilities[:, 1]]

    def warm_up(self) -> None:
        """Train both models now rather than on the first check."""
        for kind in KINDS:
            self._model(kind)

    def _model(self, kind: Kind) -> tuple[Any, Any]:
        with self._lock:
            if kind not in self._models:
                if self._training is None:
                    self._training = load_training_sets()
                self._models[kind] = self._train(self._training[kind])
            return self._models[kind]

    def _train(self, data: TrainingSet) -> tuple[Any, Any]:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        texts = [clip(t) for t in data.texts]
        words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1).fit(texts)
        vectors = np.array(self._training_embedder.embed_documents(texts))
        model = LogisticRegression(C=self._c, max_iter=3000, class_weight="balanced")
        model.fit(_features(vectors, words.transform(texts)), list(data.labels))
        return words, model


def _features(embeddings: Any, tfidf: Any) -> Any:
    """The sentence embedding joined with word TF-IDF, one sparse row per text."""
    from scipy import sparse

    return sparse.hstack([sparse.csr_matrix(embeddings), tfidf]).tocsr()
